// Actions (spec 7.2.5): ofp_action_* structures to Action objects and back. Every
// action is a TLV whose length is a multiple of 8 and at least 8; unknown types are
// kept whole as RAW, experimenter actions keep their body for a later refinement.

import type { Action } from './types';
import { decodeOxm, oxmLength, writeOxm } from './oxm';
import { failAction } from './fail';
import { OFPBAC_BAD_SET_ARGUMENT, OFPBAC_BAD_SET_LEN, OFPBMC_BAD_MASK, OFPBMC_BAD_VALUE } from './error-codes';
import { OfDecodeError, OfEncodeError } from './errors';
import { getU16, getU32, putU16, putU32 } from './bytes';
import { putFieldU16, putFieldU32, putFieldU8 } from './checked-put';

const AT_OUTPUT = 0, AT_COPY_TTL_OUT = 11, AT_COPY_TTL_IN = 12, AT_SET_MPLS_TTL = 15, AT_DEC_MPLS_TTL = 16,
  AT_PUSH_VLAN = 17, AT_POP_VLAN = 18, AT_PUSH_MPLS = 19, AT_POP_MPLS = 20, AT_SET_QUEUE = 21, AT_GROUP = 22,
  AT_SET_NW_TTL = 23, AT_DEC_NW_TTL = 24, AT_SET_FIELD = 25, AT_PUSH_PBB = 26, AT_POP_PBB = 27,
  AT_EXPERIMENTER = 0xffff;

/** Fixed wire size of each action type that has one. */
const FIXED_LEN: Readonly<Record<number, number>> = {
  [AT_OUTPUT]: 16, [AT_COPY_TTL_OUT]: 8, [AT_COPY_TTL_IN]: 8, [AT_SET_MPLS_TTL]: 8, [AT_DEC_MPLS_TTL]: 8,
  [AT_PUSH_VLAN]: 8, [AT_POP_VLAN]: 8, [AT_PUSH_MPLS]: 8, [AT_POP_MPLS]: 8, [AT_SET_QUEUE]: 8, [AT_GROUP]: 8,
  [AT_SET_NW_TTL]: 8, [AT_DEC_NW_TTL]: 8, [AT_PUSH_PBB]: 8, [AT_POP_PBB]: 8,
};

function decodeSetField(buf: Buffer, off: number, len: number): Action {
  const oxmEnd = off + len;
  if (len < 8) failAction('set_field shorter than its OXM header', off, OFPBAC_BAD_SET_LEN);
  const oxmSize = 4 + buf[off + 7];
  // The action is exactly its OXM padded to 8 bytes (spec 7.2.5, ofp_action_set_field).
  if (((4 + oxmSize + 7) & ~7) !== len) failAction(`set_field length ${len} does not fit its OXM`, off, OFPBAC_BAD_SET_LEN);
  try {
    return { type: 'SET_FIELD', field: decodeOxm(buf, off + 4, oxmEnd) };
  } catch (err) {
    // A malformed OXM inside set_field is reported as an action error (spec 7.4.4:
    // OFPBAC_BAD_SET_LEN for its length, OFPBAC_BAD_SET_ARGUMENT for a value the field
    // cannot hold).
    if (err instanceof OfDecodeError) {
      const code = err.ofErrorCode === OFPBMC_BAD_VALUE || err.ofErrorCode === OFPBMC_BAD_MASK ? OFPBAC_BAD_SET_ARGUMENT : OFPBAC_BAD_SET_LEN;
      failAction(`set_field: ${err.message}`, err.offset, code);
    }
    throw err;
  }
}

