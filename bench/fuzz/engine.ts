// The codec fuzz loop, shared by the CI unit test and `npm run fuzz:codec`. Every frame
// goes through a framer and the decoder; the only acceptable outcomes are a message or
// the codec's typed error. Every decoded message is re-encoded (only a typed error may
// be thrown, and not even that: whatever decodes must encode) and the re-encoding must
// decode and re-encode to the same bytes.
import { mutate } from './mutate';
import { Prng } from './prng';

/** What the fuzzer drives: the codec, injected so the loop can be tested on its own. */
export interface FuzzTarget<M> {
  newFramer(): { push(chunk: Buffer): void; next(): Buffer | null };
  decode(frame: Buffer): M;
  encode(msg: M): Buffer;
  /** The codec's typed decode error (an expected outcome for bad input). */
  isDecodeError(err: unknown): boolean;
  /** The codec's typed encode error: counted apart, but still a failure for a decoded message. */
  isEncodeError(err: unknown): boolean;
  /** What is wrong with a typed decode error for this frame (offset, xid, ...), if anything. */
  decodeErrorProblem?(err: unknown, frame: Buffer): string | null;
}

export interface FuzzFailure {
  seed: number;
  index: number;
  stage: 'framer' | 'decode' | 'encode' | 'stability';
  hex: string;
  error: string;
}

export interface FuzzStats {
  seed: number;
  frames: number;
  framerErrors: number;
  incomplete: number;
  decoded: number;
  decodeErrors: number;
  encodeErrors: number;
  failures: FuzzFailure[];
  ms: number;
}

export interface FuzzOptions<M> {
  target: FuzzTarget<M>;
  bases: readonly Buffer[];
  frames: number;
  seed: number;
  /** Stop after this many failures (default 5). */
  maxFailures?: number;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`;
  return `non-Error thrown: ${String(err)}`;
}

/** Splits a frame into one to three chunks, as a TCP stream might deliver it. */
function chunks(rng: Prng, b: Buffer): Buffer[] {
  if (b.length < 2 || rng.chance(0.6)) return [b];
  const cut = rng.between(1, b.length - 1);
  if (rng.chance(0.5) || cut >= b.length - 1) return [b.subarray(0, cut), b.subarray(cut)];
  const cut2 = rng.between(cut + 1, b.length - 1);
  return [b.subarray(0, cut), b.subarray(cut, cut2), b.subarray(cut2)];
}

export function runFuzz<M>(opts: FuzzOptions<M>): FuzzStats {
  const { target, bases, frames, seed } = opts;
  const maxFailures = opts.maxFailures ?? 5;
  const rng = new Prng(seed);
  const stats: FuzzStats = {
    seed, frames: 0, framerErrors: 0, incomplete: 0, decoded: 0, decodeErrors: 0, encodeErrors: 0,
    failures: [], ms: 0,
  };
  const started = process.hrtime.bigint();
  for (let index = 0; index < frames && stats.failures.length < maxFailures; index++) {
    // A few unmutated frames keep the happy path in the mix; some inputs carry two
    // messages in one stream, so the framer must carry on after a (broken) frame.
    const one = rng.chance(0.02) ? rng.pick(bases) : mutate(rng, bases);
    const input = rng.chance(0.1) ? Buffer.concat([one, rng.chance(0.5) ? rng.pick(bases) : mutate(rng, bases)]) : one;
    stats.frames++;
    const fail = (stage: FuzzFailure['stage'], hex: Buffer, err: unknown): void => {
      stats.failures.push({ seed, index, stage, hex: hex.toString('hex'), error: describe(err) });
    };
    const framed: Buffer[] = [];
    try {
      const framer = target.newFramer();
      for (const c of chunks(rng, input)) {
        framer.push(c);
        for (let f = framer.next(); f !== null; f = framer.next()) framed.push(f);
      }
      if (framed.length === 0) stats.incomplete++;
    } catch (err) {
      if (target.isDecodeError(err)) stats.framerErrors++;
      else fail('framer', input, err);
    }
    for (const frame of framed) checkFrame(target, frame, stats, fail);
  }
  stats.ms = Number(process.hrtime.bigint() - started) / 1e6;
  return stats;
}

function checkFrame<M>(
  target: FuzzTarget<M>, frame: Buffer, stats: FuzzStats,
  fail: (stage: FuzzFailure['stage'], hex: Buffer, err: unknown) => void,
): void {
  let msg: M;
  try {
    msg = target.decode(frame);
  } catch (err) {
    if (!target.isDecodeError(err)) {
      fail('decode', frame, err);
      return;
    }
    const problem = target.decodeErrorProblem?.(err, frame) ?? null;
    if (problem !== null) fail('decode', frame, new Error(`${problem} (${err instanceof Error ? err.message : String(err)})`));
    else stats.decodeErrors++;
    return;
  }
  stats.decoded++;
  let encoded: Buffer;
  try {
    encoded = target.encode(msg);
  } catch (err) {
    // Decode only what can be encoded: a decoded message the encoder refuses (an OXM
    // value wider than its field, say) means the decoder let through something it
    // should have answered with an OpenFlow error. Counted, and a failure all the same.
    if (target.isEncodeError(err)) stats.encodeErrors++;
    fail('encode', frame, err);
    return;
  }
  // The codec's own output must be stable: decode(encode(m)) encodes to the same bytes.
  try {
    const again = target.encode(target.decode(encoded));
    if (!again.equals(encoded)) {
      fail('stability', frame, new Error(`re-encoding differs: ${encoded.toString('hex')} then ${again.toString('hex')}`));
    }
  } catch (err) {
    fail('stability', frame, new Error(`own encoding ${encoded.toString('hex')} does not decode: ${describe(err)}`));
  }
}

/** A readable failure report: what to paste into a bug and how to replay. */
export function formatFailures(stats: FuzzStats): string {
  return stats.failures.map((f) =>
    `seed=${f.seed} frame#${f.index} stage=${f.stage}\n  hex=${f.hex}\n  ${f.error.replace(/\n/g, '\n  ')}`).join('\n');
}
