// Reading the JSON-lines logs the site's processes write (HTTP servers, agents) and
// waiting for a condition on them. Deadlines only bound a hung test; nothing here
// asserts a speed.
import { existsSync, readFileSync } from 'node:fs';

export type JsonRecord = Record<string, unknown>;

/** Every parseable JSON line of a file (none if it does not exist yet). */
export function readJsonLines(file: string): JsonRecord[] {
  if (!existsSync(file)) return [];
  const out: JsonRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as JsonRecord);
    } catch {
      // a line still being written
    }
  }
  return out;
}

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, deadlineMs: number, pollMs = 100): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One HTTP request as the test-bed server logged it. */
export interface ServedRequest {
  event: string;
  server: string;
  client: string;
  clientPort: number;
  local: string;
  localPort: number;
  path: string;
  t: number;
}

export function servedRequests(file: string): ServedRequest[] {
  return readJsonLines(file).filter((r) => typeof r.client === 'string') as unknown as ServedRequest[];
}
