// The fuzz machinery itself, checked against a toy codec whose bugs are known, so a
// green real fuzz run means "no bug found" rather than "nothing was checked".
import { FuzzTarget, formatFailures, runFuzz } from '../../../../bench/fuzz/engine';
import { MUTATION_KINDS, mutate, mutateOnce } from '../../../../bench/fuzz/mutate';
import { Prng } from '../../../../bench/fuzz/prng';

class ToyError extends Error {}

/** A toy framer and codec: frames are [len u16][payload]; "messages" are the payload. */
function toyTarget(bug: (b: Buffer) => void): FuzzTarget<Buffer> {
  return {
    newFramer() {
      let pending = Buffer.alloc(0);
      return {
        push(c: Buffer) { pending = Buffer.concat([pending, c]); },
        next() {
          if (pending.length < 4) return null;
          const len = pending.readUInt16BE(2);
          if (len < 8) throw new ToyError('short');
          if (pending.length < len) return null;
          const f = pending.subarray(0, len);
          pending = pending.subarray(len);
          return f;
        },
      };
    },
    decode(f) { bug(f); if (f[0] !== 4) throw new ToyError('version'); return Buffer.from(f); },
    encode(m) { return Buffer.from(m); },
    isDecodeError: (e) => e instanceof ToyError,
    isEncodeError: () => false,
  };
}

const BASES = [Buffer.from('0400000800000001', 'hex'), Buffer.from('0412001000000002000d000000000000', 'hex')];

describe('Prng', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = new Prng(42); const b = new Prng(42); const c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(sa);
  });

  it('stays within the asked range', () => {
    const r = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const v = r.between(3, 5);
      expect(v >= 3 && v <= 5).toBe(true);
    }
  });
});

describe('mutations', () => {
  it('every kind runs on every base, including empty and tiny frames', () => {
    const r = new Prng(7);
    for (const kind of MUTATION_KINDS) {
      for (const base of [...BASES, Buffer.alloc(0), Buffer.from([4])]) {
        expect(Buffer.isBuffer(mutateOnce(r, kind, base, BASES))).toBe(true);
      }
    }
  });

  it('reaches header lengths below 8 and at the maximum', () => {
    const r = new Prng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const m = mutateOnce(r, 'headerLength', BASES[1] as Buffer, BASES);
      seen.add(m.readUInt16BE(2));
    }
    for (const v of [0, 1, 7, 8, 0xffff, 15, 17]) expect(seen.has(v)).toBe(true);
  });

  it('never changes its input buffer', () => {
    const base = Buffer.from(BASES[1] as Buffer);
    const r = new Prng(3);
    for (let i = 0; i < 500; i++) mutate(r, [base]);
    expect(base).toEqual(BASES[1]);
  });
});

describe('runFuzz', () => {
  it('counts typed errors as fine and finishes all frames', () => {
    const stats = runFuzz({ target: toyTarget(() => undefined), bases: BASES, frames: 2000, seed: 5 });
    expect(stats.failures).toEqual([]);
    expect(stats.frames).toBe(2000);
    expect(stats.decoded).toBeGreaterThan(0);
    expect(stats.framerErrors + stats.decodeErrors).toBeGreaterThan(0);
  });

  it('reports an untyped throw with seed, stage and hex', () => {
    const target = toyTarget((f) => { if (f.length > 16) throw new RangeError('index out of range'); });
    const stats = runFuzz({ target, bases: BASES, frames: 5000, seed: 11, maxFailures: 2 });
    expect(stats.failures.length).toBe(2);
    const [first] = stats.failures;
    expect(first?.stage).toBe('decode');
    expect(first?.seed).toBe(11);
    expect(Buffer.from(first?.hex ?? '', 'hex').length).toBeGreaterThan(16);
    expect(formatFailures(stats)).toContain('RangeError: index out of range');
  });

  it('is reproducible from the seed', () => {
    const target = toyTarget((f) => { if (f[9] === 0x42) throw new TypeError('boom'); });
    const a = runFuzz({ target, bases: BASES, frames: 20000, seed: 77, maxFailures: 1 });
    const b = runFuzz({ target, bases: BASES, frames: 20000, seed: 77, maxFailures: 1 });
    expect(a.failures.length).toBe(1);
    const key = (f: { index: number; hex: string }): string => `${f.index}:${f.hex}`;
    expect(b.failures.map(key)).toEqual(a.failures.map(key));
  });

  it('flags an encoder whose output does not decode back to the same bytes', () => {
    const target: FuzzTarget<Buffer> = { ...toyTarget(() => undefined), encode: (m) => Buffer.concat([m, Buffer.from([0])]) };
    const stats = runFuzz({ target, bases: BASES, frames: 200, seed: 1, maxFailures: 1 });
    expect(stats.failures[0]?.stage).toBe('stability');
  });
});

describe('runFuzz decode-only-what-encodes', () => {
  it('counts and fails a decoded message the encoder refuses with its typed error', () => {
    class ToyEncodeError extends Error {}
    const target: FuzzTarget<Buffer> = {
      ...toyTarget(() => undefined),
      encode: (m) => { if (m.length > 8) throw new ToyEncodeError('value wider than its field'); return Buffer.from(m); },
      isEncodeError: (e) => e instanceof ToyEncodeError,
    };
    const stats = runFuzz({ target, bases: BASES, frames: 2000, seed: 4, maxFailures: 1 });
    expect(stats.encodeErrors).toBe(1);
    expect(stats.failures[0]?.stage).toBe('encode');
    expect(stats.failures[0]?.error).toContain('value wider than its field');
  });
});

describe('runFuzz decode error checks', () => {
  it('reports a typed decode error the target finds wrong', () => {
    const target: FuzzTarget<Buffer> = {
      ...toyTarget(() => undefined),
      decodeErrorProblem: () => 'offset outside the frame',
    };
    const stats = runFuzz({ target, bases: BASES, frames: 2000, seed: 2, maxFailures: 1 });
    expect(stats.failures[0]?.stage).toBe('decode');
    expect(stats.failures[0]?.error).toContain('offset outside the frame');
  });
});
