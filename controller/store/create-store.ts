// Picks the store from config: Redis when a redis section is present, memory otherwise.

import type { Logger } from '../logger';
import { redisEndpointOf, type RedisConfig } from './config-schema';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import type { ControllerStore } from './types';

export function createStore(redis: RedisConfig | undefined, log?: Logger): ControllerStore {
  if (redis === undefined) return new MemoryStore();
  return new RedisStore({ ...redisEndpointOf(redis), keyPrefix: redis.keyPrefix, maxReconnectDelayMs: redis.maxReconnectDelayMs, log });
}
