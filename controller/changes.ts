// What apps ask for. "Apps compute, the core sends": an app's handlers return a list of
// these; the core stamps cookies, encodes, batches (the channel coalesces per
// event-loop turn) and reconciles. Apps never see a socket or bytes on the wire.
import type { Action, Bucket, Instruction, Match, MeterBand } from '../southbound/codec/types';

/** A flow as an app wants it. `cookie` is app-local (48 bits); the core adds the app id. */
export interface FlowSpec {
  /** Default 0. */
  tableId?: number;
  priority: number;
  match: Match;
  instructions: Instruction[];
  /** App-local cookie, 0..2^48-1. Default 0. */
  cookie?: bigint;
  idleTimeout?: number;
  hardTimeout?: number;
  /** OFPFF_* flags (spec 7.3.4.1), e.g. OFPFF_SEND_FLOW_REM. */
  flags?: number;
}

/** Identifies one flow exactly (DELETE_STRICT, spec 7.3.4.1): table, priority, match, cookie. */
export interface FlowIdentity {
  tableId?: number;
  priority: number;
  match: Match;
  cookie?: bigint;
}

/** Non-strict delete of every flow of this app that the filter covers. */
export interface FlowFilter {
  /** Default: all tables. */
  tableId?: number;
  /** Default: empty (every flow). Non-strict: a flow matches if it is at least as specific. */
  match?: Match;
  /** Only flows that output to this port (default OFPP_ANY). */
  outPort?: number;
  /** Only flows that output to this group (default OFPG_ANY). */
  outGroup?: number;
  /** App-local cookie bits and mask to narrow further (default: the whole app). */
  cookie?: bigint;
  cookieMask?: bigint;
}

export type GroupCommand = 'add' | 'modify' | 'delete';
export type MeterCommand = 'add' | 'modify' | 'delete';

export type Change =
  | { kind: 'add-flow'; flow: FlowSpec }
  | { kind: 'delete-flow'; flow: FlowIdentity }
  | { kind: 'delete-flows'; filter: FlowFilter }
  | { kind: 'packet-out'; inPort: number; actions: Action[]; data: Buffer; bufferId?: number }
  | { kind: 'group'; command: GroupCommand; groupType: number; groupId: number; buckets: Bucket[] }
  | { kind: 'meter'; command: MeterCommand; flags: number; meterId: number; bands: MeterBand[] };

/** What a handler returns: changes it wants, or undefined for "not mine / nothing". */
export type Changes = Change[] | undefined;

// Small constructors so app code reads as intent.
export const addFlow = (flow: FlowSpec): Change => ({ kind: 'add-flow', flow });
export const deleteFlow = (flow: FlowIdentity): Change => ({ kind: 'delete-flow', flow });
export const deleteFlows = (filter: FlowFilter): Change => ({ kind: 'delete-flows', filter });
export const packetOut = (inPort: number, actions: Action[], data: Buffer, bufferId?: number): Change => ({
  kind: 'packet-out',
  inPort,
  actions,
  data,
  bufferId,
});
