// The master lease in Redis: one key holding "<owner> <generation>" with a time to
// live, taken and renewed by Lua scripts so each step is atomic. Generation ids only
// grow: a counter key, floored at the Redis server's clock in microseconds, so even a
// Redis that restarted empty hands out ids above any the switches have seen.

import type Redis from 'ioredis';
import type { RedisEndpoint } from '../store/config-schema';
import { createRedisClient } from '../store/redis-client';
import type { LeaseHolder } from './lease';

/** Answer of acquire: granted (ours, possibly new) or held by someone else. */
export type AcquireResult =
  | { granted: true; generation: bigint }
  | { granted: false; holder: LeaseHolder | null };

/** The lease operations the coordinator needs (a fake in unit tests). */
export interface LeaseStore {
  /** Takes the lease if free, or extends it if it is already ours. */
  acquire(owner: string, ttlMs: number): Promise<AcquireResult>;
  /** Extends our lease; false when it is no longer ours (expired, taken). */
  renew(owner: string, generation: bigint, ttlMs: number): Promise<boolean>;
  /** Gives our lease up (graceful stop) so the spare need not wait for it to expire. */
  release(owner: string, generation: bigint): Promise<void>;
  /** Who holds the lease now (null: nobody). */
  holder(): Promise<LeaseHolder | null>;
  close(): Promise<void>;
}

// KEYS[1] lease, KEYS[2] generation counter; ARGV[1] owner, ARGV[2] ttl ms.
const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local sp = string.find(cur, ' ', 1, true)
  if sp and string.sub(cur, 1, sp - 1) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {1, string.sub(cur, sp + 1)}
  end
  return {0, cur}
end
local t = redis.call('TIME')
local floor = tonumber(t[1]) * 1000000 + tonumber(t[2])
local gen = redis.call('INCR', KEYS[2])
if gen < floor then
  redis.call('SET', KEYS[2], string.format('%.0f', floor))
  gen = floor
end
local g = string.format('%.0f', gen)
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. g, 'PX', ARGV[2])
return {1, g}
`;

// KEYS[1] lease; ARGV[1] "<owner> <generation>", ARGV[2] ttl ms.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

export function parseHolder(text: string | null): LeaseHolder | null {
  if (text === null) return null;
  const sp = text.indexOf(' ');
  if (sp <= 0 || !/^[0-9]+$/.test(text.slice(sp + 1))) return null;
  return { owner: text.slice(0, sp), generation: BigInt(text.slice(sp + 1)) };
}

interface LeaseCommands {
  slrLeaseAcquire(lease: string, gen: string, owner: string, ttl: number): Promise<[number, string]>;
  slrLeaseRenew(lease: string, value: string, ttl: number): Promise<number>;
  slrLeaseRelease(lease: string, value: string): Promise<number>;
}

/** The store's Redis (url, or sentinels and a master group name) and the lease's own settings. */
export interface RedisLeaseOptions extends RedisEndpoint {
  /** The same prefix as the store's keys: "<prefix>ha:lease", "<prefix>ha:generation". */
  keyPrefix: string;
  /** A command not answered in this time fails (the lease is short; a slow answer is no answer). */
  commandTimeoutMs: number;
}

export class RedisLeaseStore implements LeaseStore {
  private readonly redis: Redis & LeaseCommands;
  readonly leaseKey: string;
  readonly generationKey: string;

  constructor(opts: RedisLeaseOptions) {
    this.leaseKey = `${opts.keyPrefix}ha:lease`;
    this.generationKey = `${opts.keyPrefix}ha:generation`;
    // Through Sentinel the lease follows a failover like the store does. The lease and its
    // generation counter are replicated; a lease lost with the last unreplicated writes is
    // simply taken again, with a generation above the old one (the counter is floored at
    // the server clock: see ACQUIRE).
    const redis = createRedisClient(opts, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: opts.commandTimeoutMs,
      retryStrategy: (attempt: number) => Math.min(20 * attempt, 500),
    });
    // Errors surface as rejected commands; the connection retries on its own.
    redis.on('error', () => undefined);
    redis.defineCommand('slrLeaseAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('slrLeaseRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('slrLeaseRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as Redis & LeaseCommands;
  }

  /** Resolves once connected, or after timeoutMs (the coordinator copes with a store that is down). */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.redis.once('ready', done);
    });
  }

  async acquire(owner: string, ttlMs: number): Promise<AcquireResult> {
    const [ok, value] = await this.redis.slrLeaseAcquire(this.leaseKey, this.generationKey, owner, ttlMs);
    if (ok === 1) return { granted: true, generation: BigInt(value) };
    return { granted: false, holder: parseHolder(value) };
  }

  async renew(owner: string, generation: bigint, ttlMs: number): Promise<boolean> {
    return (await this.redis.slrLeaseRenew(this.leaseKey, `${owner} ${generation}`, ttlMs)) === 1;
  }

  async release(owner: string, generation: bigint): Promise<void> {
    await this.redis.slrLeaseRelease(this.leaseKey, `${owner} ${generation}`);
  }

  async holder(): Promise<LeaseHolder | null> {
    return parseHolder(await this.redis.get(this.leaseKey));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
