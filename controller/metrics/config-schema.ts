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
  description: 'GET /metrics for Prometheus (dashboards/ has the dashboards and alert rules). The endpoint has no authentication: keep it on loopback or a management network.',
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Serve the metrics endpoint.' },
    host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Address the metrics endpoint listens on.' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: DEFAULT_METRICS_PORT, description: 'Port of the metrics endpoint (0: any free port, printed in the "metrics listening" log line).' },
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
