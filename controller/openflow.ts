// The OpenFlow vocabulary apps speak, re-exported from the codec and the packet library
// so that apps depend on the core's public API alone (controller/index.ts). Only
// values and shapes: apps build FlowSpecs and Changes from these and never encode bytes.
export type {
  Action,
  Bucket,
  FlowStats,
  Instruction,
  Match,
  MeterBand,
  OxmBasicField,
  OxmField,
  OxmRawField,
  OxmValue,
} from '../southbound/codec/types';
export {
  OFP_NO_BUFFER,
  OFPCML_NO_BUFFER,
  OFPFF_SEND_FLOW_REM,
  OFPG_ANY,
  OFPP_ANY,
  OFPP_CONTROLLER,
  OFPP_FLOOD,
  OFPP_IN_PORT,
  OFPRR_DELETE,
  OFPRR_HARD_TIMEOUT,
  OFPRR_IDLE_TIMEOUT,
  OFPTT_ALL,
} from '../southbound/codec/constants';
export { buildArpReply, FlowKey, parseFlowKey } from '../southbound/packet';
