// How the runtime plugs metrics in: the core and every switch connection become
// sources, and the GET /metrics listener starts when the config enables it.
import type { OfListener } from '../../southbound/channel';
import type { SlrConfig } from '../config/types';
import type { Controller } from '../controller';
import { componentLogger, type Logger } from '../logger';
import { metricsConfigOf } from './config-schema';
import type { ControllerMetrics } from './controller-metrics';
import { type MetricsListener, startMetricsListener } from './http-listener';

export async function startRuntimeMetrics(
  opts: { config: SlrConfig; log: Logger; metrics?: ControllerMetrics },
  controller: Controller,
  listener: OfListener,
): Promise<MetricsListener | undefined> {
  const metrics = opts.metrics;
  if (!metrics) return undefined;
  metrics.watchController(controller);
  const attach = listener.onSwitch;
  listener.onSwitch = (conn) => {
    metrics.trackSwitch(conn);
    attach(conn);
  };
  const cfg = metricsConfigOf(opts.config);
  if (!cfg.enabled) return undefined;
  return startMetricsListener(metrics.registry, cfg, componentLogger(opts.log, 'metrics'));
}
