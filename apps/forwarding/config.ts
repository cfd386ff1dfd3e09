// The forwarding app's config section (apps.forwarding) and its defaults.
import type { JsonSchema } from '../../controller';

export interface ForwardingConfig {
  readonly enabled: boolean;
  /** Seconds; 0 = never. Idle expiry plus SEND_FLOW_REM keeps the app's view in step. */
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  /** Bound on learned MACs per switch (least recently learned are evicted). */
  readonly maxMacsPerDatapath: number;
  /** Bound on remembered learned flows per switch (evicted ones expire on the switch). */
  readonly maxFlowsPerDatapath: number;
  /** Seconds a learned MAC stays valid without being seen again as a source. */
  readonly macAgeSeconds: number;
}

export const DEFAULT_FORWARDING_CONFIG: ForwardingConfig = {
  enabled: true,
  idleTimeout: 60,
  hardTimeout: 0,
  maxMacsPerDatapath: 65536,
  maxFlowsPerDatapath: 65536,
  macAgeSeconds: 300,
};

const d = DEFAULT_FORWARDING_CONFIG;
export const FORWARDING_CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: { type: 'boolean', default: d.enabled },
    idleTimeout: { type: 'integer', minimum: 0, maximum: 0xffff, default: d.idleTimeout },
    hardTimeout: { type: 'integer', minimum: 0, maximum: 0xffff, default: d.hardTimeout },
    maxMacsPerDatapath: { type: 'integer', minimum: 1, maximum: 10_000_000, default: d.maxMacsPerDatapath },
    maxFlowsPerDatapath: { type: 'integer', minimum: 1, maximum: 10_000_000, default: d.maxFlowsPerDatapath },
    macAgeSeconds: { type: 'integer', minimum: 1, maximum: 86400 * 365, default: d.macAgeSeconds },
  },
};

/** The validated section (or nothing) with defaults for anything missing. */
export function forwardingConfigFrom(section: unknown): ForwardingConfig {
  const given = section && typeof section === 'object' ? (section as Partial<ForwardingConfig>) : {};
  return { ...DEFAULT_FORWARDING_CONFIG, ...given };
}
