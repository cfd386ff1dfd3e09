// Wires a validated config to a running controller: the OpenFlow listener, the core
// and its apps. The CLI and in-process tests both start the controller through here.
import { OfListener } from '../southbound/channel';
import type { App } from './app';
import { toChannelConfig } from './config/types';
import type { SlrConfig } from './config/types';
import { Controller } from './controller';
import type { PacketInMeterOptions } from './packet-in-meter';
import type { Clock } from './clock';
import { componentLogger, type Logger } from './logger';
import type { ControllerMetrics } from './metrics/controller-metrics';
import type { MetricsListener } from './metrics/http-listener';
import { startRuntimeMetrics } from './metrics/runtime-hook';

export interface RuntimeOptions {
  config: SlrConfig;
  log: Logger;
  apps: App[];
  clock?: Clock;
  /** Served on GET /metrics when the config's metrics section enables it. */
  metrics?: ControllerMetrics;
  /** Hot-spare mode (the ha section): write only as a confirmed MASTER holding the lease. */
  requireMaster?: boolean;
}

export interface Runtime {
  readonly controller: Controller;
  readonly listener: OfListener;
  readonly address: { host: string; port: number };
  /** Where GET /metrics is served (undefined when metrics are off). */
  readonly metricsAddress?: { host: string; port: number };
  stop(): Promise<void>;
}

function meterOptions(config: SlrConfig): PacketInMeterOptions | undefined {
  const l = config.openflow.packetInLimit;
  if (!l?.meter) return undefined;
  return { ratePerSec: l.ratePerSec, burst: l.burst, meterStatsIntervalMs: l.meterStatsIntervalMs, logIntervalMs: l.logIntervalMs };
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const controller = new Controller({
    log: componentLogger(opts.log, 'core'),
    clock: opts.clock,
    reconcileReadTimeoutMs: Math.max(30_000, opts.config.openflow.timeouts.requestMs),
    packetInMeter: meterOptions(opts.config),
    requireMaster: opts.requireMaster,
  });
  for (const app of opts.apps) controller.register(app);
  await controller.start();
  const listener = new OfListener(toChannelConfig(opts.config.openflow), componentLogger(opts.log, 'channel'));
  listener.onSwitch = (conn) => controller.attach(conn);
  let metrics: MetricsListener | undefined;
  let address: { host: string; port: number };
  try {
    metrics = await startRuntimeMetrics(opts, controller, listener);
    address = await listener.listen();
  } catch (err) {
    await metrics?.close();
    await controller.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    controller,
    listener,
    address,
    metricsAddress: metrics && { host: metrics.host, port: metrics.port },
    stop: () => {
      stopping ??= (async () => {
        await controller.stop();
        await listener.close();
        await metrics?.close();
      })();
      return stopping;
    },
  };
}
