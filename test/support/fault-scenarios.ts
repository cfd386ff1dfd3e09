// The fault matrix of issue 10 on the Mininet host site, shared by the e2e tests in
// test/e2e/recovery/ and by `npm run faults` (bench/faults.ts). Each scenario starts
// long downloads from both clients through the VIP (the victims), drains the servers
// carrying them (so a connection decided afresh would land on another server and be
// reset), injects one fault, measures how long until a new connection to the VIP works
// again (a probe loop inside a client host, timed with the hosts' clock, which is the
// machine's), then waits for the victims and counts the broken ones.
import { existsSync, readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { freePort } from './controller-process';
import { siteApi, siteApiSection, type SiteApi } from './site-api';
import { startSite, type Site } from './site-harness';
import { servedRequests, sleep, waitUntil } from './site-logs';
import { controllerMetrics } from './site-traffic';

export const FAULT_VIP = '10.0.0.100';
/** Victim downloads: 2 MB at 100 kB/s, about 20 s each. */
export const VICTIM_BYTES = 2_000_000;
export const VICTIM_RATE = 100_000;
/** The idle victim: 1 kB chunks every ~5 s (the pin's switch flow times out in between). */
export const IDLE_VICTIM_BYTES = 5 * 1024;
export const IDLE_VICTIM_RATE = 200;
/** serviceRouting.ingress.pinIdleTimeoutSec of the fault site: short, so the idle victim outlives it twice over. */
export const FAULT_PIN_IDLE_TIMEOUT_SEC = 2;

export type FaultName = 'all-flows-deleted' | 'pinned-flow-deleted' | 'switch-reconnect' | 'idle-twice-the-flow-timeout' | 'controller-restart-no-spare'
  | 'pin-wiped-server-echo';

/** Every row, in the order `npm run faults` runs them. */
export const FAULTS: readonly FaultName[] = ['all-flows-deleted', 'pinned-flow-deleted', 'switch-reconnect', 'idle-twice-the-flow-timeout', 'pin-wiped-server-echo', 'controller-restart-no-spare'];

export interface FaultOutcome {
  fault: FaultName;
  victims: number;
  /** Victims that did not get every byte from the one server they started on. */
  broken: number;
  /** From the fault to the end of the first successful new connection; null: none within the probe window. */
  secondsUntilNewConnections: number | null;
  /** What went wrong with each broken victim. */
  problems: string[];
  /** slr_level_recovery_total by event during the fault (the controller's own account of what it did). */
  recoveryEvents: Record<string, number>;
}

/** slr_level_recovery_total of the running controller, summed over levels, by event. */
async function recoveryCounters(site: Site): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const line of (await controllerMetrics(site.controller.records)).split('\n')) {
    const m = /^slr_level_recovery_total\{[^}]*event="([a-z_]+)"[^}]*\} ([0-9.e+]+)$/.exec(line);
    if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  return out;
}

interface Victim {
  client: string;
  clientIp: string;
  /** The connection's client port, as its server logged it. */
  clientPort: number;
  pid: number;
  log: string;
  bytes: number;
  server: string;
  startedAt: number;
}

/** The recovery section of the fault site's controller (see apps/recovery/README.md). */
export const FAULT_RECOVERY_SECTION: Record<string, unknown> = {};

/** The agents' server-side recovery (patent Fig. 10): quick to notice a stall. */
export const FAULT_FLOW_RECOVERY = { enabled: true, pollIntervalMs: 200, minRetransmits: 2, repeatMs: 1000 };

/** The host site the fault matrix runs on: Redis, the REST API, a short pin flow idle timeout, agents advertising stalled flows. */
export function startFaultSite(name: string): Promise<Site> {
  return startSite({
    name,
    agentExtra: { flowRecovery: FAULT_FLOW_RECOVERY },
    controller: {
      ingress: { pinIdleTimeoutSec: FAULT_PIN_IDLE_TIMEOUT_SEC },
      extra: { ...siteApiSection(), ...FAULT_RECOVERY_SECTION },
    },
  });
}

/** One line for the test log and the faults table. */
export function formatOutcome(o: FaultOutcome): string {
  const s = o.secondsUntilNewConnections === null ? 'never' : `${o.secondsUntilNewConnections.toFixed(2)} s`;
  return `${o.fault}: ${o.broken}/${o.victims} established connections broken; new connections work again after ${s}; recovery events ${JSON.stringify(o.recoveryEvents)}${o.problems.length ? ` (${o.problems.join('; ')})` : ''}`;
}

