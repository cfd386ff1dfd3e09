// The parsers face whatever a switch sends: they must answer every input with a result
// and never throw (DESIGN 7). Seeded so a failure can be replayed.

import { FlowKey, parseFlowKey, parsePacket, verifyChecksums, type ParsedPacket } from '../../../../southbound/packet';
import { ALL_GOLDEN } from './golden-frames';

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Invariants every result must hold, whatever the input. Returns a problem or null. */
function problem(buf: Buffer, p: ParsedPacket): string | null {
  if (p.error?.startsWith('internal:')) return p.error;
  if (!Buffer.isBuffer(p.payload)) return 'payload is not a Buffer';
  if (p.payload.length > 0 && (p.payloadOffset < 0 || p.payloadOffset + p.payload.length > buf.length)) return 'payload outside frame';
  if (p.l3Offset > buf.length || p.l4Offset > buf.length) return 'offset outside frame';
  if (p.l4Offset >= 0 && p.l4Offset < p.l3Offset) return 'transport before network header';
  return null;
}

describe('parsers never throw', () => {
  const key = new FlowKey();

  it('parses every truncation of every golden frame with a note', () => {
    let cut = 0;
    for (const [name, frame] of Object.entries(ALL_GOLDEN)) {
      for (let len = 0; len < frame.length; len++) {
        const buf = frame.subarray(0, len);
        const p = parsePacket(buf);
        expect([name, len, problem(buf, p)]).toEqual([name, len, null]);
        // A cut frame is either flagged or parsed to a complete header boundary.
        if (p.error !== undefined) expect(p.truncated).toBe(true);
        expect(() => parseFlowKey(buf, key)).not.toThrow();
        expect(() => verifyChecksums(buf)).not.toThrow();
        cut++;
      }
    }
    expect(cut).toBeGreaterThan(600);
  });

  it('marks a frame cut inside a header as truncated', () => {
    const p = parsePacket(ALL_GOLDEN.V4_TCP_SYN.subarray(0, 40));
    expect(p.truncated).toBe(true);
    expect(p.error).toBe('tcp: header truncated');
    expect(p.ipv4?.src).toBe('127.0.0.1');
  });

  it('survives 100k random and mutated buffers', () => {
    const rnd = prng(0x5eed);
    const goldens = Object.values(ALL_GOLDEN);
    const prefixes = [0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x8847, 0x8848].map((t) => {
      const b = Buffer.alloc(14);
      b.writeUInt16BE(t, 12);
      return b;
    });
    const stats = { random: 0, typed: 0, mutated: 0, errors: 0 };
    for (let i = 0; i < 100_000; i++) {
      let buf: Buffer;
      const mode = i % 3;
      if (mode === 0) {
        // Pure noise of any length up to 200 bytes.
        buf = Buffer.alloc(Math.floor(rnd() * 200));
        for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rnd() * 256);
        stats.random++;
      } else if (mode === 1) {
        // A known EtherType followed by noise whose first nibble often looks like IP.
        const noise = Buffer.alloc(Math.floor(rnd() * 120));
        for (let j = 0; j < noise.length; j++) noise[j] = Math.floor(rnd() * 256);
        if (noise.length > 0 && rnd() < 0.5) noise[0] = rnd() < 0.5 ? 0x45 : 0x60;
        buf = Buffer.concat([prefixes[Math.floor(rnd() * prefixes.length)], noise]);
        stats.typed++;
      } else {
        // A golden frame with a few bytes changed, then maybe cut or extended.
        buf = Buffer.from(goldens[Math.floor(rnd() * goldens.length)]);
        const flips = 1 + Math.floor(rnd() * 4);
        for (let f = 0; f < flips; f++) buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
        const r = rnd();
        if (r < 0.3) buf = buf.subarray(0, Math.floor(rnd() * buf.length));
        else if (r < 0.4) buf = Buffer.concat([buf, Buffer.alloc(Math.floor(rnd() * 16), 0xa5)]);
        stats.mutated++;
      }
      const p = parsePacket(buf);
      const why = problem(buf, p);
      if (why !== null) throw new Error(`${why} for ${buf.toString('hex')}`);
      if (p.error !== undefined) stats.errors++;
      parseFlowKey(buf, key);
      verifyChecksums(buf);
    }
    expect(stats.random + stats.typed + stats.mutated).toBe(100_000);
    // The corpus must actually reach the error paths, not just bounce off Ethernet.
    expect(stats.errors).toBeGreaterThan(10_000);
  });
});
