// The one Redis client factory: the plain case gets exactly the caller's options, the
// Sentinel case adds only how to find the master.
import Redis from 'ioredis';
import { isSlrError } from '../../../../controller/errors';
import { createRedisClient, redisClientOptions, SENTINEL_COMMAND_TIMEOUT_MS, usesSentinels } from '../../../../controller/store/redis-client';

const mine = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: (n: number) => n };
const sentinels = [{ host: '127.0.0.1', port: 26379 }, { host: '127.0.0.2', port: 26380 }];

describe('redisClientOptions', () => {
  it('hands back the caller\'s options untouched without sentinels', () => {
    expect(redisClientOptions({ url: 'redis://127.0.0.1:6379' }, mine)).toBe(mine);
    expect(usesSentinels({ url: 'redis://x' })).toBe(false);
  });

  it('adds the sentinels, the group name, the master role and a sentinel timeout, keeping the caller\'s options', () => {
    const o = redisClientOptions({ url: 'redis://x', sentinels, sentinelName: 'slr' }, mine);
    expect(o).toMatchObject({ ...mine, sentinels, name: 'slr', role: 'master', sentinelCommandTimeout: SENTINEL_COMMAND_TIMEOUT_MS });
    expect(o.sentinelPassword).toBeUndefined();
    expect(o.enableTLSForSentinelMode).toBeUndefined();
    expect(usesSentinels({ url: 'redis://x', sentinels, sentinelName: 'slr' })).toBe(true);
  });

  it('reconnects on READONLY only (a demoted master), not on other command errors', () => {
    const o = redisClientOptions({ url: 'redis://x', sentinels, sentinelName: 'slr' }, mine);
    const reconnect = o.reconnectOnError as (err: Error) => boolean;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(true);
    expect(reconnect(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
  });

  it('passes the sentinel password, and speaks TLS to master and sentinels for rediss://', () => {
    const o = redisClientOptions({ url: 'rediss://x', sentinels, sentinelName: 'slr', sentinelPassword: 'pw' }, mine);
    expect(o).toMatchObject({ sentinelPassword: 'pw', enableTLSForSentinelMode: true, sentinelTLS: {} });
  });

  it('refuses sentinels without a name, or a name without sentinels, as a config error', () => {
    for (const e of [{ url: 'redis://x', sentinels }, { url: 'redis://x', sentinels: [], sentinelName: 'slr' }, { url: 'redis://x', sentinelPassword: 'pw' }]) {
      let caught: unknown;
      try {
        redisClientOptions(e, mine);
      } catch (err) {
        caught = err;
      }
      expect(isSlrError(caught, 'CONFIG_INVALID')).toBe(true);
    }
  });
});

describe('createRedisClient', () => {
  it('makes a client that reads user, password and database from the url, also through sentinels', () => {
    const plain = createRedisClient({ url: 'redis://u:p@127.0.0.1:1/3' }, mine);
    const viaSentinels = createRedisClient({ url: 'redis://u:p@anything/3', sentinels, sentinelName: 'slr' }, mine);
    try {
      expect(plain).toBeInstanceOf(Redis);
      expect(plain.options).toMatchObject({ host: '127.0.0.1', port: 1, username: 'u', password: 'p', db: 3, lazyConnect: true });
      expect(viaSentinels.options).toMatchObject({ username: 'u', password: 'p', db: 3, name: 'slr', sentinels });
    } finally {
      plain.disconnect();
      viaSentinels.disconnect();
    }
  });
});
