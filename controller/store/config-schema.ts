// The redis config section. Absent: the in-memory store (one embedded controller).

type JsonSchema = { [key: string]: unknown };

export const REDIS_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', pattern: '^rediss?://' },
    /** Namespace of keys and channels: deployments (or SLR levels) sharing a Redis stay apart. */
    keyPrefix: { type: 'string', minLength: 1, maxLength: 64, default: 'slr:' },
    maxReconnectDelayMs: { type: 'integer', minimum: 10, maximum: 60_000, default: 2000 },
  },
};

export interface RedisConfig {
  url: string;
  keyPrefix: string;
  maxReconnectDelayMs: number;
}