/** Decodes one action at `off` whose validated length is `len`. */
function decodeOne(buf: Buffer, off: number, type: number, len: number): Action {
  switch (type) {
    case AT_OUTPUT: return { type: 'OUTPUT', port: getU32(buf, off + 4), maxLen: getU16(buf, off + 8) };
    case AT_COPY_TTL_OUT: return { type: 'COPY_TTL_OUT' };
    case AT_COPY_TTL_IN: return { type: 'COPY_TTL_IN' };
    case AT_SET_MPLS_TTL: return { type: 'SET_MPLS_TTL', mplsTtl: buf[off + 4] };
    case AT_DEC_MPLS_TTL: return { type: 'DEC_MPLS_TTL' };
    case AT_PUSH_VLAN: return { type: 'PUSH_VLAN', ethertype: getU16(buf, off + 4) };
    case AT_POP_VLAN: return { type: 'POP_VLAN' };
    case AT_PUSH_MPLS: return { type: 'PUSH_MPLS', ethertype: getU16(buf, off + 4) };
    case AT_POP_MPLS: return { type: 'POP_MPLS', ethertype: getU16(buf, off + 4) };
    case AT_SET_QUEUE: return { type: 'SET_QUEUE', queueId: getU32(buf, off + 4) };
    case AT_GROUP: return { type: 'GROUP', groupId: getU32(buf, off + 4) };
    case AT_SET_NW_TTL: return { type: 'SET_NW_TTL', nwTtl: buf[off + 4] };
    case AT_DEC_NW_TTL: return { type: 'DEC_NW_TTL' };
    case AT_SET_FIELD: return decodeSetField(buf, off, len);
    case AT_PUSH_PBB: return { type: 'PUSH_PBB', ethertype: getU16(buf, off + 4) };
    case AT_POP_PBB: return { type: 'POP_PBB' };
    case AT_EXPERIMENTER:
      return { type: 'EXPERIMENTER', experimenter: getU32(buf, off + 4), data: buf.subarray(off + 8, off + len) };
    default: return { type: 'RAW', actionType: type, raw: buf.subarray(off, off + len) };
  }
}

/** Decodes the action list filling exactly buf[start, end). */
export function decodeActions(buf: Buffer, start: number, end: number): Action[] {
  const actions: Action[] = [];
  let p = start;
  while (p < end) {
    if (p + 4 > end) failAction('action header past the end of its list', p);
    const type = getU16(buf, p);
    const len = getU16(buf, p + 2);
    if (len < 8 || (len & 7) !== 0) failAction(`action length ${len} is not a positive multiple of 8`, p);
    if (p + len > end) failAction(`action length ${len} past the end of its list`, p);
    const fixed = FIXED_LEN[type];
    if (fixed !== undefined && len !== fixed) failAction(`action type ${type} has length ${len}, not ${fixed}`, p);
    actions.push(decodeOne(buf, p, type, len));
    p += len;
  }
  return actions;
}

// ---------------------------------------------------------------- encode

/** Wire size of one action. */
export function actionLength(action: Action): number {
  switch (action.type) {
    case 'OUTPUT': return 16;
    case 'SET_FIELD': return (4 + oxmLength(action.field) + 7) & ~7;
    case 'EXPERIMENTER': return (8 + action.data.length + 7) & ~7;
    case 'RAW': return action.raw.length;
    default: return 8;
  }
}

export function actionsLength(actions: readonly Action[]): number {
  let n = 0;
  for (let i = 0; i < actions.length; i++) n += actionLength(actions[i]);
  return n;
}

function writeHeader(buf: Buffer, off: number, type: number, len: number): void {
  putU32(buf, off, ((type << 16) | len) >>> 0);
}

/** Writes an 8-byte action without argument ("type, len=8, 4 bytes pad"). */
function writeBare(buf: Buffer, off: number, type: number): number {
  writeHeader(buf, off, type, 8);
  putU32(buf, off + 4, 0);
  return off + 8;
}

/** Writes "type, len=8, 16-bit argument, 2 bytes pad". */
function writeShort(buf: Buffer, off: number, type: number, arg16: number, field: string): number {
  writeHeader(buf, off, type, 8);
  putFieldU16(buf, off + 4, arg16, field);
  putU16(buf, off + 6, 0);
  return off + 8;
}

function writeByteArg(buf: Buffer, off: number, type: number, arg8: number, field: string): number {
  writeHeader(buf, off, type, 8);
  putU32(buf, off + 4, 0);
  putFieldU8(buf, off + 4, arg8, field);
  return off + 8;
}

