// Bundles in OpenFlow 1.3: ONF extension EXT-230 carries OpenFlow 1.4's bundle messages
// (1.4 spec 7.3.9) inside EXPERIMENTER messages (1.3.5 spec 7.5.4) of the ONF
// experimenter id. Open vSwitch takes them over OpenFlow 1.3 (`ovs-ofctl --bundle`) and
// commits a bundle's flow mods as one change of its classifier, much cheaper than one
// change per FLOW_MOD when tables are large.
//
//   ONFT_BUNDLE_CONTROL (2300):     bundle_id u32, type u16, flags u16, properties
//   ONFT_BUNDLE_ADD_MESSAGE (2301): bundle_id u32, pad u16, flags u16, the whole inner
//                                   message (header included), then, only when
//                                   properties follow, zero padding to 8 bytes
// The inner message of an ADD carries the ADD's own xid (1.4 spec 7.3.9.6; a mismatch
// is OFPBFC_MSG_BAD_XID). These helpers turn typed bundle messages into the generic
// EXPERIMENTER message and back; decodeMessage/encodeMessage stay unaware of them.
import { getU16, getU32 } from './bytes';
import { putFieldU16, putFieldU32 } from './checked-put';
import { decodeMessage } from './decode';
import { encodedLength, encodeMessageInto } from './encode';
import { OfEncodeError } from './errors';
import { failLength, failTruncated } from './fail';
import type { Experimenter, OfMessage } from './types';

export const ONF_EXPERIMENTER_ID = 0x4f4e4600;
export const ONFT_BUNDLE_CONTROL = 2300;
export const ONFT_BUNDLE_ADD_MESSAGE = 2301;

/** ofp_bundle_ctrl_type (1.4 spec 7.3.9.1). */
export const OFPBCT_OPEN_REQUEST = 0;
export const OFPBCT_OPEN_REPLY = 1;
export const OFPBCT_CLOSE_REQUEST = 2;
export const OFPBCT_CLOSE_REPLY = 3;
export const OFPBCT_COMMIT_REQUEST = 4;
export const OFPBCT_COMMIT_REPLY = 5;
export const OFPBCT_DISCARD_REQUEST = 6;
export const OFPBCT_DISCARD_REPLY = 7;

/** ofp_bundle_flags. */
export const OFPBF_ATOMIC = 1 << 0;
export const OFPBF_ORDERED = 1 << 1;

export interface BundleControl {
  xid: number;
  bundleId: number;
  ctrlType: number;
  flags: number;
  /** Bundle properties as raw TLVs (none in practice). */
  properties: Buffer;
}

export interface BundleAdd {
  xid: number;
  bundleId: number;
  flags: number;
  /** The message added; its own xid is ignored (the ADD's is written). */
  message: OfMessage;
  properties: Buffer;
}

const BODY = 8;
const EXP_HEADER = 16;

export function bundleControlMessage(c: BundleControl): Experimenter {
  const data = Buffer.alloc(BODY + c.properties.length);
  putFieldU32(data, 0, c.bundleId, 'BUNDLE_CONTROL.bundleId');
  putFieldU16(data, 4, c.ctrlType, 'BUNDLE_CONTROL.ctrlType');
  putFieldU16(data, 6, c.flags, 'BUNDLE_CONTROL.flags');
  c.properties.copy(data, BODY);
  return { type: 'EXPERIMENTER', xid: c.xid, experimenter: ONF_EXPERIMENTER_ID, expType: ONFT_BUNDLE_CONTROL, data };
}

/** Size of the whole ADD message on the wire. */
export function bundleAddLength(a: BundleAdd): number {
  const inner = encodedLength(a.message);
  const pad = a.properties.length > 0 ? ((inner + 7) & ~7) - inner : 0;
  return EXP_HEADER + BODY + inner + pad + a.properties.length;
}

/**
 * Writes the ADD message (header included) at `offset` without building the
 * intermediate EXPERIMENTER object: the batched sender's path. Returns bytes written.
 */
