// The recovery app's config section (apps.recovery), with a description on every key.
import type { JsonSchema } from '../../controller';

export interface RecoveryConfig {
  readonly enabled: boolean;
  readonly auditIntervalMs: number;
  readonly pinIdleLimitSec: number;
  readonly sweepIntervalMs: number;
  readonly restorePinsOnStart: boolean;
}

export const DEFAULT_RECOVERY_CONFIG: RecoveryConfig = {
  enabled: true,
  auditIntervalMs: 1000,
  pinIdleLimitSec: 300,
  sweepIntervalMs: 5000,
  restorePinsOnStart: true,
};

const d = DEFAULT_RECOVERY_CONFIG;
export const RECOVERY_CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Recovery of lost flows and pins (apps/recovery/README.md): switch audits, pins that outlive their switch flows, pins restored at start.',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: { type: 'boolean', default: d.enabled, description: 'Run the recovery app. Off: no audits, and a pin ends when its switch flow idles out (the behaviour before recovery).' },
    auditIntervalMs: {
      type: 'integer', minimum: 0, maximum: 3_600_000, default: d.auditIntervalMs,
      description: 'How often each switch\'s tables are audited by cookie (one aggregate flow statistics request per kind of flow without a timeout); a switch holding fewer than wanted is reconciled at once. 0: no periodic audit (FLOW_REMOVED and reconnects still trigger repairs).',
    },
    pinIdleLimitSec: {
      type: 'integer', minimum: 0, maximum: 30 * 86400, default: d.pinIdleLimitSec,
      description: 'How long a pin lives on after its switch flow idled out (seconds without a packet): the connection\'s next packet within this time re-installs the same flow to the same target. 0: pins end with their switch flows.',
    },
    sweepIntervalMs: {
      type: 'integer', minimum: 100, maximum: 3_600_000, default: d.sweepIntervalMs,
      description: 'How often pins dormant for longer than pinIdleLimitSec are released (from memory and the store).',
    },
    restorePinsOnStart: {
      type: 'boolean', default: d.restorePinsOnStart,
      description: 'Load the pins mirrored in the store (Redis) before any switch connects, so a restarted controller keeps every live pinned flow instead of deleting it as stale.',
    },
  },
};

/** The validated section (or nothing) with defaults for anything missing. */
export function recoveryConfigFrom(section: unknown): RecoveryConfig {
  const given = section && typeof section === 'object' ? (section as Partial<RecoveryConfig>) : {};
  return { ...DEFAULT_RECOVERY_CONFIG, ...given };
}
