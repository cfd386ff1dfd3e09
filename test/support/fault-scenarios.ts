// The fault matrix of issue 10 on the Mininet host site, shared by the e2e tests in
// test/e2e/recovery/ and by `npm run faults` (bench/faults.ts). Each scenario starts
// long downloads from both clients through the VIP (the victims), drains the servers
// carrying them (so a connection decided afresh would land on another server and be
// reset), injects one fault, measures how long until new connections to the VIP work
// again (a probe loop inside a client host, timed with the hosts' clock, which is the
// machine's), then waits for the victims and counts the broken ones.
//
// Most rows run on the site of startFaultSite; a few need a set-up of their own
// (FAULT_SET_UP): Open vSwitch restarted needs the network on an Open vSwitch of its own,
// the hot spare a second controller, the Sentinel failover a Redis behind Sentinel
// (test/support/fault-sites.ts), and the WHOHAS move another topology
// (test/support/fault-whohas.ts).
import { existsSync, readFileSync } from 'node:fs';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort, type RunningController } from './controller-process';
import type { MininetDriver } from './mininet-driver';
import type { RedisServerHandle } from './redis-server';
import type { SentinelDeployment } from './redis-sentinel';
import { siteApi, siteApiSection, type SiteApi } from './site-api';
import { startSite, type Site } from './site-harness';
import { servedRequests, sleep, waitUntil } from './site-logs';
import { controllerMetrics } from './site-traffic';
import { normDpid } from './switch-checks';

export const FAULT_VIP = '10.0.0.100';
/** Victim downloads: 2 MB at 100 kB/s, about 20 s each. */
export const VICTIM_BYTES = 2_000_000;
export const VICTIM_RATE = 100_000;
/** The idle victim: 1 kB chunks every ~5 s (the pin's switch flow times out in between). */
export const IDLE_VICTIM_BYTES = 5 * 1024;
export const IDLE_VICTIM_RATE = 200;
/** serviceRouting.ingress.pinIdleTimeoutSec of the fault site: short, so the idle victim outlives it twice over. */
export const FAULT_PIN_IDLE_TIMEOUT_SEC = 2;
/** How long the redis-down row keeps Redis away. */
export const REDIS_DOWN_MS = 5000;
/** How long the ovs-restart row keeps ovs-vswitchd stopped. */
export const OVS_DOWN_SECONDS = 1;

export type FaultName = 'all-flows-deleted' | 'pinned-flow-deleted' | 'switch-reconnect' | 'idle-twice-the-flow-timeout' | 'controller-restart-no-spare'
  | 'pin-wiped-server-echo' | 'server-death' | 'redis-down' | 'redis-restarted-empty' | 'ovs-restart' | 'controller-sigkill-hot-spare'
  | 'redis-sentinel-failover' | 'ingress-move-whohas';

/**
 * What a row runs on: `site` the fault site (startFaultSite); `own-ovs` the same site on
 * an Open vSwitch of its own (restartable); `hot-spare` the site run by a master and a
 * hot spare; `sentinel` the site with its store behind Redis Sentinel; `whohas` two SLR
 * clusters of topologies/whohas.json.
 */
export type FaultSetUp = 'site' | 'own-ovs' | 'hot-spare' | 'sentinel' | 'whohas';

/** Every row, in the order `npm run faults` runs them (the rows of one set-up together). */
export const FAULTS: readonly FaultName[] = [
  'all-flows-deleted', 'pinned-flow-deleted', 'switch-reconnect', 'idle-twice-the-flow-timeout', 'pin-wiped-server-echo',
  'server-death', 'redis-down', 'redis-restarted-empty', 'controller-restart-no-spare',
  'ovs-restart', 'controller-sigkill-hot-spare', 'redis-sentinel-failover', 'ingress-move-whohas',
];

export const FAULT_SET_UP: Record<FaultName, FaultSetUp> = {
  'all-flows-deleted': 'site',
  'pinned-flow-deleted': 'site',
  'switch-reconnect': 'site',
  'idle-twice-the-flow-timeout': 'site',
  'pin-wiped-server-echo': 'site',
  'server-death': 'site',
  'redis-down': 'site',
  'redis-restarted-empty': 'site',
  'controller-restart-no-spare': 'site',
  'ovs-restart': 'own-ovs',
  'controller-sigkill-hot-spare': 'hot-spare',
  'redis-sentinel-failover': 'sentinel',
  'ingress-move-whohas': 'whohas',
};

