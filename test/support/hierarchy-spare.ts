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
import { readFileSync } from 'node:fs';
import { startSlrController, type RunningController } from './controller-process';
import { hierarchyProcessConfig } from './hierarchy-config';
import { finishHierarchy, startHierarchyBase, type Hierarchy } from './hierarchy-harness';

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
  const b = await startHierarchyBase(opts);
  const { layout, options } = b;
  try {
    if (!layout.processes.some((p) => p.name === opts.spared)) throw new Error(`${layout.name}: no process ${opts.spared}`);
    const topo = JSON.parse(readFileSync(opts.topology, 'utf8')) as TopologySwitches;
    const switches = topo.switches.filter((s) => s.controller === opts.spared).map((s) => s.name);
    const processes = new Map<string, RunningController>();
    const base = hierarchyProcessConfig(layout, opts.spared, options);
    const keyPrefix = (base.redis as { keyPrefix: string }).keyPrefix;
    const masterId = `${opts.spared}-a`;
    const spareId = `${opts.spared}-b`;
    const withHa = (instanceId: string): Record<string, unknown> => ({ ...base, ha: { ...(opts.ha ?? {}), instanceId } });
    const master = await startSlrController({ config: withHa(masterId), logDir: b.dir, name: `${opts.spared}-a`, readyTimeoutMs: 30_000 });
    b.cleanups.push(() => master.stop());
    processes.set(opts.spared, master);
    await master.waitForLog((r) => r.msg === MASTER_LOG, 10_000);
    const spare = await startSlrController({ config: withHa(spareId), logDir: b.dir, name: `${opts.spared}-b`, readyTimeoutMs: 30_000 });
    b.cleanups.push(() => spare.stop());
    processes.set(`${opts.spared}-spare`, spare);
    await spare.waitForLog((r) => r.msg === 'hot spare: standing by as slave', 10_000);
    for (const p of layout.processes) {
      if (p.name === opts.spared) continue;
      const ctl = await startSlrController({ config: hierarchyProcessConfig(layout, p.name, options), logDir: b.dir, name: p.name, readyTimeoutMs: 30_000 });
      processes.set(p.name, ctl);
      b.cleanups.push(() => ctl.stop());
    }
    // One Controller row per process of the pair (Open vSwitch keeps one connection to each).
    const h = await finishHierarchy(b, opts.topology, processes, async (net) => {
      for (const sw of switches) await net.setControllers(sw, [master.port, spare.port]);
    });
    let stopped = false;
    return {
      h, master, spare, masterId, spareId, switches, keyPrefix, redisUrl: b.redis.url,
      async stop() {
        if (stopped) return;
        stopped = true;
        // The network first, then every process (the spare too: it is in processes), Redis, the sockets.
        await h.stop();
      },
    };
  } catch (err) {
    await b.undo();
    throw err;
  }
}
