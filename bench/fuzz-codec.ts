// `npm run fuzz:codec -- [--frames N] [--seed S]`: the CI fuzz run, as long as you like.
// Mutates every golden vector; exits 1 and prints seed + hex on the first failures.
import { loadVectors } from '../test/fixtures/openflow/load-vectors';
import { codecTarget } from './fuzz/codec-target';
import { formatFailures, runFuzz } from './fuzz/engine';
import { randomSeed } from './fuzz/prng';

function option(argv: string[], name: string): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} wants a non-negative integer`);
  return v;
}

function main(argv: string[]): number {
  const frames = option(argv, '--frames') ?? 10_000_000;
  const seed = option(argv, '--seed') ?? randomSeed();
  const bases = loadVectors().map((v) => v.bytes);
  process.stdout.write(`fuzzing the codec: ${frames} frames from ${bases.length} golden vectors, seed ${seed}\n`);
  const stats = runFuzz({ target: codecTarget, bases, frames, seed });
  const rate = (stats.frames / stats.ms) * 1000;
  process.stdout.write(`${stats.frames} frames in ${(stats.ms / 1000).toFixed(1)} s (${Math.round(rate)}/s): ` +
    `${stats.decoded} decoded, ${stats.decodeErrors} decode errors, ${stats.framerErrors} framer errors, ` +
    `${stats.incomplete} incomplete, ${stats.encodeErrors} encode errors\n`);
  const failed = stats.failures.length > 0;
  if (failed) process.stdout.write(`FAILED (replay with --seed ${seed}):\n${formatFailures(stats)}\n`);
  else process.stdout.write('no failure\n');
  const result = {
    seed, frames: stats.frames, seconds: Number((stats.ms / 1000).toFixed(1)), perSecond: Math.round(rate),
    decoded: stats.decoded, decodeErrors: stats.decodeErrors, framerErrors: stats.framerErrors,
    incomplete: stats.incomplete, encodeErrors: stats.encodeErrors, failures: stats.failures.length,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
