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
  description: 'The baseline L2 learning switch: traffic that is not for a VIP is forwarded by learned MAC addresses.',
  properties: {
    enabled: { type: 'boolean', default: d.enabled, description: 'Run the L2 forwarding app.' },
    idleTimeout: { type: 'integer', minimum: 0, maximum: 0xffff, default: d.idleTimeout, description: 'Idle timeout of a learned flow on the switch, seconds; 0: never expires.' },
    hardTimeout: { type: 'integer', minimum: 0, maximum: 0xffff, default: d.hardTimeout, description: 'Hard timeout of a learned flow, seconds; 0: none.' },
    maxMacsPerDatapath: { type: 'integer', minimum: 1, maximum: 10_000_000, default: d.maxMacsPerDatapath, description: 'Learned MAC addresses kept per switch; the least recently learned are forgotten first.' },
    maxFlowsPerDatapath: { type: 'integer', minimum: 1, maximum: 10_000_000, default: d.maxFlowsPerDatapath, description: 'Learned flows remembered per switch; evicted ones are left to expire on the switch.' },
    macAgeSeconds: { type: 'integer', minimum: 1, maximum: 86400 * 365, default: d.macAgeSeconds, description: 'A learned MAC not seen again as a source this long is forgotten, seconds.' },
  },
};

/** The validated section (or nothing) with defaults for anything missing. */
export function forwardingConfigFrom(section: unknown): ForwardingConfig {
  const given = section && typeof section === 'object' ? (section as Partial<ForwardingConfig>) : {};
  return { ...DEFAULT_FORWARDING_CONFIG, ...given };
}