export interface FaultOutcome {
  fault: FaultName;
  victims: number;
  /** Victims that did not get every byte from the one server they started on. */
  broken: number;
  /**
   * From the fault to the end of the first successful new connection after which no new
   * connection failed within the probe window; null: none (new connections never, or not
   * for good, worked again).
   */
  secondsUntilNewConnections: number | null;
  /** From the fault to the end of the first successful new connection (later ones may still have failed). */
  secondsToFirstNewConnection: number | null;
  /** New connections tried after the fault, and how many of them failed. */
  newConnections: { tried: number; failed: number };
  /** What went wrong: each broken victim, and every check of the row that failed (the fault did not happen as it should). */
  problems: string[];
  /** slr_level_recovery_total by event during the fault (the controller's own account of what it did). */
  recoveryEvents: Record<string, number>;
  /** The row's own measurements (seconds until Redis was back, pins restored, ...). */
  notes: Record<string, number | string>;
}

/** slr_level_recovery_total of one controller, summed over levels, by event. */
export async function recoveryCounters(controller: RunningController): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const line of (await controllerMetrics(controller.records)).split('\n')) {
    const m = /^slr_level_recovery_total\{[^}]*event="([a-z_]+)"[^}]*\} ([0-9.e+]+)$/.exec(line);
    if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  return out;
}

/** One metric of a controller, summed over its label sets (0 when absent). */
async function metricSum(controller: RunningController, name: string): Promise<number> {
  let total = 0;
  for (const line of (await controllerMetrics(controller.records)).split('\n')) {
    const m = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (m !== null && m[1] === name) total += Number(m[2]);
  }
  return total;
}

/** Where the victims and probes of a row run: a network and the HTTP logs of its servers. */
export interface FaultNet {
  net: MininetDriver;
  httpLogs: ReadonlyMap<string, string>;
}

