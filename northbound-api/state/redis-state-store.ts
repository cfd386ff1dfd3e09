// The API's document in Redis: one hash {generation, doc} written by a compare-and-set
// script, so two controllers sharing a Redis cannot silently overwrite each other.
// Commands fail fast while Redis is down (no offline queue): an API write then gets a
// 503 and changes nothing, and the data path never waits on this.
import type Redis from 'ioredis';
import { connectClient, createRedisClient, type RedisEndpoint } from '../../controller';
import type { ApiStateStore, StoredState } from './state-store';

const SAVE_IF_GENERATION = `
local current = redis.call('HGET', KEYS[1], 'generation')
if ARGV[3] == '' then
  if current then return 0 end
elseif current ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], 'generation', ARGV[2], 'doc', ARGV[1])
return 1
`;

/** The Redis of the API state (url, or sentinels and a master group name) and its key prefix. */
export interface RedisApiStateStoreOptions extends RedisEndpoint {
  /** Same namespace convention as the controller store ("slr:" by default). */
  keyPrefix?: string;
  connectTimeoutMs?: number;
}

export class RedisApiStateStore implements ApiStateStore {
  private readonly redis: Redis;
  private readonly key: string;

  constructor(opts: RedisApiStateStoreOptions) {
    this.key = `${opts.keyPrefix ?? 'slr:'}api:state`;
    this.redis = createRedisClient(opts, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: opts.connectTimeoutMs ?? 2000,
      retryStrategy: (attempt: number) => Math.min(100 * attempt, 2000),
    });
    // Connection errors surface through the failing commands; without a listener
    // ioredis would print them as unhandled.
    this.redis.on('error', () => {});
  }

  private async ready(): Promise<void> {
    if (this.redis.status === 'wait') await connectClient(this.redis);
  }

  async load(): Promise<StoredState | undefined> {
    await this.ready();
    const [generation, text] = await this.redis.hmget(this.key, 'generation', 'doc');
    if (generation === null || text === null) return undefined;
    return { generation: Number(generation), text };
  }

  async save(text: string, generation: number, expected: number | undefined): Promise<boolean> {
    await this.ready();
    const done = await this.redis.eval(SAVE_IF_GENERATION, 1, this.key, text, String(generation), expected === undefined ? '' : String(expected));
    return done === 1;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
