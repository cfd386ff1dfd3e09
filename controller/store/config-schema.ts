// The redis config section. Absent: the in-memory store (one embedded controller).

type JsonSchema = { [key: string]: unknown };

/**
 * How to reach a Redis through Redis Sentinel, shared by the redis section and the API's
 * own state section (northbound-api). With sentinels, the client asks them where the
 * master of the named group is (SENTINEL GET-MASTER-ADDR-BY-NAME, Redis Sentinel docs
 * "Sentinel clients implementation") instead of connecting to the url's host and port.
 */
export const SENTINEL_PROPERTIES: Record<string, JsonSchema> = {
  sentinels: {
    type: 'array',
    minItems: 1,
    description: 'Redis Sentinel processes to ask where the master is (docs/redis-sentinel.md). Given: the host and port '
      + 'of the Redis URL are not used; its scheme, user, password and database number still are. List several: any '
      + 'one that answers is enough. Absent: connect to the URL directly.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port'],
      description: 'One sentinel.',
      properties: {
        host: { type: 'string', minLength: 1, description: 'Address of the sentinel.', examples: ['10.0.0.5'] },
        port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Its TCP port (26379 by convention).', examples: [26379] },
      },
    },
  },
  sentinelName: {
    type: 'string', minLength: 1, pattern: '^[^\\s]+$',
    description: 'The master group name the sentinels monitor (`sentinel monitor <name> ...` in sentinel.conf). Required with sentinels.',
    examples: ['slr'],
  },
  sentinelPassword: {
    type: 'string', minLength: 1,
    description: 'Password of the sentinels themselves (their `requirepass`), when they have one; the master\'s password stays in the Redis URL.',
  },
};

/** Sentinel keys go together: a list without a name (or the reverse) is refused with a message naming both. */
export const SENTINEL_DEPENDENCIES: JsonSchema = {
  sentinels: ['sentinelName'],
  sentinelName: ['sentinels'],
  sentinelPassword: ['sentinels'],
};

export const REDIS_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  dependencies: SENTINEL_DEPENDENCIES,
  description: 'Redis holding the state a restarted or standby controller takes over: pins, load tables, labels, API-configured state. Absent: state in memory only, lost with the process.',
  properties: {
    url: {
      type: 'string', pattern: '^rediss?://',
      description: 'Redis to connect to (rediss:// for TLS). With sentinels, only its scheme, user, password and database number count (the host is a placeholder).',
      examples: ['redis://127.0.0.1:6379'],
    },
    ...SENTINEL_PROPERTIES,
    keyPrefix: { type: 'string', minLength: 1, maxLength: 64, default: 'slr:', description: 'Prefix of every key and channel, so deployments sharing a Redis stay apart (each item of levels adds its id to it).' },
    maxReconnectDelayMs: { type: 'integer', minimum: 10, maximum: 60_000, default: 2000, description: 'Longest wait between reconnection attempts while Redis is down, ms (health is degraded meanwhile).' },
  },
};

/** One sentinel as configured. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/** Where a Redis is: a URL, optionally behind Redis Sentinel (see SENTINEL_PROPERTIES). */
export interface RedisEndpoint {
  url: string;
  sentinels?: readonly SentinelAddress[];
  sentinelName?: string;
  sentinelPassword?: string;
}

export interface RedisConfig extends RedisEndpoint {
  keyPrefix: string;
  maxReconnectDelayMs: number;
}

/** The endpoint part of a config section (what the client helper needs to connect). */
export function redisEndpointOf(c: RedisEndpoint): RedisEndpoint {
  const out: RedisEndpoint = { url: c.url };
  if (c.sentinels !== undefined) out.sentinels = c.sentinels;
  if (c.sentinelName !== undefined) out.sentinelName = c.sentinelName;
  if (c.sentinelPassword !== undefined) out.sentinelPassword = c.sentinelPassword;
  return out;
}
