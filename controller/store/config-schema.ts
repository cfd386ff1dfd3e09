// The redis config section. Absent: the in-memory store (one embedded controller).

type JsonSchema = { [key: string]: unknown };

export const REDIS_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  description: 'Redis holding the state a restarted or standby controller takes over: pins, load tables, labels, API-configured state. Absent: state in memory only, lost with the process.',
  properties: {
    url: { type: 'string', pattern: '^rediss?://', description: 'Redis to connect to (rediss:// for TLS).', examples: ['redis://127.0.0.1:6379'] },
    keyPrefix: { type: 'string', minLength: 1, maxLength: 64, default: 'slr:', description: 'Prefix of every key and channel, so deployments sharing a Redis stay apart (each item of levels adds its id to it).' },
    maxReconnectDelayMs: { type: 'integer', minimum: 10, maximum: 60_000, default: 2000, description: 'Longest wait between reconnection attempts while Redis is down, ms (health is degraded meanwhile).' },
  },
};

export interface RedisConfig {
  url: string;
  keyPrefix: string;
  maxReconnectDelayMs: number;
}