export interface Victim {
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

/**
 * The agents' active health check (a TCP connect to the VIP inside the server, which its
 * local routes make local; it never crosses Open vSwitch): the server-death row.
 */
export const FAULT_HEALTH_CHECK = { enabled: true, intervalMs: 250, timeoutMs: 200, failuresToDown: 2, successesToUp: 2 };

/** Agent config keys of every fault site. */
export const FAULT_AGENT_EXTRA: Record<string, unknown> = { flowRecovery: FAULT_FLOW_RECOVERY, healthCheck: FAULT_HEALTH_CHECK };

/** serviceRouting.ingress keys of every fault site. */
export const FAULT_INGRESS: Record<string, unknown> = { pinIdleTimeoutSec: FAULT_PIN_IDLE_TIMEOUT_SEC };

/** The host site most rows run on: Redis, the REST API, a short pin flow idle timeout, agents advertising stalled flows and checking their service. */
export function startFaultSite(name: string): Promise<Site> {
  return startSite({
    name,
    agentExtra: FAULT_AGENT_EXTRA,
    controller: {
      ingress: FAULT_INGRESS,
      extra: { ...siteApiSection(), ...FAULT_RECOVERY_SECTION },
    },
  });
}

/** One line for the test log and the faults table. */
export function formatOutcome(o: FaultOutcome): string {
  const s = (x: number | null): string => (x === null ? 'never' : `${x.toFixed(2)} s`);
  const notes = Object.keys(o.notes).length > 0 ? `; ${JSON.stringify(o.notes)}` : '';
  return `${o.fault}: ${o.broken}/${o.victims} established connections broken; new connections work again after ${s(o.secondsUntilNewConnections)}`
    + ` (first after ${s(o.secondsToFirstNewConnection)}; ${o.newConnections.failed}/${o.newConnections.tried} failed); recovery events ${JSON.stringify(o.recoveryEvents)}${notes}`
    + `${o.problems.length ? ` (${o.problems.join('; ')})` : ''}`;
}

function victimStart(where: FaultNet, clientIp: string, after: number): { server: string; clientPort: number } | undefined {
  for (const [id, log] of where.httpLogs) {
    const r = servedRequests(log).find((x) => x.event === 'slow-start' && x.client === clientIp && x.t * 1000 >= after - 1000);
    if (r !== undefined) return { server: id, clientPort: r.clientPort };
  }
  return undefined;
}

/** A long download through the VIP from a client host, once a server logged its start. */
export async function startVictim(where: FaultNet, client: string, bytes: number, rate: number, maxTimeS: number): Promise<Victim> {
  const url = `http://${FAULT_VIP}/slow?bytes=${bytes}&rate=${rate}`;
  const startedAt = Date.now();
  const clientIp = where.net.hostIp(client);
  const { pid, log } = await where.net.bg(client, `exec curl -s -o /dev/null --max-time ${maxTimeS} -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' '${url}'`);
  let start: { server: string; clientPort: number } | undefined;
  await waitUntil(`${client}'s download to start on a server`, () => (start = victimStart(where, clientIp, startedAt)) !== undefined, 15_000);
  return { client, clientIp, clientPort: start!.clientPort, pid, log, bytes, server: start!.server, startedAt };
}

/** Why a finished victim counts as broken, or null when it got every byte from its one server. */
export function victimProblem(where: FaultNet, v: Victim): string | null {
  const out = existsSync(v.log) ? readFileSync(v.log, 'utf8') : '';
  if (!out.includes(`RESULT 200 ${v.bytes} ${FAULT_VIP}`)) return `${v.client}: curl said ${JSON.stringify(out.trim())}`;
  const servers: string[] = [];
  for (const [id, log] of where.httpLogs) {
    const mine = servedRequests(log).filter((r) => r.client === v.clientIp && r.clientPort === v.clientPort);
    if (mine.some((r) => r.event === 'slow-aborted')) return `${v.client}: ${id} logged slow-aborted`;
    if (mine.some((r) => r.event === 'slow-start')) servers.push(id);
  }
  if (servers.length !== 1 || servers[0] !== v.server) return `${v.client}: served by ${servers.join(',')} (started on ${v.server})`;
  return null;
}

export interface Probe {
  pid: number;
  log: string;
}

/**
 * New connections to the VIP from a client host, one at a time (curl, 1 s timeout), each
 * a line "PROBE code server start end" (the server from the X-Served-By header, empty
 * when none answered; seconds, machine clock).
 */
export async function startProbes(net: MininetDriver, client: string, seconds: number): Promise<Probe> {
  const fetch = `curl -s -o /dev/null --max-time 1 -w '%{http_code} %header{x-served-by}' 'http://${FAULT_VIP}/'`;
  const script = `end=$(( $(date +%s) + ${seconds} )); while [ $(date +%s) -lt $end ]; do s=$(date +%s.%N); r=$(${fetch}); echo "PROBE $r $s $(date +%s.%N)"; sleep 0.05; done`;
  return net.bg(client, script);
}

export interface ProbeResult {
  ok: boolean;
  /** ms, machine clock. */
  start: number;
  end: number;
  server: string;
}

export function probeResults(probe: Probe): ProbeResult[] {
  const text = existsSync(probe.log) ? readFileSync(probe.log, 'utf8') : '';
  const out: ProbeResult[] = [];
  for (const line of text.split('\n')) {
    const m = /^PROBE (\d{3}) (\S*) ?([0-9.]+) ([0-9.]+)$/.exec(line);
    if (m !== null) out.push({ ok: m[1] === '200', start: Number(m[3]) * 1000, end: Number(m[4]) * 1000, server: m[2] ?? '' });
  }
  return out;
}

/** The probe figures of a FaultOutcome: probes started at or after faultAt only. */
export function newConnectionTimes(results: readonly ProbeResult[], faultAt: number): Pick<FaultOutcome, 'secondsUntilNewConnections' | 'secondsToFirstNewConnection' | 'newConnections'> {
  const after = results.filter((r) => r.start >= faultAt);
  const seconds = (r: ProbeResult | undefined): number | null => (r === undefined ? null : Math.round(r.end - faultAt) / 1000);
  let lastFailed = -1;
  after.forEach((r, i) => {
    if (!r.ok) lastFailed = i;
  });
  return {
    secondsUntilNewConnections: seconds(after.slice(lastFailed + 1).find((r) => r.ok)),
    secondsToFirstNewConnection: seconds(after.find((r) => r.ok)),
    newConnections: { tried: after.length, failed: after.filter((r) => !r.ok).length },
  };
}

async function drain(api: SiteApi, ids: string[], state: 'draining' | 'enabled'): Promise<void> {
  // After Redis came back empty the API's first write stores the whole state again
  // (northbound-api/state/repository.ts): no retry here, a refusal is a failure.
  for (const id of new Set(ids)) await api.change('PATCH', `/v1/targets/${id}`, { adminState: state });
}

/** Redis keys holding the pin of a connection to the VIP's port 80 (the store names a pin by its 5-tuple). */
export async function redisPinKeys(where: string | RedisOptions, c: { clientIp: string; clientPort: number }): Promise<string[]> {
  const opts: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null };
  const redis = typeof where === 'string' ? new Redis(where, opts) : new Redis({ ...where, ...opts });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.keys(`*pin:6 ${c.clientIp}:${c.clientPort} ${FAULT_VIP}:80`);
  } finally {
    redis.disconnect();
  }
}

