// OXM TLVs and ofp_match (spec 7.2.3): decode into OxmField objects, encode back.
// Basic-class fields with a known number are typed; anything else stays raw bytes.

import type { Match, OxmField, OxmValue } from './types';
import { OXM_FIELD_BY_NAME, OXM_FIELD_BY_NUM, type OxmFieldDef } from './oxm-fields';
import { formatIpv4, formatIpv6, formatMac, writeIpv4, writeIpv6, writeMac } from './address';
import { failMatch } from './fail';
import { OfEncodeError } from './errors';
import { OFPBMC_BAD_MASK, OFPBMC_BAD_TYPE, OFPBMC_BAD_VALUE } from './error-codes';
import { getU16, getU32, getU64, putU16, putU24, putU32, putU8 } from './bytes';
import { checkUintBits, putFieldU64 } from './checked-put';

const OFPXMC_OPENFLOW_BASIC = 0x8000;
const OFPMT_OXM = 1;
const OXM_HEADER_LEN = 4;
const MATCH_HEADER_LEN = 4;

function readValue(d: OxmFieldDef, buf: Buffer, off: number): OxmValue {
  switch (d.kind) {
    case 'uint':
      switch (d.size) {
        case 1: return buf[off];
        case 2: return getU16(buf, off);
        case 3: return (buf[off] << 16) | (buf[off + 1] << 8) | buf[off + 2];
        default: return getU32(buf, off);
      }
    case 'u64': return getU64(buf, off);
    case 'mac': return formatMac(buf, off);
    case 'ipv4': return formatIpv4(buf, off);
    case 'ipv6': return formatIpv6(buf, off);
  }
}

/** Decodes the OXM TLV at `off`; it must end by `end`. Its wire size is 4 + buf[off + 3]. */
export function decodeOxm(buf: Buffer, off: number, end: number): OxmField {
  if (off + OXM_HEADER_LEN > end) failMatch('OXM header past the end of its match', off);
  const header = getU32(buf, off);
  const length = header & 0xff;
  if (off + OXM_HEADER_LEN + length > end) failMatch('OXM length past the end of its match', off);
  const oxmClass = header >>> 16;
  const oxmField = (header >>> 9) & 0x7f;
  const hasMask = (header & 0x100) !== 0;
  const d = oxmClass === OFPXMC_OPENFLOW_BASIC ? OXM_FIELD_BY_NUM[oxmField] : undefined;
  if (d === undefined) {
    return { field: 'raw', oxmClass, oxmField, hasMask, raw: buf.subarray(off, off + OXM_HEADER_LEN + length) };
  }
  if (length !== (hasMask ? d.size * 2 : d.size)) failMatch(`OXM ${d.name} has length ${length}`, off);
  const value = readValue(d, buf, off + OXM_HEADER_LEN);
  // Spec 7.2.3.7 (table 12) gives many fields fewer bits than their bytes (vlan_vid 13
  // in 2, mpls_label 20 in 4, ip_dscp 6 in 1). A value or mask with a bit set above the
  // field's width is not a value of that field; spec 7.4.4 names the answer
  // (OFPBMC_BAD_VALUE, OFPBMC_BAD_MASK). Refusing it here also keeps the codec's
  // promise that every decoded message encodes back to the same bytes.
  if (d.kind === 'uint' && d.bits < 32 && (value as number) > d.max) {
    failMatch(`OXM ${d.name} value ${String(value)} does not fit in ${d.bits} bits`, off + OXM_HEADER_LEN, OFPBMC_BAD_VALUE);
  }
  if (!hasMask) return { field: d.name, value };
  const mask = readValue(d, buf, off + OXM_HEADER_LEN + d.size);
  if (d.kind === 'uint' && d.bits < 32 && (mask as number) > d.max) {
    failMatch(`OXM ${d.name} mask ${String(mask)} does not fit in ${d.bits} bits`, off + OXM_HEADER_LEN + d.size, OFPBMC_BAD_MASK);
  }
  return { field: d.name, value, mask };
}

/** Validates the ofp_match header at `off` against `end` and returns the match's size on
 * the wire including its padding to 8 bytes. */
