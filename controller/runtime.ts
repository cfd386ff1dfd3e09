// Wires a validated config to a running controller: the OpenFlow listener, the core
// and its apps. The CLI and in-process tests both start the controller through here.
import { OfListener } from '../southbound/channel';
import type { App } from './app';
import { toChannelConfig } from './config/types';
import type { SlrConfig } from './config/types';
import { Controller } from './controller';
import type { Clock } from './clock';
import { componentLogger, type Logger } from './logger';

export interface RuntimeOptions {
  config: SlrConfig;
  log: Logger;
  apps: App[];
  clock?: Clock;
}

export interface Runtime {
  readonly controller: Controller;
  readonly listener: OfListener;
  readonly address: { host: string; port: number };
  stop(): Promise<void>;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const controller = new Controller({
    log: componentLogger(opts.log, 'core'),
    clock: opts.clock,
    reconcileReadTimeoutMs: Math.max(30_000, opts.config.openflow.timeouts.requestMs),
  });
  for (const app of opts.apps) controller.register(app);
  await controller.start();
  const listener = new OfListener(toChannelConfig(opts.config.openflow), componentLogger(opts.log, 'channel'));
  listener.onSwitch = (conn) => controller.attach(conn);
  let address: { host: string; port: number };
  try {
    address = await listener.listen();
  } catch (err) {
    await controller.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    controller,
    listener,
    address,
    stop: () => {
      stopping ??= (async () => {
        await controller.stop();
        await listener.close();
      })();
      return stopping;
    },
  };
}