/** The ingress switch's pin flow of one victim, in ovs-ofctl's syntax. */
export function victimPinMatch(v: { clientIp: string; clientPort: number }): string {
  return `table=3,tcp,nw_src=${v.clientIp},nw_dst=${FAULT_VIP},tp_src=${v.clientPort},tp_dst=80`;
}

export interface RunFaultOptions {
  /** Seconds of probing after the fault. */
  probeSeconds?: number;
  /** controller-sigkill-hot-spare: the spare standing by next to site.controller. */
  spare?: RunningController;
  /** redis-sentinel-failover: the Redis deployment the site's store reaches through Sentinel. */
  sentinel?: SentinelDeployment;
}

/** What a row's injection sees and adds to. */
interface RowContext {
  site: Site;
  victims: readonly Victim[];
  faultAt: number;
  options: RunFaultOptions;
  /** Failed checks of the row (the fault did not happen, or did not end, as it should). */
  problems: string[];
  notes: Record<string, number | string>;
  /** Set by a row that must put the site back after its victims ended (for the next row). */
  restore?: () => Promise<void>;
}

interface Row {
  /** Drain the victims' servers first (default true). */
  drain?: boolean;
  inject(ctx: RowContext): Promise<void>;
}

const secondsSince = (t: number): number => Math.round(Date.now() - t) / 1000;

/** Waits for a controller log line logged from `mark` on; the line, or undefined after timeoutMs (noted as a problem). */
async function logLine(ctx: RowContext, controller: RunningController, mark: number, msg: string, timeoutMs: number, also: (r: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown> | undefined> {
  try {
    return await controller.waitForLog((r) => r.msg === msg && controller.records.indexOf(r) >= mark && also(r), timeoutMs);
  } catch {
    ctx.problems.push(`no "${msg}" from the controller within ${timeoutMs} ms`);
    return undefined;
  }
}

/** Waits until every given connection's pin is in Redis; notes the seconds since `from`, or a problem. */
async function pinsInRedis(ctx: RowContext, where: string | RedisOptions, conns: ReadonlyArray<{ clientIp: string; clientPort: number }>, from: number, note: string): Promise<void> {
  const missing = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const c of conns) if ((await redisPinKeys(where, c).catch(() => [])).length === 0) out.push(`${c.clientIp}:${c.clientPort}`);
    return out;
  };
  try {
    await waitUntil('the pins to be in Redis again', async () => (await missing()).length === 0, 20_000, 100);
    ctx.notes[note] = secondsSince(from);
  } catch {
    ctx.problems.push(`pins not in Redis 20 s later: ${(await missing()).join(', ')}`);
  }
}

/** A new connection to the VIP from c1 while the row's fault lasts: its client port, or null (noted) when it failed. */
async function connectionDuringFault(ctx: RowContext): Promise<{ clientIp: string; clientPort: number } | null> {
  const r = await ctx.site.net.cmd('c1', `curl -s -o /dev/null --max-time 5 -w 'RESULT %{http_code} %{local_port}\\n' 'http://${FAULT_VIP}/'`, 15);
  const m = /RESULT (\d{3}) (\d+)/.exec(r.output);
  if (m === null || m[1] !== '200') {
    ctx.problems.push(`a new connection during the fault failed: ${JSON.stringify(r.output.trim())}`);
    return null;
  }
  return { clientIp: ctx.site.net.hostIp('c1'), clientPort: Number(m[2]) };
}

