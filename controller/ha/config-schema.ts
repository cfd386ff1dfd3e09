// The ha config section: a hot-spare pair of controller processes on one Redis.
// Absent (or enabled: false): one controller, no roles claimed, no lease.
import type { LeaseTiming } from './lease';

type JsonSchema = { [key: string]: unknown };

export const HA_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Hot spare: two controller processes with the same config and Redis connect to the same switches; '
    + 'the one holding the master lease in Redis is OpenFlow MASTER and serves, the other is SLAVE and takes over '
    + 'when the lease runs out (README "Hot spare"). Needs the redis section.',
  properties: {
    enabled: { type: 'boolean', default: true, description: 'Run as one of a hot-spare pair (false: a single controller, as without this section).' },
    instanceId: {
      type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\s]+$',
      description: 'This process\'s name as lease owner (no spaces). Default: hostname, pid and a random suffix, unique per start.',
    },
    leaseTtlMs: {
      type: 'integer', minimum: 50, maximum: 60_000, default: 400,
      description: 'Time to live of the master lease in Redis. A killed master is replaced after at most about this long '
        + 'plus acquireIntervalMs; a short lease also means a Redis outage longer than this stops the master writing.',
    },
    renewIntervalMs: {
      type: 'integer', minimum: 10, maximum: 30_000, default: 100,
      description: 'How often the master renews its lease (at most half of leaseTtlMs).',
    },
    acquireIntervalMs: {
      type: 'integer', minimum: 10, maximum: 30_000, default: 50,
      description: 'How often the spare tries to take the lease.',
    },
    safetyMarginMs: {
      type: 'integer', minimum: 0, maximum: 30_000, default: 50,
      description: 'The master stops writing this long before its lease runs out by its own clock (allowance for clock-rate '
        + 'drift between the controller and Redis).',
    },
  },
};

export interface HaConfig {
  enabled: boolean;
  instanceId?: string;
  leaseTtlMs: number;
  renewIntervalMs: number;
  acquireIntervalMs: number;
  safetyMarginMs: number;
}

export function leaseTimingOf(c: HaConfig): LeaseTiming {
  return { ttlMs: c.leaseTtlMs, renewIntervalMs: c.renewIntervalMs, acquireIntervalMs: c.acquireIntervalMs, safetyMarginMs: c.safetyMarginMs };
}