export function readMatchSpan(buf: Buffer, off: number, end: number): number {
  if (off + MATCH_HEADER_LEN > end) failMatch('match header past the end of its parent', off);
  if (getU16(buf, off) !== OFPMT_OXM) failMatch('match type is not OFPMT_OXM', off, OFPBMC_BAD_TYPE);
  const length = getU16(buf, off + 2);
  if (length < MATCH_HEADER_LEN) failMatch(`match length ${length} below 4`, off);
  const span = (length + 7) & ~7;
  if (off + span > end) failMatch(`match length ${length} past the end of its parent`, off);
  return span;
}

/** Decodes the OXM list of a match already checked by readMatchSpan. */
export function decodeMatch(buf: Buffer, off: number): Match {
  const end = off + getU16(buf, off + 2);
  const match: Match = [];
  let p = off + MATCH_HEADER_LEN;
  while (p < end) {
    match.push(decodeOxm(buf, p, end));
    p += OXM_HEADER_LEN + buf[p + 3];
  }
  return match;
}

// ---------------------------------------------------------------- encode

function fieldDef(field: OxmField & { field: Exclude<OxmField['field'], 'raw'> }): OxmFieldDef {
  const d = OXM_FIELD_BY_NAME[field.field];
  if (d === undefined) throw new OfEncodeError(`unknown OXM field ${String(field.field)}`);
  return d;
}

/** Wire size of one OXM TLV, header included. */
export function oxmLength(field: OxmField): number {
  if (field.field === 'raw') return field.raw.length;
  const d = fieldDef(field);
  return OXM_HEADER_LEN + (field.mask === undefined ? d.size : d.size * 2);
}

/** Writes a value or mask; `name` is the def's valueName or maskName for errors. Numbers
 * must fit the field's bits (vlan_vid 13, mpls_label 20, ...), not merely its bytes. */
function writeValue(d: OxmFieldDef, value: OxmValue, buf: Buffer, off: number, name: string): void {
  switch (d.kind) {
    case 'uint': {
      const v = checkUintBits(value, d.max, d.bits, name);
      switch (d.size) {
        case 1: putU8(buf, off, v); return;
        case 2: putU16(buf, off, v); return;
        case 3: putU24(buf, off, v); return;
        default: putU32(buf, off, v); return;
      }
    }
    case 'u64':
      putFieldU64(buf, off, value as bigint, name);
      return;
    default:
      if (typeof value !== 'string') throw new OfEncodeError(`${name}: needs an address string, got ${typeof value}`);
      if (d.kind === 'mac') writeMac(value, buf, off);
      else if (d.kind === 'ipv4') writeIpv4(value, buf, off);
      else writeIpv6(value, buf, off);
  }
}

/** Writes one OXM TLV at `off`; returns the offset after it. */
export function writeOxm(field: OxmField, buf: Buffer, off: number): number {
  if (field.field === 'raw') return off + field.raw.copy(buf, off);
  const d = fieldDef(field);
  const masked = field.mask !== undefined;
  const length = masked ? d.size * 2 : d.size;
  putU32(buf, off, ((OFPXMC_OPENFLOW_BASIC << 16) | (d.num << 9) | (masked ? 0x100 : 0) | length) >>> 0);
  writeValue(d, field.value, buf, off + OXM_HEADER_LEN, d.valueName);
  if (field.mask !== undefined) writeValue(d, field.mask, buf, off + OXM_HEADER_LEN + d.size, d.maskName);
  return off + OXM_HEADER_LEN + length;
}

function oxmListLength(match: Match): number {
  let n = 0;
  for (let i = 0; i < match.length; i++) n += oxmLength(match[i]);
  return n;
}

/** Wire size of an ofp_match including its padding to 8 bytes. */
export function matchSpan(match: Match): number {
  return (MATCH_HEADER_LEN + oxmListLength(match) + 7) & ~7;
}

/** Writes an ofp_match with zeroed padding; returns the offset after the padding. */
export function writeMatch(match: Match, buf: Buffer, off: number): number {
  let p = off + MATCH_HEADER_LEN;
  for (let i = 0; i < match.length; i++) p = writeOxm(match[i], buf, p);
  putU16(buf, off, OFPMT_OXM);
  putU16(buf, off + 2, p - off);
  const end = off + ((p - off + 7) & ~7);
  while (p < end) buf[p++] = 0;
  return end;
}
