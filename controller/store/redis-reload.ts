// Reading the shared state back from Redis: the load tables (at start, after a
// reconnect or resubscribe) and the mirrored pins (for a spare taking over).

import type Redis from 'ioredis';
import type { LoadTableCache } from './load-table-cache';
import { scanKeys, type PendingLoad } from './redis-batch';
import { decodeRow, type RedisKeys } from './redis-codec';

export const rowKey = (subnet: string, targetId: string): string => `${subnet}\n${targetId}`;

/**
 * Merges every load row in Redis into the cache. Removals arrive as tombstones. Rows
 * the cache holds that Redis lacks, or holds older, are queued in `pending` to be
 * written back: Redis lost data (restart without persistence, flush) and the shared
 * copy heals from the controllers. The caller holds the flush lock, so no write of
 * ours is in flight while this compares.
 */
export async function reloadLoadTables(
  redis: Redis,
  keys: RedisKeys,
  cache: LoadTableCache,
  pending: Map<string, PendingLoad>,
): Promise<void> {
  const hashKeys = await scanKeys(redis, keys.loadPattern);
  const p = redis.pipeline();
  for (const k of hashKeys) p.hgetall(k);
  const results = (await p.exec()) ?? [];
  const seen = new Set<string>();
  results.forEach(([err, value], i) => {
    if (err || typeof value !== 'object' || value === null) return;
    const subnet = keys.subnetOf(hashKeys[i]);
    for (const [targetId, text] of Object.entries(value as Record<string, string>)) {
      const row = decodeRow(text);
      if (row === undefined) continue;
      const k = rowKey(subnet, targetId);
      seen.add(k);
      if (row.kind === 'tombstone') {
        cache.removeIfNotNewer(subnet, targetId, row.removedAt);
        continue;
      }
      cache.apply({ subnet, targetId, ...row.entry });
      const local = cache.get(subnet, targetId);
      if (local !== undefined && local.reportedAt > row.entry.reportedAt && !pending.has(k)) {
        pending.set(k, { subnet, targetId, entry: local });
      }
    }
  });
  for (const subnet of [...cache.subnets()]) {
    for (const [targetId, entry] of [...(cache.subnet(subnet) ?? [])]) {
      const k = rowKey(subnet, targetId);
      if (!seen.has(k) && !pending.has(k)) pending.set(k, { subnet, targetId, entry });
    }
  }
}

/** Every mirrored pin (key -> value), read by SCAN and MGET in chunks. */
export async function loadMirroredPins(redis: Redis, keys: RedisKeys): Promise<Map<string, string>> {
  const found = await scanKeys(redis, keys.pinPattern);
  const out = new Map<string, string>();
  for (let i = 0; i < found.length; i += 1000) {
    const chunk = found.slice(i, i + 1000);
    const values = await redis.mget(...chunk);
    chunk.forEach((k, j) => {
      const v = values[j];
      if (v !== null) out.set(keys.pinKeyOf(k), v);
    });
  }
  return out;
}
