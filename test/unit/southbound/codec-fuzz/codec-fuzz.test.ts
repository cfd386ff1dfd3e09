// The codec under a million random and mutated frames (mutations of every golden
// vector). The only acceptable outcomes are a message or OfDecodeError; a decoded
// message must re-encode without anything but OfEncodeError, and stay stable. The seed
// is random per run and printed; replay with SLR_FUZZ_SEED=<seed> (and longer runs
// with `npm run fuzz:codec -- --frames N --seed S`).
import { codecTarget } from '../../../../bench/fuzz/codec-target';
import { formatFailures, runFuzz } from '../../../../bench/fuzz/engine';
import { randomSeed } from '../../../../bench/fuzz/prng';
import { loadVectors } from '../../../fixtures/openflow/load-vectors';

const FRAMES = Number(process.env.SLR_FUZZ_FRAMES ?? 1_000_000);
const SEED = process.env.SLR_FUZZ_SEED !== undefined ? Number(process.env.SLR_FUZZ_SEED) : randomSeed();

describe('codec fuzz', () => {
  it(`survives ${FRAMES} mutated frames (seed printed)`, () => {
    const bases = loadVectors().map((v) => v.bytes);
    expect(bases.length).toBeGreaterThan(90);
    // jest raises Error.stackTraceLimit to 100; most fuzz frames end in an OfDecodeError,
    // and capturing deep stacks for them dominates the run time; four frames still
    // locate a real failure.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 4;
    let stats: ReturnType<typeof runFuzz>;
    try {
      stats = runFuzz({ target: codecTarget, bases, frames: FRAMES, seed: SEED });
    } finally {
      Error.stackTraceLimit = limit;
    }
    console.log(`codec fuzz: seed=${SEED} frames=${stats.frames} decoded=${stats.decoded} ` +
      `decodeErrors=${stats.decodeErrors} framerErrors=${stats.framerErrors} incomplete=${stats.incomplete} ` +
      `encodeErrors=${stats.encodeErrors} in ${(stats.ms / 1000).toFixed(1)} s (replay: SLR_FUZZ_SEED=${SEED})`);
    if (stats.failures.length > 0) throw new Error(`codec fuzz failed (SLR_FUZZ_SEED=${SEED}):\n${formatFailures(stats)}`);
    expect(stats.frames).toBe(FRAMES);
    // Every decoded message re-encodes (the decoder refuses what the encoder cannot write).
    expect(stats.encodeErrors).toBe(0);
    // The mix must exercise both paths, or the mutations have gone wrong.
    expect(stats.decoded).toBeGreaterThan(FRAMES / 20);
    expect(stats.decodeErrors + stats.framerErrors).toBeGreaterThan(FRAMES / 20);
  }, 180_000);
});
