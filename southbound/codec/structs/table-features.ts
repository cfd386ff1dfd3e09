// OFPMP_TABLE_FEATURES bodies (spec 7.3.5.5): ofp_table_features records (64 fixed
// bytes, then properties). Each property is a TLV whose length excludes its padding to
// 8 bytes. Id lists whose entries are not all plain 4-byte ids (experimenter ids carry
// an extra word) are kept RAW so they still round-trip.

import type { TableFeatureProp, TableFeatures } from '../types';
import { OfDecodeError, OfEncodeError } from '../errors';
import { OFPET_TABLE_FEATURES_FAILED, OFPTFFC_BAD_LEN } from '../error-codes';
import { pad8, readFixedString, writeFixedString, zeroFill } from '../wire-util';
import type { BodyCodec } from './list';
import { getU16, getU32, getU64, putU16 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

const FEATURES_LEN = 64;
const PROP_HEADER_LEN = 4;
const MAX_TABLE_NAME_LEN = 32;

type PropName = Exclude<TableFeatureProp['type'], 'RAW'>;
type IdListName = Extract<TableFeatureProp, { ids: number[] }>['type'];
type OxmListName = Extract<TableFeatureProp, { oxmIds: Buffer }>['type'];

const PROP_NAMES: ReadonlyMap<number, PropName> = new Map<number, PropName>([
  [0, 'INSTRUCTIONS'], [1, 'INSTRUCTIONS_MISS'], [2, 'NEXT_TABLES'], [3, 'NEXT_TABLES_MISS'],
  [4, 'WRITE_ACTIONS'], [5, 'WRITE_ACTIONS_MISS'], [6, 'APPLY_ACTIONS'], [7, 'APPLY_ACTIONS_MISS'],
  [8, 'MATCH'], [10, 'WILDCARDS'], [12, 'WRITE_SETFIELD'], [13, 'WRITE_SETFIELD_MISS'],
  [14, 'APPLY_SETFIELD'], [15, 'APPLY_SETFIELD_MISS'], [0xfffe, 'EXPERIMENTER'], [0xffff, 'EXPERIMENTER_MISS'],
]);
const PROP_CODES: ReadonlyMap<PropName, number> = new Map([...PROP_NAMES].map(([code, name]) => [name, code]));

const ID_LISTS = new Set<PropName>(['INSTRUCTIONS', 'INSTRUCTIONS_MISS', 'WRITE_ACTIONS', 'WRITE_ACTIONS_MISS', 'APPLY_ACTIONS', 'APPLY_ACTIONS_MISS']);
const OXM_LISTS = new Set<PropName>(['MATCH', 'WILDCARDS', 'WRITE_SETFIELD', 'WRITE_SETFIELD_MISS', 'APPLY_SETFIELD', 'APPLY_SETFIELD_MISS']);

function failFeatures(what: string, offset: number): never {
  throw new OfDecodeError('BAD_LENGTH', `bad length: ${what}`, OFPET_TABLE_FEATURES_FAILED, OFPTFFC_BAD_LEN, offset);
}

/** Plain ids (type, len=4) as a list of types, or null when any entry is longer. */
function readIds(buf: Buffer, start: number, end: number): number[] | null {
  if ((end - start) % 4 !== 0) return null;
  const ids: number[] = [];
  for (let p = start; p < end; p += 4) {
    if (getU16(buf, p + 2) !== 4) return null;
    ids.push(getU16(buf, p));
  }
  return ids;
}

function decodeProp(buf: Buffer, off: number, len: number): TableFeatureProp {
  const code = getU16(buf, off);
  const name = PROP_NAMES.get(code);
  const raw: TableFeatureProp = { type: 'RAW', propertyType: code, raw: buf.subarray(off, off + len) };
  if (name === undefined) return raw;
  const start = off + PROP_HEADER_LEN;
  const end = off + len;
  if (ID_LISTS.has(name)) {
    const ids = readIds(buf, start, end);
    return ids === null ? raw : { type: name as IdListName, ids };
  }
  if (OXM_LISTS.has(name)) return { type: name as OxmListName, oxmIds: buf.subarray(start, end) };
  if (name === 'NEXT_TABLES' || name === 'NEXT_TABLES_MISS') return { type: name, tableIds: [...buf.subarray(start, end)] };
  if (name !== 'EXPERIMENTER' && name !== 'EXPERIMENTER_MISS') return raw;
  if (len < 12) failFeatures(`experimenter table feature property length ${len}`, off);
  return { type: name, experimenter: getU32(buf, off + 4), expType: getU32(buf, off + 8), data: buf.subarray(off + 12, end) };
}

function decodeProps(buf: Buffer, start: number, end: number): TableFeatureProp[] {
  const props: TableFeatureProp[] = [];
  let p = start;
  while (p < end) {
    if (p + PROP_HEADER_LEN > end) failFeatures('table feature property header past the end of its table', p);
    const len = getU16(buf, p + 2);
    if (len < PROP_HEADER_LEN) failFeatures(`table feature property length ${len} below 4`, p);
    if (p + pad8(len) > end) failFeatures(`table feature property length ${len} past the end of its table`, p);
    props.push(decodeProp(buf, p, len));
    p += pad8(len);
  }
  return props;
}

function decodeTable(buf: Buffer, off: number, len: number): TableFeatures {
  return {
    tableId: buf[off + 2], name: readFixedString(buf, off + 8, MAX_TABLE_NAME_LEN),
    metadataMatch: getU64(buf, off + 40), metadataWrite: getU64(buf, off + 48),
    config: getU32(buf, off + 56), maxEntries: getU32(buf, off + 60),
    properties: decodeProps(buf, off + FEATURES_LEN, off + len),
  };
}

function propLength(prop: TableFeatureProp): number {
  if (prop.type === 'RAW') return prop.raw.length;
  if ('ids' in prop) return PROP_HEADER_LEN + 4 * prop.ids.length;
  if ('tableIds' in prop) return PROP_HEADER_LEN + prop.tableIds.length;
  if ('oxmIds' in prop) return PROP_HEADER_LEN + prop.oxmIds.length;
  return 12 + prop.data.length;
}

function writeProp(prop: TableFeatureProp, buf: Buffer, off: number): number {
  const len = propLength(prop);
  if (prop.type === 'RAW') {
    prop.raw.copy(buf, off);
  } else {
    const code = PROP_CODES.get(prop.type);
    if (code === undefined) throw new OfEncodeError(`unknown table feature property type ${String(prop.type)}`);
    putU16(buf, off, code);
    putU16(buf, off + 2, len);
    const p = off + PROP_HEADER_LEN;
    if ('ids' in prop) {
      // Each id is an ofp_instruction/ofp_action header: type (u16), len = 4.
      prop.ids.forEach((id, i) => {
        putFieldU16(buf, p + 4 * i, id, 'tableFeatureProperty.ids');
        putU16(buf, p + 4 * i + 2, 4);
      });
    } else if ('tableIds' in prop) {
      prop.tableIds.forEach((id, i) => putFieldU8(buf, p + i, id, 'tableFeatureProperty.tableIds'));
    } else if ('oxmIds' in prop) {
      prop.oxmIds.copy(buf, p);
    } else {
      putFieldU32(buf, p, prop.experimenter, 'tableFeatureProperty.experimenter');
      putFieldU32(buf, p + 4, prop.expType, 'tableFeatureProperty.expType');
      prop.data.copy(buf, p + 8);
    }
  }
  return zeroFill(buf, off + len, off + pad8(len));
}

function tableLength(t: TableFeatures): number {
  let n = FEATURES_LEN;
  for (const prop of t.properties) n += pad8(propLength(prop));
  return n;
}

/** A list of ofp_table_features (the request body that sets features, and the reply). */
export const tableFeaturesBody: BodyCodec<TableFeatures[]> = {
  decode(buf, start, end) {
    const tables: TableFeatures[] = [];
    let p = start;
    while (p < end) {
      if (p + 2 > end) failFeatures('table features length past the end of the body', p);
      const len = getU16(buf, p);
      if (len < FEATURES_LEN || (len & 7) !== 0) failFeatures(`table features length ${len} is not a multiple of 8 of at least 64`, p);
      if (p + len > end) failFeatures(`table features length ${len} past the end of the body`, p);
      tables.push(decodeTable(buf, p, len));
      p += len;
    }
    return tables;
  },
  length: (tables) => tables.reduce((n, t) => n + tableLength(t), 0),
  write(tables, buf, off) {
    let p = off;
    for (const t of tables) {
      let end = p + FEATURES_LEN;
      for (const prop of t.properties) end = writeProp(prop, buf, end);
      putU16(buf, p, end - p);
      putFieldU8(buf, p + 2, t.tableId, 'tableFeatures.tableId');
      zeroFill(buf, p + 3, p + 8);
      writeFixedString(t.name, buf, p + 8, MAX_TABLE_NAME_LEN);
      putFieldU64(buf, p + 40, t.metadataMatch, 'tableFeatures.metadataMatch');
      putFieldU64(buf, p + 48, t.metadataWrite, 'tableFeatures.metadataWrite');
      putFieldU32(buf, p + 56, t.config, 'tableFeatures.config');
      putFieldU32(buf, p + 60, t.maxEntries, 'tableFeatures.maxEntries');
      p = end;
    }
    return p;
  },
};
