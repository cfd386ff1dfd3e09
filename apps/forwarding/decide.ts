// The app's decisions as pure functions of its per-switch state, the event and the
// time: no I/O, so every rule is testable with a hand-moved clock.
import { addFlow, type Change, deleteFlows, type Match, OFP_NO_BUFFER, packetOut } from '../../controller';
import type { ForwardingConfig } from './config';
import { FLOOD_ACTIONS, LEARNED_COOKIE, learnedFlowSpec, outputTo } from './flows';
import { LearnedFlows } from './learned-flows';
import { isGroupMacAt, macAt, macTextAt, macTextToNumber } from './mac';
import { MacTable } from './mac-table';

const ETH_HEADER_LEN = 14;
const LOCAL_COOKIE_ALL = (1n << 48n) - 1n;

export interface SwitchState {
  readonly macs: MacTable;
  readonly flows: LearnedFlows;
}

export function newSwitchState(cfg: ForwardingConfig): SwitchState {
  return { macs: new MacTable(cfg.maxMacsPerDatapath, cfg.macAgeSeconds * 1000), flows: new LearnedFlows(cfg.maxFlowsPerDatapath) };
}

/** Deletes our learned flows that match `match` (non-strict), in the app's cookie space. */
function deleteLearned(match: Match, outPort?: number): Change {
  return deleteFlows({ match, outPort, cookie: LEARNED_COOKIE, cookieMask: LOCAL_COOKIE_ALL });
}

/**
 * One PACKET_IN: learn the source, then forward. Known unicast destination on another
 * port -> exact-match flow + PACKET_OUT to that port; unknown or group destination ->
 * PACKET_OUT flood; destination on the arrival port -> drop (nothing to do).
 */
export function decidePacketIn(
  state: SwitchState,
  cfg: ForwardingConfig,
  inPort: number,
  frame: Buffer,
  now: number,
  bufferId: number = OFP_NO_BUFFER,
): Change[] {
  // A switch-buffered packet is released by reference; ours come whole (NO_BUFFER).
  const buffer = bufferId === OFP_NO_BUFFER ? undefined : bufferId;
  if (frame.length < ETH_HEADER_LEN) return [];
  const changes: Change[] = [];
  if (!isGroupMacAt(frame, 6)) {
    const src = macAt(frame, 6);
    if (state.macs.learn(src, inPort, now) === 'moved') {
      // Flows towards this MAC still point at its old port.
      state.flows.removeByDestination(src);
      changes.push(deleteLearned([{ field: 'eth_dst', value: macTextAt(frame, 6) }]));
    }
  }
  const dst = macAt(frame, 0);
  const outPort = isGroupMacAt(frame, 0) ? undefined : state.macs.lookup(dst, now);
  if (outPort === undefined) {
    changes.push(packetOut(inPort, FLOOD_ACTIONS, frame, buffer));
    return changes;
  }
  if (outPort === inPort) return changes;
  state.flows.add(inPort, macAt(frame, 6), dst, outPort);
  const flow = { inPort, ethSrc: macTextAt(frame, 6), ethDst: macTextAt(frame, 0), outPort };
  changes.push(addFlow(learnedFlowSpec(cfg, flow)), packetOut(inPort, outputTo(outPort), frame, buffer));
  return changes;
}

/** Port down or deleted: forget its MACs and remove flows in or out of it. */
export function decidePortGone(state: SwitchState, port: number): Change[] {
  state.macs.forgetPort(port);
  state.flows.removeByPort(port);
  return [deleteLearned([], port), deleteLearned([{ field: 'in_port', value: port }])];
}

/** A learned flow expired or was deleted on the switch: stop wanting it. */
export function decideFlowRemoved(state: SwitchState, match: Match): void {
  let inPort: number | undefined;
  let ethSrc: number | undefined;
  let ethDst: number | undefined;
  for (const f of match) {
    if (f.field === 'in_port') inPort = Number(f.value);
    else if (f.field === 'eth_src') ethSrc = macTextToNumber(String(f.value));
    else if (f.field === 'eth_dst') ethDst = macTextToNumber(String(f.value));
  }
  if (inPort !== undefined && ethSrc !== undefined && ethDst !== undefined) state.flows.remove(inPort, ethSrc, ethDst);
}