function victimStart(site: Site, clientIp: string, after: number): { server: string; clientPort: number } | undefined {
  for (const [id, log] of site.httpLogs) {
    const r = servedRequests(log).find((x) => x.event === 'slow-start' && x.client === clientIp && x.t * 1000 >= after - 1000);
    if (r !== undefined) return { server: id, clientPort: r.clientPort };
  }
  return undefined;
}

async function startVictim(site: Site, client: string, bytes: number, rate: number, maxTimeS: number): Promise<Victim> {
  const url = `http://${FAULT_VIP}/slow?bytes=${bytes}&rate=${rate}`;
  const startedAt = Date.now();
  const clientIp = site.net.hostIp(client);
  const { pid, log } = await site.net.bg(client, `exec curl -s -o /dev/null --max-time ${maxTimeS} -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' '${url}'`);
  let start: { server: string; clientPort: number } | undefined;
  await waitUntil(`${client}'s download to start on a server`, () => (start = victimStart(site, clientIp, startedAt)) !== undefined, 15_000);
  return { client, clientIp, clientPort: start!.clientPort, pid, log, bytes, server: start!.server, startedAt };
}

/** Why a finished victim counts as broken, or null when it got every byte from its one server. */
function victimProblem(site: Site, v: Victim): string | null {
  const out = existsSync(v.log) ? readFileSync(v.log, 'utf8') : '';
  if (!out.includes(`RESULT 200 ${v.bytes} ${FAULT_VIP}`)) return `${v.client}: curl said ${JSON.stringify(out.trim())}`;
  const servers: string[] = [];
  for (const [id, log] of site.httpLogs) {
    const mine = servedRequests(log).filter((r) => r.client === v.clientIp && r.clientPort === v.clientPort);
    if (mine.some((r) => r.event === 'slow-aborted')) return `${v.client}: ${id} logged slow-aborted`;
    if (mine.some((r) => r.event === 'slow-start')) servers.push(id);
  }
  if (servers.length !== 1 || servers[0] !== v.server) return `${v.client}: served by ${servers.join(',')} (started on ${v.server})`;
  return null;
}

interface Probe {
  pid: number;
  log: string;
}

/** New connections to the VIP from c2, one at a time, each line "code start end" (seconds, machine clock). */
async function startProbes(site: Site, seconds: number): Promise<Probe> {
  const script = `end=$(( $(date +%s) + ${seconds} )); while [ $(date +%s) -lt $end ]; do s=$(date +%s.%N); c=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' 'http://${FAULT_VIP}/'); echo "PROBE $c $s $(date +%s.%N)"; sleep 0.05; done`;
  return site.net.bg('c2', script);
}

/** Seconds from faultAt to the end of the first probe that started at or after it and got a 200. */
function firstSuccess(probe: Probe, faultAt: number): number | null {
  const text = existsSync(probe.log) ? readFileSync(probe.log, 'utf8') : '';
  for (const line of text.split('\n')) {
    const m = /^PROBE (\d{3}) ([0-9.]+) ([0-9.]+)/.exec(line);
    if (m === null || m[1] !== '200') continue;
    const start = Number(m[2]) * 1000;
    if (start < faultAt) continue;
    return Math.round((Number(m[3]) * 1000 - faultAt)) / 1000;
  }
  return null;
}

async function drain(api: SiteApi, ids: string[], state: 'draining' | 'enabled'): Promise<void> {
  for (const id of new Set(ids)) await api.change('PATCH', `/v1/targets/${id}`, { adminState: state });
}

/** Redis keys holding one victim's pin (the store names a pin by its 5-tuple). */
async function redisPinKeys(url: string, v: { clientIp: string; clientPort: number }): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await redis.keys(`*pin:6 ${v.clientIp}:${v.clientPort} ${FAULT_VIP}:80`);
  } finally {
    redis.disconnect();
  }
}

/** The ingress switch's pin flow of one victim, in ovs-ofctl's syntax. */
export function victimPinMatch(v: { clientIp: string; clientPort: number }): string {
  return `table=3,tcp,nw_src=${v.clientIp},nw_dst=${FAULT_VIP},tp_src=${v.clientPort},tp_dst=80`;
}

