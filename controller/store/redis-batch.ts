// Sends one batch of pending writes as a single pipeline (one round trip): load rows
// (HSET/HDEL plus one PUBLISH for the whole batch) and pin mirror operations
// (SET NX GET for claims, compare-and-delete for releases).

import type Redis from 'ioredis';
import type { Result } from 'ioredis';
import type { PinOp } from './pin-op-queue';
import { encodeEntry, encodeMessage, encodeTombstone, type LoadMessage, type RedisKeys } from './redis-codec';
import type { LoadEntry } from './types';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    slrDelIfEq(key: string, value: string): Result<number, Context>;
    slrHsetIfNotOlder(key: string, field: string, value: string, at: number): Result<number, Context>;
  }
}

/** Deletes a pin only if it still holds our value: a peer's later claim stays. */
const DEL_IF_EQ = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * Sets a load row (or tombstone) unless the stored one is newer: both are "<head> <time>".
 * Two controllers healing an emptied Redis at once would otherwise let the one that saw
 * only an older report overwrite the newer row the other had just written back.
 */
const HSET_IF_NOT_OLDER = [
  "local cur = redis.call('HGET', KEYS[1], ARGV[1])",
  'if cur then',
  "  local sp = string.find(cur, ' ', 1, true)",
  '  local t = sp and tonumber(string.sub(cur, sp + 1))',
  '  if t and t > tonumber(ARGV[3]) then return 0 end',
  'end',
  "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
  'return 1',
].join('\n');

export function defineScripts(redis: Redis): void {
  redis.defineCommand('slrDelIfEq', { numberOfKeys: 1, lua: DEL_IF_EQ });
  redis.defineCommand('slrHsetIfNotOlder', { numberOfKeys: 1, lua: HSET_IF_NOT_OLDER });
}

export interface PendingLoad {
  subnet: string;
  targetId: string;
  /** null: the row was removed (at removedAt). */
  entry: LoadEntry | null;
  removedAt?: number;
}

export interface BatchOutcome {
  /** Per-command failures (the batch as a whole went through). */
  commandErrors: Error[];
  /** Claims refused because the key held another value: [key, their value]. */
  conflicts: Array<[string, string]>;
}

export async function sendBatch(
  redis: Redis,
  keys: RedisKeys,
  origin: string,
  loads: readonly PendingLoad[],
  pinOps: readonly PinOp[],
): Promise<BatchOutcome> {
  const p = redis.pipeline();
  const message: LoadMessage = { origin, set: [], removed: [] };
  for (const l of loads) {
    if (l.entry === null) {
      const removedAt = l.removedAt ?? 0;
      p.slrHsetIfNotOlder(keys.loadHash(l.subnet), l.targetId, encodeTombstone(removedAt), removedAt);
      message.removed.push([l.subnet, l.targetId, removedAt]);
    } else {
      p.slrHsetIfNotOlder(keys.loadHash(l.subnet), l.targetId, encodeEntry(l.entry), l.entry.reportedAt);
      message.set.push([l.subnet, l.targetId, l.entry.load, l.entry.reportedAt]);
    }
  }
  if (loads.length > 0) p.publish(keys.loadChannel, encodeMessage(message));
  for (const op of pinOps) {
    if (op.kind === 'claim') p.set(keys.pin(op.key), op.value, 'NX', 'GET');
    else p.slrDelIfEq(keys.pin(op.key), op.value);
  }
  // exec rejects only when the batch could not be sent; per-command errors come back in place.
  const results = (await p.exec()) ?? [];
  const outcome: BatchOutcome = { commandErrors: [], conflicts: [] };
  const pinBase = loads.length + (loads.length > 0 ? 1 : 0);
  results.forEach(([err, value], i) => {
    if (err) {
      outcome.commandErrors.push(err);
      return;
    }
    if (i < pinBase) return;
    const op = pinOps[i - pinBase];
    // SET NX GET returns the old value when the key existed (and then sets nothing).
    if (op.kind === 'claim' && typeof value === 'string' && value !== op.value) outcome.conflicts.push([op.key, value]);
  });
  return outcome;
}

/** All keys matching a pattern, by SCAN (never KEYS: it blocks a shared server). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    out.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return out;
}
