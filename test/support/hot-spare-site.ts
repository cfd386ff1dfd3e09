// The host site of topologies/site.json run by a hot-spare pair: two slr controller
// processes with the same config (serviceRouting, agents, redis and an ha section) on
// one private Redis, every switch connected to both (two Controller rows per bridge).
// The first controller takes the master lease before the second starts, so "master"
// and "spare" are known. Agents register with whichever is master (the same unix
// socket path: the spare binds it when promoted).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactDir } from './artifacts';
import { startSlrController, type RunningController } from './controller-process';
import { MininetDriver } from './mininet-driver';
import { startRedisServer } from './redis-server';
import { loadSiteLayout, siteControllerConfig, SITE_TOPOLOGY } from './site-config';
import { makeSiteCerts, Site } from './site-harness';
import { assertTestBed } from './testbed';

export interface HotSpareSiteOptions {
  name: string;
  ha?: Record<string, unknown>;
  reportIntervalMs?: number;
}

export interface HotSpareSite {
  site: Site;
  master: RunningController;
  spare: RunningController;
  redisUrl: string;
  /** The Redis key prefix both controllers use. */
  keyPrefix: string;
  stop(): Promise<void>;
}

const SWITCHES = ['s1', 's2'];

export async function startHotSpareSite(opts: HotSpareSiteOptions): Promise<HotSpareSite> {
  assertTestBed();
  const layout = loadSiteLayout();
  const dir = artifactDir(opts.name);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slr-spare-'));
  const reportIntervalMs = opts.reportIntervalMs ?? 500;
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const undo = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const certDir = makeSiteCerts(tmp, layout);
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const base = siteControllerConfig({
      layout, agentsSocket: path.join(tmp, 'agents.sock'), certDir, redisUrl: redis.url, reportIntervalMs, missedReportsToExpire: 3,
    });
    const config = { ...base, ha: { ...(opts.ha ?? {}) } };
    const keyPrefix = (base.redis as { keyPrefix: string }).keyPrefix;
    const master = await startSlrController({ config: { ...config, ha: { ...config.ha, instanceId: 'ctl-a' } }, logDir: dir, name: 'controller-a', readyTimeoutMs: 30_000 });
    cleanups.push(() => master.stop());
    await master.waitForLog((r) => r.msg === 'hot spare: master on every switch that answered', 10_000);
    const spare = await startSlrController({ config: { ...config, ha: { ...config.ha, instanceId: 'ctl-b' } }, logDir: dir, name: 'controller-b', readyTimeoutMs: 30_000 });
    cleanups.push(() => spare.stop());
    await spare.waitForLog((r) => r.msg === 'hot spare: standing by as slave', 10_000);
    const net = await MininetDriver.start({ topology: SITE_TOPOLOGY, controllerPort: master.port, logDir: dir });
    cleanups.push(() => net.stop());
    for (const sw of SWITCHES) await net.setControllers(sw, [master.port, spare.port]);
    await net.waitConnected(30);
    const site = new Site(layout, dir, tmp, redis, master, net, reportIntervalMs);
    for (const s of layout.servers) await site.startHttp(s.id);
    await Promise.all(layout.servers.filter((s) => !s.spare).map((s) => site.startAgent(s.id)));
    let stopped = false;
    return {
      site, master, spare, redisUrl: redis.url, keyPrefix,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await net.stop();
        } finally {
          await spare.stop().catch(() => undefined);
          await master.stop().catch(() => undefined);
          await redis.stop();
          rmSync(tmp, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await undo();
    throw err;
  }
}
