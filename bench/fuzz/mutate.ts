// Mutations of OpenFlow frames for the codec fuzzer. They know the OpenFlow header
// (version, type, length, xid) and that bodies are full of 16-bit length fields, but
// nothing else: the codec's own structure knowledge must not leak in here.
import { Prng } from './prng';

export type MutationKind =
  | 'truncate' | 'headerLength' | 'nestedLength' | 'flipBytes' | 'randomType' | 'randomMpType'
  | 'insert' | 'delete' | 'splice' | 'random' | 'version';

/** Weighted so that most frames keep a valid header and reach deep into the decoder. */
const KINDS: readonly MutationKind[] = [
  'truncate', 'truncate', 'headerLength', 'headerLength', 'nestedLength', 'nestedLength', 'nestedLength',
  'nestedLength', 'flipBytes', 'flipBytes', 'flipBytes', 'randomType', 'randomMpType', 'insert', 'delete',
  'splice', 'random', 'version',
];

/** Header lengths worth trying: below the header, exactly the header, the maximum. */
const EDGE_LENGTHS = [0, 1, 7, 8, 0xffff];

function fixLength(b: Buffer): Buffer {
  if (b.length >= 4) b.writeUInt16BE(Math.min(b.length, 0xffff), 2);
  return b;
}

function truncate(rng: Prng, b: Buffer): Buffer {
  const cut = Buffer.from(b.subarray(0, rng.below(b.length)));
  return rng.chance(0.5) ? fixLength(cut) : cut;
}

function headerLength(rng: Prng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  const choices = [...EDGE_LENGTHS, b.length - 1, b.length + 1, rng.below(0x10000)];
  if (out.length >= 4) out.writeUInt16BE(Math.max(0, Math.min(0xffff, rng.pick(choices))), 2);
  return out;
}

/** Finds a 16-bit word that looks like a nested length (between 4 and what is left of
 * the frame) and moves it off by one, by a padding unit, or to an edge value. */
function nestedLength(rng: Prng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  const candidates: number[] = [];
  for (let o = 8; o + 2 <= out.length; o += 2) {
    const v = out.readUInt16BE(o);
    if (v >= 4 && v <= out.length - o + 8) candidates.push(o);
  }
  const o = candidates.length > 0 ? rng.pick(candidates) : 8 + 2 * rng.below(Math.max(1, (out.length - 9) >> 1));
  if (o + 2 > out.length) return out;
  const v = out.readUInt16BE(o);
  const next = rng.pick([v + 1, v - 1, v + 8, v - 8, v + 4, 0, 1, 4, 0xffff]);
  out.writeUInt16BE(next & 0xffff, o);
  return out;
}

function flipBytes(rng: Prng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  const n = rng.between(1, 8);
  // The header stays intact: framing mutations have their own kinds.
  for (let i = 0; i < n && out.length > 8; i++) out[rng.between(8, out.length - 1)] = rng.u32() & 0xff;
  return out;
}

function randomType(rng: Prng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  if (out.length >= 2) out[1] = rng.chance(0.9) ? rng.below(32) : rng.below(256);
  return out;
}

function randomMpType(rng: Prng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  if (out.length >= 10) {
    out[1] = rng.chance(0.5) ? 18 : 19;
    out.writeUInt16BE(rng.chance(0.9) ? rng.below(16) : rng.pick([0xffff, rng.below(0x10000)]), 8);
  }
  return out;
}

function insert(rng: Prng, b: Buffer): Buffer {
  const at = rng.between(Math.min(8, b.length), b.length);
  const extra = Buffer.alloc(rng.pick([1, 2, 4, 8, rng.between(1, 32)]));
  rng.fill(extra);
  return fixLength(Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]));
}

function remove(rng: Prng, b: Buffer): Buffer {
  if (b.length <= 9) return Buffer.from(b);
  const at = rng.between(8, b.length - 1);
  const n = Math.min(b.length - at, rng.pick([1, 2, 4, 8, rng.between(1, 32)]));
  return fixLength(Buffer.concat([b.subarray(0, at), b.subarray(at + n)]));
}

function splice(rng: Prng, b: Buffer, other: Buffer): Buffer {
  const head = b.subarray(0, rng.between(Math.min(8, b.length), b.length));
  const tail = other.subarray(rng.below(other.length + 1));
  return fixLength(Buffer.concat([head, tail]));
}

/** A frame from nothing: version 4, a mostly-known type, a random body. */
export function randomFrame(rng: Prng): Buffer {
  const out = Buffer.alloc(8 + rng.pick([0, 4, 8, 16, rng.below(64), rng.below(256)]));
  rng.fill(out);
  out[0] = 4;
  out[1] = rng.below(32);
  return fixLength(out);
}

function version(rng: Prng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  if (out.length >= 1) out[0] = rng.pick([0, 1, 3, 5, 6, 0xff, rng.below(256)]);
  return out;
}

export function mutateOnce(rng: Prng, kind: MutationKind, b: Buffer, bases: readonly Buffer[]): Buffer {
  switch (kind) {
    case 'truncate': return truncate(rng, b);
    case 'headerLength': return headerLength(rng, b);
    case 'nestedLength': return nestedLength(rng, b);
    case 'flipBytes': return flipBytes(rng, b);
    case 'randomType': return randomType(rng, b);
    case 'randomMpType': return randomMpType(rng, b);
    case 'insert': return insert(rng, b);
    case 'delete': return remove(rng, b);
    case 'splice': return splice(rng, b, rng.pick(bases));
    case 'random': return randomFrame(rng);
    case 'version': return version(rng, b);
  }
}

/** One to three stacked mutations of a random base frame. */
export function mutate(rng: Prng, bases: readonly Buffer[]): Buffer {
  let b = rng.pick(bases);
  const n = rng.chance(0.7) ? 1 : rng.between(2, 3);
  for (let i = 0; i < n; i++) b = mutateOnce(rng, rng.pick(KINDS), b, bases);
  return b;
}

export const MUTATION_KINDS: readonly MutationKind[] = Array.from(new Set(KINDS));
