// An SLR hierarchy (a topology's `hierarchy` section, e.g. topologies/hierarchy2.json)
// in which one controller process runs as a hot-spare pair: two `slr controller`
// processes with that process's config plus an `ha` section, on the hierarchy's one
// Redis (same key prefix), and every switch of that process connected to both (two
// Controller rows per bridge). The first of the pair takes the master lease before the
// second starts, so "master" and "spare" are known. The levels below register with
// the pair's levels at the one unix socket path their config names: the master binds
// it; the spare binds it when promoted (the socket file a SIGKILLed master leaves is
// cleared once nothing answers on it), so a lower level's registrant finds the new
// master at the address it always used. The other processes run as in
// hierarchy-harness.ts; the pair's spare sits in `processes` under `<name>-spare`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactDir, REPO_ROOT } from './artifacts';
import { startSlrController, type RunningController } from './controller-process';
import { hierarchyProcessConfig, levelsOf, loadHierarchy, type HierarchyConfigOptions } from './hierarchy-config';
import { Hierarchy } from './hierarchy-harness';
import { MininetDriver } from './mininet-driver';
import { startRedisServer } from './redis-server';
import { assertTestBed } from './testbed';

export interface SparedHierarchyOptions {
  name: string;
  topology: string;
  /** The process of the topology's hierarchy section that runs as a hot-spare pair. */
  spared: string;
  /** The ha section of both (instanceId is set per process). */
  ha?: Record<string, unknown>;
  reportIntervalMs?: number;
  missedReportsToExpire?: number;
}

export interface SparedHierarchy {
  h: Hierarchy;
  master: RunningController;
  spare: RunningController;
  /** The lease owners (ha.instanceId) of the master and the spare. */
  masterId: string;
  spareId: string;
  /** The switches the pair drives (topology names), each connected to both. */
  switches: string[];
  /** The Redis key prefix of the pair's process (both use it). */
  keyPrefix: string;
  redisUrl: string;
  stop(): Promise<void>;
}

/** Logged by a hot-spare process once every connected switch answered its MASTER claim. */
export const MASTER_LOG = 'hot spare: master on every switch that answered';

interface TopologySwitches {
  switches: Array<{ name: string; controller?: string }>;
}

export async function startSparedHierarchy(opts: SparedHierarchyOptions): Promise<SparedHierarchy> {
  assertTestBed();
  const layout = loadHierarchy(opts.topology);
  if (!layout.processes.some((p) => p.name === opts.spared)) throw new Error(`${layout.name}: no process ${opts.spared}`);
  const topo = JSON.parse(readFileSync(opts.topology, 'utf8')) as TopologySwitches;
  const switches = topo.switches.filter((s) => s.controller === opts.spared).map((s) => s.name);
  const dir = artifactDir(opts.name);
  // Short path: unix socket names must stay under 108 bytes.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slr-hs-'));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const undo = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const certDir = path.join(tmp, 'certs');
    const names = [...levelsOf(layout).map((l) => l.id), ...layout.servers.map((s) => s.id)];
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'gen-certs.sh'), '--other-ca', certDir, ...names], { stdio: 'pipe' });
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const options: HierarchyConfigOptions = {
      socketDir: tmp,
      certDir,
      redisUrl: redis.url,
      reportIntervalMs: opts.reportIntervalMs ?? 500,
      missedReportsToExpire: opts.missedReportsToExpire ?? 3,
    };
    const processes = new Map<string, RunningController>();
    const base = hierarchyProcessConfig(layout, opts.spared, options);
    const keyPrefix = (base.redis as { keyPrefix: string }).keyPrefix;
    const masterId = `${opts.spared}-a`;
    const spareId = `${opts.spared}-b`;
    const withHa = (instanceId: string): Record<string, unknown> => ({ ...base, ha: { ...(opts.ha ?? {}), instanceId } });
    const master = await startSlrController({ config: withHa(masterId), logDir: dir, name: `${opts.spared}-a`, readyTimeoutMs: 30_000 });
    cleanups.push(() => master.stop());
    processes.set(opts.spared, master);
    await master.waitForLog((r) => r.msg === MASTER_LOG, 10_000);
    const spare = await startSlrController({ config: withHa(spareId), logDir: dir, name: `${opts.spared}-b`, readyTimeoutMs: 30_000 });
    cleanups.push(() => spare.stop());
    processes.set(`${opts.spared}-spare`, spare);
    await spare.waitForLog((r) => r.msg === 'hot spare: standing by as slave', 10_000);
    for (const p of layout.processes) {
      if (p.name === opts.spared) continue;
      const ctl = await startSlrController({ config: hierarchyProcessConfig(layout, p.name, options), logDir: dir, name: p.name, readyTimeoutMs: 30_000 });
      processes.set(p.name, ctl);
      cleanups.push(() => ctl.stop());
    }
    const ports = Object.fromEntries(layout.processes.map((p) => [p.name, processes.get(p.name)!.port]));
    const net = await MininetDriver.start({ topology: opts.topology, controllerPort: ports[layout.processes[0]!.name]!, controllerPorts: ports, logDir: dir, readyTimeoutMs: 90_000 });
    cleanups.push(() => net.stop());
    // One Controller row per process of the pair (Open vSwitch keeps one connection to each).
    for (const sw of switches) await net.setControllers(sw, [master.port, spare.port]);
    await net.waitConnected(45);
    const h = new Hierarchy(layout, dir, tmp, options, redis, processes, net);
    for (const s of layout.servers) await h.startHttp(s.id);
    await Promise.all(layout.servers.map((s) => h.startAgent(s.id)));
    await h.waitReady();
    let stopped = false;
    return {
      h, master, spare, masterId, spareId, switches, keyPrefix, redisUrl: redis.url,
      async stop() {
        if (stopped) return;
        stopped = true;
        // The network first, then every process (the spare too: it is in processes), Redis, the sockets.
        await h.stop();
      },
    };
  } catch (err) {
    await undo();
    throw err;
  }
}
