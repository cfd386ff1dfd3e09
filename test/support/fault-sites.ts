// The host site of the fault matrix (topologies/site.json, the same controller and agent
// settings as startFaultSite) in the set-ups some rows need for themselves:
//  - own-ovs: the network on an ovsdb-server/ovs-vswitchd pair of its own, so the
//    ovs-restart row can restart the switch daemon without touching anyone's bridges;
//  - hot-spare: two controller processes on one Redis (an `ha` section each), every
//    switch connected to both; the first holds the master lease, the second stands by;
//  - sentinel: the store (pins, load rows) behind Redis Sentinel: a master, a replica
//    and three sentinels (test/support/redis-sentinel.ts).
// stop() takes down everything the set-up started.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactDir } from './artifacts';
import { startSlrController, type RunningController } from './controller-process';
import { FAULT_AGENT_EXTRA, FAULT_INGRESS, FAULT_RECOVERY_SECTION, type FaultSetUp } from './fault-scenarios';
import { MininetDriver } from './mininet-driver';
import { startRedisServer, type RedisServerHandle } from './redis-server';
import { startSentinelDeployment, type SentinelDeployment } from './redis-sentinel';
import { siteApiSection } from './site-api';
import { loadSiteLayout, siteControllerConfig, SITE_TOPOLOGY } from './site-config';
import { makeSiteCerts, Site } from './site-harness';
import { assertTestBed } from './testbed';

export interface FaultSite {
  site: Site;
  /** hot-spare: the standing-by controller (site.controller is the master). */
  spare?: RunningController;
  /** sentinel: the Redis deployment behind the store. */
  sentinel?: SentinelDeployment;
  stop(): Promise<void>;
}

const REPORT_INTERVAL_MS = 500;

/** Starts the fault site in one of the set-ups of its own (see the head of this file). */
export async function startFaultSiteFor(setUp: Exclude<FaultSetUp, 'site' | 'whohas'>, name: string): Promise<FaultSite> {
  assertTestBed();
  const layout = loadSiteLayout();
  const dir = artifactDir(name);
  // Short path: a unix socket name must stay under 108 bytes.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slr-fault-'));
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const stopAll = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const certDir = makeSiteCerts(tmp, layout);
    let redis: RedisServerHandle | undefined;
    let sentinel: SentinelDeployment | undefined;
    if (setUp === 'sentinel') {
      const d = await startSentinelDeployment();
      sentinel = d;
      stops.push(() => d.stop());
    } else {
      const r = await startRedisServer();
      redis = r;
      stops.push(() => r.stop());
    }
    const base = siteControllerConfig({
      layout,
      agentsSocket: path.join(tmp, 'agents.sock'),
      certDir,
      redisUrl: redis?.url,
      reportIntervalMs: REPORT_INTERVAL_MS,
      missedReportsToExpire: 3,
      ingress: FAULT_INGRESS,
      extra: {
        ...siteApiSection(),
        ...FAULT_RECOVERY_SECTION,
        ...(sentinel !== undefined ? { redis: { ...sentinel.endpoint, keyPrefix: `slr-fault-${process.pid}:` } } : {}),
      },
    });
    const start = async (config: Record<string, unknown>, ctlName: string): Promise<RunningController> => {
      const c = await startSlrController({ config, logDir: dir, name: ctlName, readyTimeoutMs: 30_000 });
      stops.push(() => c.stop());
      return c;
    };
    let controller: RunningController;
    let spare: RunningController | undefined;
    if (setUp === 'hot-spare') {
      // The first takes the master lease before the second starts: which is which is known.
      controller = await start({ ...base, ha: { instanceId: 'ctl-a' } }, 'controller-a');
      await controller.waitForLog((r) => r.msg === 'hot spare: master on every switch that answered', 10_000);
      spare = await start({ ...base, ha: { instanceId: 'ctl-b' } }, 'controller-b');
      await spare.waitForLog((r) => r.msg === 'hot spare: standing by as slave', 10_000);
    } else {
      controller = await start(base, 'controller');
    }
    const net = await MininetDriver.start({ topology: SITE_TOPOLOGY, controllerPort: controller.port, logDir: dir, privateOvs: setUp === 'own-ovs' });
    stops.push(() => net.stop());
    if (spare !== undefined) for (const sw of Object.keys(net.info.switches)) await net.setControllers(sw, [controller.port, spare.port]);
    await net.waitConnected(30);
    const site = new Site(layout, dir, tmp, redis, controller, net, REPORT_INTERVAL_MS, undefined, FAULT_AGENT_EXTRA);
    for (const s of layout.servers) await site.startHttp(s.id);
    await Promise.all(layout.servers.filter((s) => !s.spare).map((s) => site.startAgent(s.id)));
    return { site, spare, sentinel, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
