// Canonical text keys for comparing the flows we want with the flows a switch reports.
// Switches normalise what they echo back (Open vSwitch reorders OXM fields, lowercases
// nothing we rely on, drops all-ones masks and clears value bits outside a mask), so the
// key is built from a normalised form: fields sorted, masks applied, full masks dropped.
import { OFPP_CONTROLLER } from '../southbound/codec/constants';
import type { Action, Instruction, Match, OxmField, OxmValue } from '../southbound/codec/types';
import { ipv4FromString, isIpv4String } from '../southbound/packet/ipv4-address';

const FULL_NUMERIC_MASKS: Partial<Record<string, bigint>> = {
  metadata: (1n << 64n) - 1n,
  tunnel_id: (1n << 64n) - 1n,
  vlan_vid: 0x1fffn,
  ipv6_flabel: 0xfffffn,
  pbb_isid: 0xffffffn,
  ipv6_exthdr: 0x1ffn,
  ipv4_src: 0xffffffffn,
  ipv4_dst: 0xffffffffn,
  arp_spa: 0xffffffffn,
  arp_tpa: 0xffffffffn,
};

/** Dotted IPv4 to uint32, or undefined when it is not one (the match is then compared as text). */
function ipv4ToInt(s: string): number | undefined {
  return isIpv4String(s) ? ipv4FromString(s) : undefined;
}

function macBytes(s: string): number[] | undefined {
  const parts = s.split(':');
  if (parts.length !== 6) return undefined;
  return parts.map((p) => parseInt(p, 16));
}

/** Value with the mask applied, and the mask, as canonical text; mask '' when absent or full. */
function canonicalValue(field: string, value: OxmValue, mask: OxmValue | undefined): [string, string] {
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    const m = typeof mask === 'string' ? mask.toLowerCase() : undefined;
    const vIp = ipv4ToInt(v);
    if (vIp !== undefined) {
      const mIp = m === undefined ? undefined : ipv4ToInt(m);
      if (mIp === undefined || mIp === 0xffffffff) return [String(vIp), ''];
      return [String((vIp & mIp) >>> 0), String(mIp)];
    }
    const vMac = macBytes(v);
    if (vMac) {
      const mMac = m === undefined ? undefined : macBytes(m);
      if (!mMac || mMac.every((b) => b === 0xff)) return [vMac.join('.'), ''];
      return [vMac.map((b, i) => b & mMac[i]).join('.'), mMac.join('.')];
    }
    // IPv6 and anything else: compare as text, dropping an all-ones mask.
    if (m === undefined || /^(ffff:){7}ffff$/.test(m)) return [v, ''];
    return [v, m];
  }
  const v = BigInt(value);
  if (mask === undefined || typeof mask === 'string') return [v.toString(), ''];
  const mk = BigInt(mask);
  if (FULL_NUMERIC_MASKS[field] === mk) return [v.toString(), ''];
  return [(v & mk).toString(), mk.toString()];
}

function fieldKey(f: OxmField): string {
  if (f.field === 'raw') return `raw:${f.raw.toString('hex')}`;
  const [v, m] = canonicalValue(f.field, f.value, f.mask);
  return m ? `${f.field}=${v}/${m}` : `${f.field}=${v}`;
}

export function matchKey(match: Match): string {
  return match.map(fieldKey).sort().join(',');
}

/** table|priority|match: what makes two flows "the same flow" (spec 6.4, identical flow entries). */
export function flowIdentityKey(tableId: number, priority: number, match: Match): string {
  return `${tableId}|${priority}|${matchKey(match)}`;
}

function actionKey(a: Action): string {
  switch (a.type) {
    // max_len only matters for output to the controller (spec 7.2.5).
    case 'OUTPUT':
      return a.port === OFPP_CONTROLLER ? `OUTPUT:${a.port}:${a.maxLen}` : `OUTPUT:${a.port}`;
    case 'SET_FIELD':
      return `SET_FIELD:${fieldKey(a.field)}`;
    case 'EXPERIMENTER':
      return `EXPERIMENTER:${a.experimenter}:${a.data.toString('hex')}`;
    case 'RAW':
      return `RAW:${a.raw.toString('hex')}`;
    default:
      return JSON.stringify(a);
  }
}

function instructionKey(i: Instruction): string {
  switch (i.type) {
    case 'APPLY_ACTIONS':
    case 'WRITE_ACTIONS':
      return `${i.type}[${i.actions.map(actionKey).join(';')}]`;
    case 'WRITE_METADATA':
      return `WRITE_METADATA:${i.metadata.toString()}/${i.metadataMask.toString()}`;
    case 'EXPERIMENTER':
      return `EXPERIMENTER:${i.experimenter}:${i.data.toString('hex')}`;
    case 'RAW':
      return `RAW:${i.raw.toString('hex')}`;
    default:
      return JSON.stringify(i);
  }
}

/** Each instruction type appears at most once in a flow (spec 7.2.4), so sorting is safe. */
export function instructionsKey(instructions: Instruction[]): string {
  return instructions.map(instructionKey).sort().join(' ');
}
