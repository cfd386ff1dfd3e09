// Turns an app's Change into the OpenFlow message the core sends, stamping the app's
// cookie space on everything it writes. Throws SlrError for what an app may not do.
import {
  OFPFC_ADD,
  OFPFC_DELETE,
  OFPFC_DELETE_STRICT,
  OFPG_ANY,
  OFPGC_ADD,
  OFPGC_DELETE,
  OFPGC_MODIFY,
  OFPMC_ADD,
  OFPMC_DELETE,
  OFPMC_MODIFY,
  OFPP_ANY,
  OFPTT_ALL,
  OFP_NO_BUFFER,
} from '../southbound/codec/constants';
import type { FlowMod, OfMessage } from '../southbound/codec/types';
import type { Change, FlowFilter, FlowIdentity, FlowSpec } from './changes';
import { ALL_COOKIE_BITS, type CookieSpace, LOCAL_COOKIE_MAX } from './cookies';
import { SlrError } from './errors';
import type { MeterSpace } from './meter-space';

function stampOrThrow(space: CookieSpace, local: bigint | undefined): bigint {
  const cookie = space.stamp(local ?? 0n);
  if (cookie === undefined) {
    throw new SlrError('COOKIE_OUT_OF_RANGE', `app ${space.appId}: cookie ${String(local)} does not fit 48 bits`);
  }
  return cookie;
}

export function flowAddMessage(space: CookieSpace, flow: FlowSpec): FlowMod {
  return {
    type: 'FLOW_MOD',
    xid: 0,
    cookie: stampOrThrow(space, flow.cookie),
    cookieMask: 0n,
    tableId: flow.tableId ?? 0,
    command: OFPFC_ADD,
    idleTimeout: flow.idleTimeout ?? 0,
    hardTimeout: flow.hardTimeout ?? 0,
    priority: flow.priority,
    bufferId: OFP_NO_BUFFER,
    outPort: OFPP_ANY,
    outGroup: OFPG_ANY,
    flags: flow.flags ?? 0,
    match: flow.match,
    instructions: flow.instructions,
  };
}

/** DELETE_STRICT of one flow; the full cookie mask makes it touch only that exact cookie. */
export function flowDeleteStrictMessage(space: CookieSpace, flow: FlowIdentity): FlowMod {
  return strictDelete(stampOrThrow(space, flow.cookie), flow.tableId ?? 0, flow.priority, flow);
}

/** DELETE_STRICT by a cookie already on the wire (reconciliation of read-back flows). */
export function strictDelete(cookie: bigint, tableId: number, priority: number, flow: Pick<FlowIdentity, 'match'>): FlowMod {
  return {
    type: 'FLOW_MOD',
    xid: 0,
    cookie,
    cookieMask: ALL_COOKIE_BITS,
    tableId,
    command: OFPFC_DELETE_STRICT,
    idleTimeout: 0,
    hardTimeout: 0,
    priority,
    bufferId: OFP_NO_BUFFER,
    outPort: OFPP_ANY,
    outGroup: OFPG_ANY,
    flags: 0,
    match: flow.match,
    instructions: [],
  };
}

export function flowDeleteMessage(space: CookieSpace, filter: FlowFilter): FlowMod {
  const confined = space.confine(filter.cookie ?? 0n, filter.cookieMask ?? (filter.cookie === undefined ? 0n : LOCAL_COOKIE_MAX));
  if (!confined) {
    throw new SlrError('COOKIE_OUT_OF_RANGE', `app ${space.appId}: delete filter cookie/mask does not fit 48 bits`);
  }
  return {
    type: 'FLOW_MOD',
    xid: 0,
    cookie: confined.cookie,
    cookieMask: confined.cookieMask,
    tableId: filter.tableId ?? OFPTT_ALL,
    command: OFPFC_DELETE,
    idleTimeout: 0,
    hardTimeout: 0,
    priority: 0,
    bufferId: OFP_NO_BUFFER,
    outPort: filter.outPort ?? OFPP_ANY,
    outGroup: filter.outGroup ?? OFPG_ANY,
    flags: 0,
    match: filter.match ?? [],
    instructions: [],
  };
}

const GROUP_COMMANDS = { add: OFPGC_ADD, modify: OFPGC_MODIFY, delete: OFPGC_DELETE } as const;
const METER_COMMANDS = { add: OFPMC_ADD, modify: OFPMC_MODIFY, delete: OFPMC_DELETE } as const;

export function changeToMessage(space: CookieSpace, change: Change, meters?: MeterSpace): OfMessage {
  switch (change.kind) {
    case 'add-flow':
      return flowAddMessage(space, change.flow);
    case 'delete-flow':
      return flowDeleteStrictMessage(space, change.flow);
    case 'delete-flows':
      return flowDeleteMessage(space, change.filter);
    case 'packet-out':
      return {
        type: 'PACKET_OUT',
        xid: 0,
        bufferId: change.bufferId ?? OFP_NO_BUFFER,
        inPort: change.inPort,
        actions: change.actions,
        // With a switch buffer the data must be empty (spec 7.3.7).
        data: change.bufferId === undefined || change.bufferId === OFP_NO_BUFFER ? change.data : Buffer.alloc(0),
      };
    case 'group':
      return {
        type: 'GROUP_MOD',
        xid: 0,
        command: GROUP_COMMANDS[change.command],
        groupType: change.groupType,
        groupId: change.groupId,
        buckets: change.buckets,
      };
    case 'meter':
      // An app may touch only meters of its own id range (the core's packet-in meter is not an app's).
      if (meters && !meters.owns(change.meterId)) {
        throw new SlrError('METER_OUT_OF_RANGE', `app ${space.appId}: meter ${change.meterId} is outside its meter ids`);
      }
      return {
        type: 'METER_MOD',
        xid: 0,
        command: METER_COMMANDS[change.command],
        flags: change.flags,
        meterId: change.meterId,
        bands: change.bands,
      };
  }
}
