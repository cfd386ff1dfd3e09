// Key names and the pub/sub message format of the Redis store. Values are short text
// ("<load> <reportedAt>") so an operator can read them with redis-cli.

import type { LoadEntry } from './types';

export interface RedisKeys {
  loadHash(subnet: string): string;
  loadPattern: string;
  loadChannel: string;
  pin(key: string): string;
  pinPattern: string;
  /** Set once per dataset; its change reveals that Redis lost its data. */
  marker: string;
  /** Strips the prefix of a load hash key back to the subnet. */
  subnetOf(hashKey: string): string;
  pinKeyOf(redisKey: string): string;
}

export function redisKeys(prefix: string): RedisKeys {
  const load = `${prefix}load:`;
  const pin = `${prefix}pin:`;
  return {
    loadHash: (subnet) => load + subnet,
    loadPattern: `${load}*`,
    loadChannel: `${prefix}load-updates`,
    pin: (key) => pin + key,
    pinPattern: `${pin}*`,
    marker: `${prefix}dataset`,
    subnetOf: (k) => k.slice(load.length),
    pinKeyOf: (k) => k.slice(pin.length),
  };
}

export function encodeEntry(e: LoadEntry): string {
  return `${e.load} ${e.reportedAt}`;
}

/** A removed row stays as a tombstone, so a controller that missed the removal learns it on reload. */
export function encodeTombstone(removedAt: number): string {
  return `- ${removedAt}`;
}

export type StoredRow = { kind: 'row'; entry: LoadEntry } | { kind: 'tombstone'; removedAt: number };

export function decodeRow(s: string): StoredRow | undefined {
  const space = s.indexOf(' ');
  if (space < 0) return undefined;
  const head = s.slice(0, space);
  const at = Number(s.slice(space + 1));
  if (!Number.isFinite(at)) return undefined;
  if (head === '-') return { kind: 'tombstone', removedAt: at };
  const load = Number(head);
  return Number.isFinite(load) ? { kind: 'row', entry: { load, reportedAt: at } } : undefined;
}

/** One published batch: rows set ([subnet, target, load, reportedAt]) and rows removed ([subnet, target, removedAt]). */
export interface LoadMessage {
  origin: string;
  set: Array<[string, string, number, number]>;
  removed: Array<[string, string, number]>;
}

export function encodeMessage(m: LoadMessage): string {
  return JSON.stringify({ o: m.origin, s: m.set, r: m.removed });
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Decodes a message from a peer; anything malformed gives undefined (never throws). */
export function decodeMessage(text: string): LoadMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { o, s, r } = raw as { o?: unknown; s?: unknown; r?: unknown };
  if (!isStr(o) || !Array.isArray(s) || !Array.isArray(r)) return undefined;
  const set: LoadMessage['set'] = [];
  for (const row of s) {
    if (!Array.isArray(row) || row.length !== 4 || !isStr(row[0]) || !isStr(row[1]) || !isNum(row[2]) || !isNum(row[3])) return undefined;
    set.push([row[0], row[1], row[2], row[3]]);
  }
  const removed: LoadMessage['removed'] = [];
  for (const row of r) {
    if (!Array.isArray(row) || row.length !== 3 || !isStr(row[0]) || !isStr(row[1]) || !isNum(row[2])) return undefined;
    removed.push([row[0], row[1], row[2]]);
  }
  return { origin: o, set, removed };
}
