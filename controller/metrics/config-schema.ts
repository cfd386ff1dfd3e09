// The `metrics` config section: where the controller (or an agent) serves GET /metrics
// for Prometheus. Off unless enabled, and loopback by default: the endpoint has no auth.
import type { JsonSchema } from '../config/schema';

export interface MetricsConfig {
  readonly enabled: boolean;
  readonly host: string;
  /** 0: any free port, reported in the "metrics listening" log line. */
  readonly port: number;
}

/** 9464 is the port Prometheus exporters of OpenTelemetry use; any free port will do. */
export const DEFAULT_METRICS_PORT = 9464;

export const METRICS_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: { type: 'boolean', default: false },
    host: { type: 'string', minLength: 1, default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: DEFAULT_METRICS_PORT },
  },
};

/** The section of a validated config (defaults filled in by the loader). */
export function metricsConfigOf(config: { readonly [section: string]: unknown }): MetricsConfig {
  const m = config.metrics as Partial<MetricsConfig> | undefined;
  return {
    enabled: m?.enabled ?? false,
    host: m?.host ?? '127.0.0.1',
    port: m?.port ?? DEFAULT_METRICS_PORT,
  };
}
