// Reading the input of `slr ofp`: a file or stdin ("-"), raw bytes or hex text.
import * as fs from 'node:fs';

export class InputError extends Error {}

async function readStdin(): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(parts);
}

/** Hex text to bytes: whitespace anywhere, an optional 0x prefix per token, and '#'
 * comments to the end of the line (as in the golden vector files). */
export function parseHex(text: string): Buffer {
  const digits = text.replace(/#[^\n]*/g, '').replace(/\b0x/gi, '').replace(/\s+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new InputError(`--hex: '${bad[0]}' is not a hex digit (hex digit #${bad.index + 1})`);
  if (digits.length % 2 !== 0) throw new InputError(`--hex: odd number of hex digits (${digits.length})`);
  return Buffer.from(digits, 'hex');
}

export async function readInput(file: string, hex: boolean): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = file === '-' ? await readStdin() : fs.readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return hex ? parseHex(raw.toString('latin1')) : raw;
}
