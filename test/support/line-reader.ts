// Splits a stream into lines and hands each to a callback: both the controller's JSON
// log and the Mininet driver's protocol are one JSON object per line.
import type { Readable } from 'node:stream';

export function onLines(stream: Readable, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
    }
  });
  stream.on('end', () => {
    if (buffered.trim() !== '') onLine(buffered);
    buffered = '';
  });
}

/** JSON.parse that returns undefined instead of throwing on a non-JSON line. */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
