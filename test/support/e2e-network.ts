// One call to get a controller plus a Mininet network pointed at it, and one to take
// both down again. Tests call stop() in afterAll; the child registry covers the cases
// where afterAll never runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { artifactDir, REPO_ROOT } from './artifacts';
import { startSlrController, startTestController, type RunningController } from './controller-process';
import { MininetDriver } from './mininet-driver';
import { assertTestBed } from './testbed';

export interface E2eNetworkOptions {
  /** Names the artifact folder: use the test file's name. */
  name: string;
  /** Topology file, relative to the repo root or absolute. */
  topology: string;
  controller?: 'slr' | 'ovs-testcontroller';
  /** slr config; default: forwarding app on. openflow.host/port come from the harness. */
  controllerConfig?: object;
  /** Own OVS daemons for this network (isolation; needed for restartOvs). */
  privateOvs?: boolean;
}

export interface E2eNetwork {
  controller: RunningController;
  net: MininetDriver;
  /** Folder with the controller log, the driver log and config. */
  dir: string;
  stop(): Promise<void>;
}

export function forwardingConfig(): object {
  return {
    openflow: { host: '127.0.0.1', port: 0 },
    log: { level: 'debug' },
    apps: { forwarding: { enabled: true } },
  };
}

export async function startE2eNetwork(opts: E2eNetworkOptions): Promise<E2eNetwork> {
  assertTestBed();
  const dir = artifactDir(opts.name);
  const topology = path.isAbsolute(opts.topology) ? opts.topology : path.join(REPO_ROOT, opts.topology);
  if (!existsSync(topology)) throw new Error(`no topology file ${topology}`);
  const controller = opts.controller === 'ovs-testcontroller'
    ? await startTestController(dir)
    : await startSlrController({ config: opts.controllerConfig ?? forwardingConfig(), logDir: dir });
  let net: MininetDriver;
  try {
    net = await MininetDriver.start({ topology, controllerPort: controller.port, logDir: dir, privateOvs: opts.privateOvs });
  } catch (err) {
    await controller.stop();
    throw err;
  }
  let stopped = false;
  return {
    controller,
    net,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      // The network first: switches then lose a live controller, never the reverse.
      try {
        await net.stop();
      } finally {
        await controller.stop();
      }
    },
  };
}
