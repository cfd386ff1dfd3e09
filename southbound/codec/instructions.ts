// Instructions (spec 7.2.4): ofp_instruction_* structures to Instruction objects and
// back. Lengths are multiples of 8; unknown types stay RAW, experimenter bodies stay raw.

import type { Instruction } from './types';
import { actionsLength, decodeActions, writeActions } from './actions';
import { failInstruction } from './fail';
import { OfEncodeError } from './errors';
import { getU16, getU32, getU64, putU32 } from './bytes';
import { putFieldU32, putFieldU64, putFieldU8 } from './checked-put';

const IT_GOTO_TABLE = 1, IT_WRITE_METADATA = 2, IT_WRITE_ACTIONS = 3, IT_APPLY_ACTIONS = 4,
  IT_CLEAR_ACTIONS = 5, IT_METER = 6, IT_EXPERIMENTER = 0xffff;

function checkFixed(type: number, len: number, off: number): void {
  const fixed = type === IT_WRITE_METADATA ? 24 : 8;
  if (len !== fixed) failInstruction(`instruction type ${type} has length ${len}, not ${fixed}`, off);
}

function decodeOne(buf: Buffer, off: number, type: number, len: number): Instruction {
  switch (type) {
    case IT_GOTO_TABLE:
      checkFixed(type, len, off);
      return { type: 'GOTO_TABLE', tableId: buf[off + 4] };
    case IT_WRITE_METADATA:
      checkFixed(type, len, off);
      return { type: 'WRITE_METADATA', metadata: getU64(buf, off + 8), metadataMask: getU64(buf, off + 16) };
    case IT_WRITE_ACTIONS: return { type: 'WRITE_ACTIONS', actions: decodeActions(buf, off + 8, off + len) };
    case IT_APPLY_ACTIONS: return { type: 'APPLY_ACTIONS', actions: decodeActions(buf, off + 8, off + len) };
    case IT_CLEAR_ACTIONS:
      checkFixed(type, len, off);
      return { type: 'CLEAR_ACTIONS' };
    case IT_METER:
      checkFixed(type, len, off);
      return { type: 'METER', meterId: getU32(buf, off + 4) };
    case IT_EXPERIMENTER:
      return { type: 'EXPERIMENTER', experimenter: getU32(buf, off + 4), data: buf.subarray(off + 8, off + len) };
    default:
      return { type: 'RAW', instructionType: type, raw: buf.subarray(off, off + len) };
  }
}

/** Decodes the instruction list filling exactly buf[start, end). */
export function decodeInstructions(buf: Buffer, start: number, end: number): Instruction[] {
  const list: Instruction[] = [];
  let p = start;
  while (p < end) {
    if (p + 4 > end) failInstruction('instruction header past the end of its list', p);
    const type = getU16(buf, p);
    const len = getU16(buf, p + 2);
    if (len < 8 || (len & 7) !== 0) failInstruction(`instruction length ${len} is not a positive multiple of 8`, p);
    if (p + len > end) failInstruction(`instruction length ${len} past the end of its list`, p);
    list.push(decodeOne(buf, p, type, len));
    p += len;
  }
  return list;
}

// ---------------------------------------------------------------- encode

export function instructionLength(ins: Instruction): number {
  switch (ins.type) {
    case 'WRITE_METADATA': return 24;
    case 'WRITE_ACTIONS':
    case 'APPLY_ACTIONS': return 8 + actionsLength(ins.actions);
    case 'EXPERIMENTER': return (8 + ins.data.length + 7) & ~7;
    case 'RAW': return ins.raw.length;
    default: return 8;
  }
}

export function instructionsLength(list: readonly Instruction[]): number {
  let n = 0;
  for (let i = 0; i < list.length; i++) n += instructionLength(list[i]);
  return n;
}

function writeHeader(buf: Buffer, off: number, type: number, len: number): void {
  putU32(buf, off, ((type << 16) | len) >>> 0);
}

/** Writes one instruction at `off`; returns the offset after it. Argument values are
 * checked against their field (OfEncodeError naming e.g. "instruction METER.meterId"). */
export function writeInstruction(ins: Instruction, buf: Buffer, off: number): number {
  switch (ins.type) {
    case 'GOTO_TABLE':
      writeHeader(buf, off, IT_GOTO_TABLE, 8);
      putU32(buf, off + 4, 0);
      putFieldU8(buf, off + 4, ins.tableId, 'instruction GOTO_TABLE.tableId');
      return off + 8;
    case 'WRITE_METADATA':
      writeHeader(buf, off, IT_WRITE_METADATA, 24);
      putU32(buf, off + 4, 0);
      putFieldU64(buf, off + 8, ins.metadata, 'instruction WRITE_METADATA.metadata');
      putFieldU64(buf, off + 16, ins.metadataMask, 'instruction WRITE_METADATA.metadataMask');
      return off + 24;
    case 'WRITE_ACTIONS':
    case 'APPLY_ACTIONS': {
      const end = writeActions(ins.actions, buf, off + 8);
      writeHeader(buf, off, ins.type === 'WRITE_ACTIONS' ? IT_WRITE_ACTIONS : IT_APPLY_ACTIONS, end - off);
      putU32(buf, off + 4, 0);
      return end;
    }
    case 'CLEAR_ACTIONS':
      writeHeader(buf, off, IT_CLEAR_ACTIONS, 8);
      putU32(buf, off + 4, 0);
      return off + 8;
    case 'METER':
      writeHeader(buf, off, IT_METER, 8);
      putFieldU32(buf, off + 4, ins.meterId, 'instruction METER.meterId');
      return off + 8;
    case 'EXPERIMENTER': {
      const len = instructionLength(ins);
      writeHeader(buf, off, IT_EXPERIMENTER, len);
      putFieldU32(buf, off + 4, ins.experimenter, 'instruction EXPERIMENTER.experimenter');
      let p = off + 8 + ins.data.copy(buf, off + 8);
      while (p < off + len) buf[p++] = 0;
      return off + len;
    }
    case 'RAW': return off + ins.raw.copy(buf, off);
  }
  // Only reachable from untyped callers; returning undefined would corrupt every offset.
  throw new OfEncodeError(`unknown instruction type ${String((ins as { type: unknown }).type)}`);
}

export function writeInstructions(list: readonly Instruction[], buf: Buffer, off: number): number {
  let p = off;
  for (let i = 0; i < list.length; i++) p = writeInstruction(list[i], buf, p);
  return p;
}
