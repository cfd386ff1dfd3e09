// Shared bits of the Redis store integration tests.

import { RedisStore } from '../../../../controller/store/redis-store';

/** Polls until check() is true; fails with the description after timeoutMs. */
export async function waitFor(description: string, check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let counter = 0;

/** A store on its own key prefix per test, so tests never see each other's keys. */
export function storePair(url: string): [RedisStore, RedisStore, string] {
  const keyPrefix = `t${process.pid}-${++counter}:`;
  const opts = { url, keyPrefix, maxReconnectDelayMs: 200 };
  return [new RedisStore({ ...opts, instanceId: 'A' }), new RedisStore({ ...opts, instanceId: 'B' }), keyPrefix];
}