export function encodeBundleAddInto(a: BundleAdd, buf: Buffer, offset: number): number {
  const total = bundleAddLength(a);
  if (total > 0xffff) throw new OfEncodeError(`BUNDLE_ADD would be ${total} bytes, above the 65535 limit`);
  if (offset < 0 || offset + total > buf.length) throw new OfEncodeError(`${total}-byte BUNDLE_ADD does not fit at offset ${offset}`);
  putFieldU32(buf, offset + 4, a.xid, 'BUNDLE_ADD.xid');
  buf[offset] = 4;
  buf[offset + 1] = 4; // OFPT_EXPERIMENTER
  buf.writeUInt16BE(total, offset + 2);
  buf.writeUInt32BE(ONF_EXPERIMENTER_ID, offset + 8);
  buf.writeUInt32BE(ONFT_BUNDLE_ADD_MESSAGE, offset + 12);
  const body = offset + EXP_HEADER;
  putFieldU32(buf, body, a.bundleId, 'BUNDLE_ADD.bundleId');
  buf.writeUInt16BE(0, body + 4);
  putFieldU16(buf, body + 6, a.flags, 'BUNDLE_ADD.flags');
  const innerAt = body + BODY;
  const inner = encodeMessageInto(a.message, buf, innerAt);
  buf.writeUInt32BE(a.xid, innerAt + 4);
  let at = innerAt + inner;
  if (a.properties.length > 0) {
    const padded = innerAt + ((inner + 7) & ~7);
    buf.fill(0, at, padded);
    at = padded + a.properties.copy(buf, padded);
  }
  return at - offset;
}

export function bundleAddMessage(a: BundleAdd): Experimenter {
  const whole = Buffer.allocUnsafe(bundleAddLength(a));
  encodeBundleAddInto(a, whole, 0);
  return { type: 'EXPERIMENTER', xid: a.xid, experimenter: ONF_EXPERIMENTER_ID, expType: ONFT_BUNDLE_ADD_MESSAGE, data: whole.subarray(EXP_HEADER) };
}

const isOnf = (m: Experimenter, expType: number): boolean => m.experimenter === ONF_EXPERIMENTER_ID && m.expType === expType;

/** The bundle control carried by an EXPERIMENTER message, or undefined when it is another one. Throws OfDecodeError when malformed. */
export function readBundleControl(m: Experimenter): BundleControl | undefined {
  if (!isOnf(m, ONFT_BUNDLE_CONTROL)) return undefined;
  if (m.data.length < BODY) failTruncated('ONFT_BUNDLE_CONTROL body', EXP_HEADER);
  if ((m.data.length - BODY) % 8 !== 0) failLength('ONFT_BUNDLE_CONTROL properties not a multiple of 8 bytes', EXP_HEADER + BODY);
  return { xid: m.xid, bundleId: getU32(m.data, 0), ctrlType: getU16(m.data, 4), flags: getU16(m.data, 6), properties: m.data.subarray(BODY) };
}

/** The bundle add carried by an EXPERIMENTER message (inner message decoded), or undefined. Throws OfDecodeError when malformed. */
export function readBundleAdd(m: Experimenter): BundleAdd | undefined {
  if (!isOnf(m, ONFT_BUNDLE_ADD_MESSAGE)) return undefined;
  if (m.data.length < BODY + 8) failTruncated('ONFT_BUNDLE_ADD_MESSAGE body', EXP_HEADER);
  const innerLen = getU16(m.data, BODY + 2);
  if (innerLen < 8 || BODY + innerLen > m.data.length) failLength('ONFT_BUNDLE_ADD_MESSAGE inner message length', EXP_HEADER + BODY + 2);
  const after = BODY + ((innerLen + 7) & ~7);
  const properties = BODY + innerLen === m.data.length ? Buffer.alloc(0) : m.data.subarray(after);
  if (BODY + innerLen !== m.data.length && (after > m.data.length || properties.length % 8 !== 0)) {
    failLength('ONFT_BUNDLE_ADD_MESSAGE properties', EXP_HEADER + after);
  }
  const message = decodeMessage(m.data.subarray(BODY, BODY + innerLen));
  return { xid: m.xid, bundleId: getU32(m.data, 0), flags: getU16(m.data, 6), message, properties };
}
