// `slr ofp print|roundtrip [--hex] FILE|-`: decode a capture of OpenFlow 1.3 messages
// and print each as one JSON line, or check that decode + encode gives the same bytes.
import { decodeMessage, encodeMessage, OfFramer } from '../southbound/codec';
import { OfDecodeError, OfEncodeError } from '../southbound/codec/errors';
import { InputError, readInput } from './ofp-input';
import { toPrintableJson } from './ofp-json';
import { closestOption, formatUsageError, parseCommandLine, UsageError } from '../northbound-api/client/strict-args';

const USAGE = `usage: slr ofp <command> [--hex] FILE|-

commands:
  print      decode every OpenFlow 1.3 message in FILE, print one JSON object per line
             (64-bit values as decimal strings, bytes as hex)
  roundtrip  decode and re-encode every message; exit 0 only if the bytes are identical

options:
  --hex      FILE holds hex text (whitespace and '#' comments ignored) instead of raw bytes
  -          read standard input
`;

/** One message cut from the input, with where it starts. */
interface Frame { index: number; offset: number; bytes: Buffer }

/** Thrown for anything that makes the input unusable, with a message naming the place. */
class InputProblem extends Error {}

function describeDecodeError(err: OfDecodeError, frame: Frame | null, base: number): string {
  const where = frame
    ? `message #${frame.index + 1} (starting at byte ${frame.offset}), byte ${err.offset} of the message = offset ${base + err.offset}`
    : `offset ${base + err.offset}`;
  return `decode error at ${where}: ${err.message} [${err.code}; OpenFlow error type ${err.ofErrorType} code ${err.ofErrorCode}]`;
}

/** Cuts the input into messages with the codec's framer, remembering their offsets. */
function splitFrames(input: Buffer): Frame[] {
  const framer = new OfFramer();
  framer.push(input);
  const frames: Frame[] = [];
  let offset = 0;
  for (;;) {
    let bytes: Buffer | null;
    try {
      bytes = framer.next();
    } catch (err) {
      if (err instanceof OfDecodeError) throw new InputProblem(describeDecodeError(err, null, offset));
      throw err;
    }
    if (bytes === null) break;
    frames.push({ index: frames.length, offset, bytes });
    offset += bytes.length;
  }
  if (offset < input.length) {
    const left = input.length - offset;
    const declared = left >= 4 ? ` (its header says ${input.readUInt16BE(offset + 2)} bytes)` : '';
    throw new InputProblem(`incomplete message at offset ${offset}: only ${left} bytes left${declared}`);
  }
  if (frames.length === 0) throw new InputProblem('no OpenFlow message in the input');
  return frames;
}

function decodeFrame(frame: Frame): ReturnType<typeof decodeMessage> {
  try {
    return decodeMessage(frame.bytes);
  } catch (err) {
    if (err instanceof OfDecodeError) throw new InputProblem(describeDecodeError(err, frame, frame.offset));
    throw err;
  }
}

function print(frames: Frame[], out: (s: string) => void): void {
  for (const frame of frames) out(`${toPrintableJson(decodeFrame(frame))}\n`);
}

/** Index of the first differing byte, or -1 when equal. */
function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function encodeFrame(frame: Frame, msg: ReturnType<typeof decodeMessage>): Buffer {
  try {
    return encodeMessage(msg);
  } catch (err) {
    if (err instanceof OfEncodeError) {
      throw new InputProblem(`message #${frame.index + 1} (${msg.type}, offset ${frame.offset}) decodes but does not encode: ${err.message}`);
    }
    throw err;
  }
}

function roundtrip(frames: Frame[], out: (s: string) => void): void {
  for (const frame of frames) {
    const msg = decodeFrame(frame);
    const again = encodeFrame(frame, msg);
    const at = firstDifference(frame.bytes, again);
    if (at >= 0) {
      const was = at < frame.bytes.length ? `0x${frame.bytes[at]?.toString(16).padStart(2, '0')}` : 'end of message';
      const now = at < again.length ? `0x${again[at]?.toString(16).padStart(2, '0')}` : 'end of message';
      throw new InputProblem(`roundtrip differs in message #${frame.index + 1} (${msg.type}) at offset ` +
        `${frame.offset + at} (byte ${at} of the message): input has ${was}, re-encoding has ${now} ` +
        `(input ${frame.bytes.length} bytes, re-encoding ${again.length} bytes)`);
    }
  }
  out(`roundtrip ok: ${frames.length} message${frames.length === 1 ? '' : 's'}, identical bytes\n`);
}

export const OFP_SPEC = {
  command: 'slr ofp',
  options: { hex: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  maxPositionals: 2,
} as const;

export const OFP_COMMANDS = ['print', 'roundtrip'] as const;

/** The command and the input file, or a UsageError. */
function commandLine(argv: string[]): { command: string; file: string; hex: boolean } | 'help' {
  const parsed = parseCommandLine(argv, OFP_SPEC);
  const [command, file] = parsed.positionals;
  if (parsed.values.help === true || command === 'help') return 'help';
  if (command === undefined) throw new UsageError('missing command: print or roundtrip', "see 'slr ofp --help'");
  if (command !== 'print' && command !== 'roundtrip') {
    const near = closestOption(command, OFP_COMMANDS);
    throw new UsageError(`unknown command '${command}'`, near ? `did you mean '${near}'?` : "the commands are 'print' and 'roundtrip'");
  }
  if (file === undefined) throw new UsageError(`${command} needs a FILE (or - for standard input)`, `usage: slr ofp ${command} [--hex] FILE|-`);
  return { command, file, hex: parsed.values.hex === true };
}

export async function run(argv: string[]): Promise<number> {
  const out = (s: string): void => { process.stdout.write(s); };
  const err = (s: string): void => { process.stderr.write(s); };
  let line: ReturnType<typeof commandLine>;
  try {
    line = commandLine(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(formatUsageError('slr ofp', e));
      return 2;
    }
    throw e;
  }
  if (line === 'help') {
    out(USAGE);
    return 0;
  }
  const { command, file, hex } = line;
  try {
    const frames = splitFrames(await readInput(file, hex));
    if (command === 'print') print(frames, out);
    else roundtrip(frames, out);
    return 0;
  } catch (e) {
    if (e instanceof InputProblem || e instanceof InputError) {
      err(`slr ofp ${command}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