function writeWordArg(buf: Buffer, off: number, type: number, arg32: number, field: string): number {
  writeHeader(buf, off, type, 8);
  putFieldU32(buf, off + 4, arg32, field);
  return off + 8;
}

function zeroTo(buf: Buffer, p: number, end: number): number {
  while (p < end) buf[p++] = 0;
  return end;
}

/** Writes one action at `off`; returns the offset after it. Argument values are checked
 * against their field (OfEncodeError naming e.g. "action OUTPUT.port"). */
export function writeAction(action: Action, buf: Buffer, off: number): number {
  switch (action.type) {
    case 'OUTPUT':
      writeHeader(buf, off, AT_OUTPUT, 16);
      putFieldU32(buf, off + 4, action.port, 'action OUTPUT.port');
      putFieldU16(buf, off + 8, action.maxLen, 'action OUTPUT.maxLen');
      putU16(buf, off + 10, 0);
      putU32(buf, off + 12, 0);
      return off + 16;
    case 'COPY_TTL_OUT': return writeBare(buf, off, AT_COPY_TTL_OUT);
    case 'COPY_TTL_IN': return writeBare(buf, off, AT_COPY_TTL_IN);
    case 'SET_MPLS_TTL': return writeByteArg(buf, off, AT_SET_MPLS_TTL, action.mplsTtl, 'action SET_MPLS_TTL.mplsTtl');
    case 'DEC_MPLS_TTL': return writeBare(buf, off, AT_DEC_MPLS_TTL);
    case 'PUSH_VLAN': return writeShort(buf, off, AT_PUSH_VLAN, action.ethertype, 'action PUSH_VLAN.ethertype');
    case 'POP_VLAN': return writeBare(buf, off, AT_POP_VLAN);
    case 'PUSH_MPLS': return writeShort(buf, off, AT_PUSH_MPLS, action.ethertype, 'action PUSH_MPLS.ethertype');
    case 'POP_MPLS': return writeShort(buf, off, AT_POP_MPLS, action.ethertype, 'action POP_MPLS.ethertype');
    case 'SET_QUEUE': return writeWordArg(buf, off, AT_SET_QUEUE, action.queueId, 'action SET_QUEUE.queueId');
    case 'GROUP': return writeWordArg(buf, off, AT_GROUP, action.groupId, 'action GROUP.groupId');
    case 'SET_NW_TTL': return writeByteArg(buf, off, AT_SET_NW_TTL, action.nwTtl, 'action SET_NW_TTL.nwTtl');
    case 'DEC_NW_TTL': return writeBare(buf, off, AT_DEC_NW_TTL);
    case 'SET_FIELD': {
      const len = actionLength(action);
      writeHeader(buf, off, AT_SET_FIELD, len);
      return zeroTo(buf, writeOxm(action.field, buf, off + 4), off + len);
    }
    case 'PUSH_PBB': return writeShort(buf, off, AT_PUSH_PBB, action.ethertype, 'action PUSH_PBB.ethertype');
    case 'POP_PBB': return writeBare(buf, off, AT_POP_PBB);
    case 'EXPERIMENTER': {
      const len = actionLength(action);
      writeHeader(buf, off, AT_EXPERIMENTER, len);
      putFieldU32(buf, off + 4, action.experimenter, 'action EXPERIMENTER.experimenter');
      return zeroTo(buf, off + 8 + action.data.copy(buf, off + 8), off + len);
    }
    case 'RAW': return off + action.raw.copy(buf, off);
  }
  // Only reachable from untyped callers; returning undefined would corrupt every offset.
  throw new OfEncodeError(`unknown action type ${String((action as { type: unknown }).type)}`);
}

/** Writes an action list; returns the offset after it. */
export function writeActions(actions: readonly Action[], buf: Buffer, off: number): number {
  let p = off;
  for (let i = 0; i < actions.length; i++) p = writeAction(actions[i], buf, p);
  return p;
}