const INJECT: Record<FaultName, (site: Site, victims: readonly Victim[]) => Promise<void>> = {
  'all-flows-deleted': async (site) => {
    await site.net.ofctl('s2', ['del-flows']);
  },
  'pinned-flow-deleted': async (site, victims) => {
    const v = victims[0]!;
    // The victim's pin flow must be there, or deleting it would test nothing.
    const listed = await site.net.ofctl('s2', ['dump-flows', victimPinMatch(v)]);
    if (!listed.includes('priority=100')) throw new Error(`no pin flow for ${v.client}'s download on s2:\n${listed}`);
    await site.net.ofctl('s2', ['del-flows', '--strict', `${victimPinMatch(v)},priority=100`]);
  },
  'switch-reconnect': async (site) => {
    // The ingress switch loses its controller connection for a second (the target moves
    // to a dead port and back: OVS keeps its flows, fail_mode=secure) and reconnects.
    await site.net.setController('s2', await freePort());
    await sleep(1000);
    await site.net.setController('s2', site.controller.port);
  },
  'idle-twice-the-flow-timeout': async () => {
    // Nothing to do: the victims' own pauses are the fault.
  },
  'pin-wiped-server-echo': async (site, victims) => {
    // Every trace of the victims' pins goes: the controller's table and Redis (the API
    // forgets a pin in both), then the switch flow. Their clients' next packets reach the
    // controller as later packets of unknown connections and are dropped (never decided
    // afresh); only the servers' flow advertisements can bring the pins back.
    const api = await siteApi(site.controller);
    for (const v of victims) {
      await api.change('DELETE', `/v1/pins/tcp/${v.clientIp}:${v.clientPort}/${FAULT_VIP}:80`);
      await site.net.ofctl('s2', ['del-flows', '--strict', `${victimPinMatch(v)},priority=100`]);
      const left = await site.net.ofctl('s2', ['dump-flows', victimPinMatch(v)]);
      if (left.includes('priority=100')) throw new Error(`the pin flow of ${v.client}'s download is still on s2:\n${left}`);
      if (site.redis !== undefined && (await redisPinKeys(site.redis.url, v)).length > 0) throw new Error(`the pin of ${v.client}'s download is still in Redis`);
    }
  },
  'controller-restart-no-spare': async (site) => {
    await site.killController();
    await site.restartController();
  },
};

export interface RunFaultOptions {
  /** Seconds of probing after the fault. */
  probeSeconds?: number;
}

/** Runs one row of the fault matrix on a running site (its controller must serve the API). */
export async function runFault(site: Site, fault: FaultName, o: RunFaultOptions = {}): Promise<FaultOutcome> {
  const idle = fault === 'idle-twice-the-flow-timeout';
  const bytes = idle ? IDLE_VICTIM_BYTES : VICTIM_BYTES;
  const rate = idle ? IDLE_VICTIM_RATE : VICTIM_RATE;
  const victims: Victim[] = [];
  for (const c of ['c1', 'c2']) victims.push(await startVictim(site, c, bytes, rate, 90));
  let api = await siteApi(site.controller);
  await drain(api, victims.map((v) => v.server), 'draining');
  const pidBefore = site.controller.pid;
  const before = await recoveryCounters(site);
  try {
    // Let the transfer run on its pins a moment (the idle victims pass their first pause).
    await sleep(idle ? 6000 : 2000);
    const probe = await startProbes(site, o.probeSeconds ?? 15);
    await sleep(300);
    const faultAt = Date.now();
    await INJECT[fault](site, victims);
    await waitUntil('the probes to finish', async () => !(await site.net.bgStatus(probe.pid)).running, (o.probeSeconds ?? 15) * 1000 + 10_000, 250);
    const seconds = firstSuccess(probe, faultAt);
    for (const v of victims) {
      await waitUntil(`${v.client}'s download to end`, async () => !(await site.net.bgStatus(v.pid)).running, 95_000, 250);
    }
    const problems = victims.map((v) => victimProblem(site, v)).filter((p): p is string => p !== null);
    // A restarted controller counts from zero.
    const after = await recoveryCounters(site);
    const recoveryEvents: Record<string, number> = {};
    for (const [k, v] of Object.entries(after)) recoveryEvents[k] = v - (site.controller.pid === pidBefore ? before[k] ?? 0 : 0);
    return { fault, victims: victims.length, broken: problems.length, secondsUntilNewConnections: seconds, problems, recoveryEvents };
  } finally {
    for (const v of victims) if ((await site.net.bgStatus(v.pid)).running) await site.net.kill(v.pid, 'KILL');
    api = await siteApi(site.controller);
    await drain(api, victims.map((v) => v.server), 'enabled');
  }
}