function siteRedis(ctx: RowContext): RedisServerHandle {
  if (ctx.site.redis === undefined) throw new Error(`${ctx.site.dir}: this site has no Redis of its own`);
  return ctx.site.redis;
}

const ROWS: Record<FaultName, Row> = {
  'all-flows-deleted': {
    inject: async ({ site }) => {
      await site.net.ofctl('s2', ['del-flows']);
    },
  },
  'pinned-flow-deleted': {
    inject: async ({ site, victims }) => {
      const v = victims[0]!;
      // The victim's pin flow must be there, or deleting it would test nothing.
      const listed = await site.net.ofctl('s2', ['dump-flows', victimPinMatch(v)]);
      if (!listed.includes('priority=100')) throw new Error(`no pin flow for ${v.client}'s download on s2:\n${listed}`);
      await site.net.ofctl('s2', ['del-flows', '--strict', `${victimPinMatch(v)},priority=100`]);
    },
  },
  'switch-reconnect': {
    inject: async (ctx) => {
      const { site } = ctx;
      // The ingress switch loses its controller connection for a second (the target moves
      // to a dead port and back: OVS keeps its flows, fail_mode=secure) and reconnects.
      const mark = site.controller.records.length;
      const dpid = site.net.info.switches.s2!.dpid;
      await site.net.setController('s2', await freePort());
      await sleep(1000);
      await site.net.setController('s2', site.controller.port);
      const r = await logLine(ctx, site.controller, mark, 'reconciled', 20_000, (x) => normDpid(String(x.dpidHex)) === dpid);
      if (r !== undefined) ctx.notes.reconciled = `kept ${String(r.kept)}, added ${String(r.added)}, deleted ${String(r.deleted)}`;
    },
  },
  'idle-twice-the-flow-timeout': {
    inject: async () => {
      // Nothing to do: the victims' own pauses are the fault.
    },
  },
  'pin-wiped-server-echo': {
    inject: async ({ site, victims }) => {
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
  },
  'server-death': {
    // Drained victims' servers would leave no server for new connections when the third dies.
    drain: false,
    inject: async (ctx) => {
      const { site, victims } = ctx;
      // A server carrying no victim: its HTTP server is SIGKILLed while its agent, which
      // checks the service, lives on. New connections it was chosen for fail until the
      // agent's check fails and the SLR takes it out of new decisions.
      const carrying = new Set(victims.map((v) => v.server));
      const dead = site.layout.servers.find((s) => !s.spare && !carrying.has(s.id) && site.agents.has(s.id));
      if (dead === undefined) throw new Error('every server with an agent carries a victim: none to kill');
      ctx.notes.killed = dead.id;
      const mark = site.controller.records.length;
      await site.stopHttp(dead.id);
      const verdict = await logLine(ctx, site.controller, mark, 'service routing: target fails its health check: out of new decisions for the subnet (unless all are)', 15_000,
        (r) => r.id === dead.id && r.subnet === `${FAULT_VIP}/32`);
      if (verdict !== undefined) ctx.notes.secondsUntilOutOfNewDecisions = Math.round(Number(verdict.time) - ctx.faultAt) / 1000;
      ctx.restore = async () => {
        const back = site.controller.records.length;
        await site.startHttp(dead.id);
        await site.controller.waitForLog((r) => r.msg === 'service routing: target healthy again' && r.id === dead.id && r.subnet === `${FAULT_VIP}/32`
          && site.controller.records.indexOf(r) >= back, 15_000);
      };
    },
  },
  'redis-down': {
    inject: async (ctx) => {
      const { site } = ctx;
      const redis = siteRedis(ctx);
      const mark = site.controller.records.length;
      // A crash: no shutdown, and no data kept (the site's Redis has no persistence).
      await redis.kill();
      await logLine(ctx, site.controller, mark, 'redis store: connection lost; serving from memory', 10_000);
      // A connection decided while Redis is away: its pin waits in the store's queue.
      const during = await connectionDuringFault(ctx);
      await sleep(Math.max(0, ctx.faultAt + REDIS_DOWN_MS - Date.now()));
      await redis.restart();
      const backAt = Date.now();
      ctx.notes.redisDownSeconds = secondsSince(ctx.faultAt);
      const back = await logLine(ctx, site.controller, mark, 'redis store: connection back, catching up', 15_000);
      if (back !== undefined) ctx.notes.secondsUntilStoreReconnected = Math.round(Number(back.time) - backAt) / 1000;
      await logLine(ctx, site.controller, mark, 'redis store: Redis lost its data; mirroring pins again', 15_000);
      // The victims' pins (mirrored again) and the one decided during the outage (its queued write).
      await pinsInRedis(ctx, redis.url, [...ctx.victims, ...(during === null ? [] : [during])], backAt, 'secondsUntilPinsInRedisAgain');
    },
  },
  'redis-restarted-empty': {
    inject: async (ctx) => {
      const { site } = ctx;
      const redis = siteRedis(ctx);
      const mark = site.controller.records.length;
      const remirrors = await metricSum(site.controller, 'slr_store_pin_remirrors_total');
      // Stopped and started again at once: the same address, no data.
      await redis.restart();
      const backAt = Date.now();
      await logLine(ctx, site.controller, mark, 'redis store: Redis lost its data; mirroring pins again', 15_000);
      await pinsInRedis(ctx, redis.url, ctx.victims, backAt, 'secondsUntilPinsInRedisAgain');
      ctx.notes.pinRemirrors = (await metricSum(site.controller, 'slr_store_pin_remirrors_total')) - remirrors;
    },
  },
  'controller-restart-no-spare': {
    inject: async ({ site }) => {
      await site.killController();
      await site.restartController();
    },
  },
  'ovs-restart': {
    inject: async (ctx) => {
      const { site, victims } = ctx;
      // ovs-vswitchd stops (every flow goes with it) and a new one starts on the same
      // database (the network needs an Open vSwitch of its own: fault-sites.ts).
      const mark = site.controller.records.length;
      const { pidBefore, pidAfter } = await site.net.restartOvs(OVS_DOWN_SECONDS);
      ctx.notes.ovsDownSeconds = OVS_DOWN_SECONDS;
      if (pidAfter === pidBefore) ctx.problems.push(`ovs-vswitchd kept its PID ${pidBefore}: not restarted`);
      await site.net.waitConnected(30);
      for (const [name, sw] of Object.entries(site.net.info.switches)) {
        const r = await logLine(ctx, site.controller, mark, 'reconciled', 20_000, (x) => normDpid(String(x.dpidHex)) === sw.dpid);
        if (r !== undefined && name === 's2') ctx.notes.secondsUntilIngressReconciled = Math.round(Number(r.time) - ctx.faultAt) / 1000;
      }
      // The tables came back empty: the victims' pin flows are there again only if the controller put them back.
      for (const v of victims) {
        try {
          await waitUntil(`${v.client}'s pin flow back on s2`, async () => (await site.net.ofctl('s2', ['dump-flows', victimPinMatch(v)])).includes('priority=100'), 15_000, 200);
        } catch {
          ctx.problems.push(`${v.client}'s pin flow not back on s2 15 s after the restart`);
        }
      }
    },
  },
  'controller-sigkill-hot-spare': {
    inject: async (ctx) => {
      const { site, options } = ctx;
      const spare = options.spare;
      if (spare === undefined) throw new Error('controller-sigkill-hot-spare needs a site with a hot spare (fault-sites.ts)');
      // The master dies with no goodbye; the spare takes the lease, restores the pins
      // from Redis, claims MASTER on every switch and serves from then on.
      process.kill(site.controller.pid, 'SIGKILL');
      const promoted = await spare.waitForLog((r) => r.msg === 'hot spare: master on every switch that answered', 15_000);
      ctx.notes.secondsUntilSpareIsMaster = Math.round(Number(promoted.time) - ctx.faultAt) / 1000;
      const restored = spare.records.find((r) => r.msg === 'hot spare: pins restored from the mirror');
      ctx.notes.pinsRestored = Number(restored?.restored ?? 0);
      if (ctx.notes.pinsRestored < ctx.victims.length) ctx.problems.push(`the spare restored ${ctx.notes.pinsRestored} pins from the mirror, fewer than the ${ctx.victims.length} victims`);
      site.controller = spare;
    },
  },
  'redis-sentinel-failover': {
    inject: async (ctx) => {
      const { site, options } = ctx;
      const d = options.sentinel;
      if (d === undefined) throw new Error('redis-sentinel-failover needs a site whose store is behind Sentinel (fault-sites.ts)');
      const mark = site.controller.records.length;
      // The master crashes; the sentinels agree it is down and promote the replica.
      await d.master.kill();
      // A connection decided while the store has no master: its pin must reach the new one.
      const during = await connectionDuringFault(ctx);
      try {
        await d.waitForMaster(d.replica.port, 30_000);
        ctx.notes.secondsUntilReplicaPromoted = secondsSince(ctx.faultAt);
      } catch {
        ctx.problems.push(`the sentinels did not promote the replica within 30 s:\n${d.diagnostics()}`);
        return;
      }
      const moved = await logLine(ctx, site.controller, mark, 'redis store: another Redis server answers (failover or restart); mirroring pins again', 20_000);
      if (moved !== undefined) ctx.notes.secondsUntilStoreOnNewMaster = Math.round(Number(moved.time) - ctx.faultAt) / 1000;
      await pinsInRedis(ctx, { host: '127.0.0.1', port: d.replica.port }, [...ctx.victims, ...(during === null ? [] : [during])], ctx.faultAt, 'secondsUntilPinsOnNewMaster');
    },
  },
  'ingress-move-whohas': {
    inject: async () => {
      throw new Error('ingress-move-whohas runs on the WHOHAS topology: runWhohasFault (fault-whohas.ts)');
    },
  },
};

/** Runs one row of the fault matrix on a running site (its controller must serve the API). */
export async function runFault(site: Site, fault: FaultName, o: RunFaultOptions = {}): Promise<FaultOutcome> {
  const row = ROWS[fault];
  const idle = fault === 'idle-twice-the-flow-timeout';
  const bytes = idle ? IDLE_VICTIM_BYTES : VICTIM_BYTES;
  const rate = idle ? IDLE_VICTIM_RATE : VICTIM_RATE;
  const probeSeconds = o.probeSeconds ?? 15;
  const victims: Victim[] = [];
  const ctx: RowContext = { site, victims, faultAt: 0, options: o, problems: [], notes: {} };
  for (const c of ['c1', 'c2']) victims.push(await startVictim(site, c, bytes, rate, 90));
  const drained = row.drain ?? true;
  if (drained) await drain(await siteApi(site.controller), victims.map((v) => v.server), 'draining');
  const pidBefore = site.controller.pid;
  const before = await recoveryCounters(site.controller);
  try {
    // Let the transfer run on its pins a moment (the idle victims pass their first pause).
    await sleep(idle ? 6000 : 2000);
    const probe = await startProbes(site.net, 'c2', probeSeconds);
    await sleep(300);
    ctx.faultAt = Date.now();
    await row.inject(ctx);
    await waitUntil('the probes to finish', async () => !(await site.net.bgStatus(probe.pid)).running, probeSeconds * 1000 + 30_000, 250);
    const times = newConnectionTimes(probeResults(probe), ctx.faultAt);
    for (const v of victims) {
      await waitUntil(`${v.client}'s download to end`, async () => !(await site.net.bgStatus(v.pid)).running, 95_000, 250);
    }
    const problems = victims.map((v) => victimProblem(site, v)).filter((p): p is string => p !== null);
    // A restarted controller (or the promoted spare) counts from zero.
    const after = await recoveryCounters(site.controller);
    const recoveryEvents: Record<string, number> = {};
    for (const [k, v] of Object.entries(after)) recoveryEvents[k] = v - (site.controller.pid === pidBefore ? before[k] ?? 0 : 0);
    return { fault, victims: victims.length, broken: problems.length, ...times, problems: [...problems, ...ctx.problems], recoveryEvents, notes: ctx.notes };
  } finally {
    for (const v of victims) if ((await site.net.bgStatus(v.pid)).running) await site.net.kill(v.pid, 'KILL');
    if (drained) await drain(await siteApi(site.controller), victims.map((v) => v.server), 'enabled');
    await ctx.restore?.();
  }
}
