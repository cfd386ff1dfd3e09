// An SLR hierarchy, running: a private Redis, certificates from gen-certs.sh, one
// `slr controller` process per process of the topology's `hierarchy` section (each with
// its own OpenFlow port and switches), the Mininet network, and on each server the
// test-bed HTTP server and a real `slr agent` registered with its site. Ready when every
// level above the sites holds a load report from each of its targets (so the whole
// chain, agents to the top, is up). stop() takes it all down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactDir, REPO_ROOT } from './artifacts';
import { startSlrController, type RunningController } from './controller-process';
import {
  hierarchyAgentConfig,
  hierarchyProcessConfig,
  levelsOf,
  loadHierarchy,
  type HierarchyConfigOptions,
  type HierarchyLayout,
} from './hierarchy-config';
import { MininetDriver } from './mininet-driver';
import { startRedisServer, type RedisServerHandle } from './redis-server';
import { SLR_ENTRY, TESTBED_SERVERS } from './site-config';
import { readJsonLines, sleep, waitUntil } from './site-logs';
import { controllerMetrics } from './site-traffic';
import { assertTestBed } from './testbed';

export interface HierarchyOptions {
  name: string;
  topology: string;
  reportIntervalMs?: number;
  missedReportsToExpire?: number;
  policies?: HierarchyConfigOptions['policies'];
  extra?: HierarchyConfigOptions['extra'];
  shortcut?: boolean;
  logLevel?: string;
  /** Agent load options per server (e.g. a lower connectionsAtFullLoad). */
  agentLoad?: Record<string, unknown>;
}

export interface RunningAgent {
  pid: number;
  log: string;
}

/** One metric value (summed over label sets matching `labels`) from a process's /metrics. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const set = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

export class Hierarchy {
  readonly agents = new Map<string, RunningAgent>();
  readonly httpLogs = new Map<string, string>();
  private readonly httpPids = new Map<string, number>();
  private stopped = false;

  constructor(
    readonly layout: HierarchyLayout,
    readonly dir: string,
    readonly tmp: string,
    readonly options: HierarchyConfigOptions,
    readonly redis: RedisServerHandle | undefined,
    readonly processes: ReadonlyMap<string, RunningController>,
    readonly net: MininetDriver,
  ) {}

  /** The process hosting a level. */
  processOf(levelId: string): RunningController {
    const l = levelsOf(this.layout).find((x) => x.id === levelId);
    if (l === undefined) throw new Error(`no level ${levelId}`);
    return this.processes.get(l.process)!;
  }

  async metrics(processName: string): Promise<string> {
    return controllerMetrics(this.processes.get(processName)!.records);
  }

  /** Load index rows (target -> subnets) a process's first level holds now. */
  async loadRows(processName: string): Promise<Array<{ subnet: string; target: string; load: number }>> {
    const text = await this.metrics(processName);
    const out: Array<{ subnet: string; target: string; load: number }> = [];
    for (const m of text.matchAll(/^slr_load_index\{subnet="([^"]+)",target="([^"]+)"\} (\S+)$/gm)) out.push({ subnet: m[1]!, target: m[2]!, load: Number(m[3]) });
    return out;
  }

  async startHttp(id: string): Promise<void> {
    const log = path.join(this.dir, `${id}-http.jsonl`);
    this.httpLogs.set(id, log);
    const { pid } = await this.net.bg(id, `exec /usr/bin/python3 ${path.join(TESTBED_SERVERS, 'http_server.py')} --id ${id} --port 80 --log ${log}`);
    this.httpPids.set(id, pid);
    await waitUntil(`${id} HTTP server listening`, () => readJsonLines(log).some((r) => r.event === 'listening'), 15_000);
  }

  async startAgent(id: string, opts: { certName?: string; waitReport?: boolean } = {}): Promise<RunningAgent> {
    const configPath = path.join(this.dir, `agent-${id}${opts.certName ? '-' + opts.certName : ''}.json`);
    writeFileSync(configPath, JSON.stringify(hierarchyAgentConfig(this.layout, id, { ...this.options, certName: opts.certName }), null, 2));
    const log = path.join(this.dir, `${id}-agent-${Date.now()}.jsonl`);
    const { pid } = await this.net.bg(id, `SLR_LOG_LEVEL=debug exec ${process.execPath} ${SLR_ENTRY} agent --config ${configPath} >${log} 2>&1`);
    const agent = { pid, log };
    this.agents.set(id, agent);
    if (opts.waitReport ?? true) await waitUntil(`${id} agent's first load report`, () => readJsonLines(log).some((r) => r.msg === 'load reported'), 20_000);
    return agent;
  }

  /** Kills a server's HTTP server (by the PID it was started with). */
  async stopHttp(id: string): Promise<void> {
    const pid = this.httpPids.get(id);
    if (pid === undefined) throw new Error(`no HTTP server running on ${id}`);
    await this.net.kill(pid, 'KILL');
    this.httpPids.delete(id);
  }

  async stopAgent(id: string, signal: 'TERM' | 'KILL' = 'TERM'): Promise<void> {
    const a = this.agents.get(id);
    if (!a) throw new Error(`no agent running for ${id}`);
    await this.net.kill(a.pid, signal);
    this.agents.delete(id);
  }

  /**
   * Until every level above the sites has a load row from each of its targets for every
   * service prefix (agents -> sites -> ASes -> network all reporting).
   */
  async waitReady(timeoutMs = 30_000): Promise<void> {
    const prefixes = this.layout.services.map((s) => s.prefix);
    for (const l of levelsOf(this.layout)) {
      if (l.kind === 'site' || l.targets === undefined) continue;
      const want = l.targets.flatMap((t) => prefixes.map((p) => `${p}|${t.id}`));
      await waitUntil(`level ${l.id} to hold loads from ${l.targets.map((t) => t.id).join(', ')}`, async () => {
        const rows = new Set((await this.loadRows(l.process)).map((r) => `${r.subnet}|${r.target}`));
        return want.every((w) => rows.has(w));
      }, timeoutMs, 200);
    }
  }

  /**
   * Replies go back by L2 learning across every switch: let each server find each
   * client once (its ARP and reply teach the switches on the path), so first
   * connections are not counted with one-off learning bursts.
   */
  async warmL2(): Promise<void> {
    for (const s of this.layout.servers) {
      for (const c of this.layout.clients) {
        const r = await this.net.cmd(s.id, `ping -c 2 -i 0.2 -W 1 ${c.ip}`);
        if (r.exit !== 0) throw new Error(`${s.id} cannot reach ${c.id}: ${r.output.slice(0, 300)}`);
      }
    }
    await sleep(300);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.net.stop();
    } finally {
      try {
        for (const p of this.processes.values()) await p.stop().catch(() => undefined);
      } finally {
        await this.redis?.stop();
        rmSync(this.tmp, { recursive: true, force: true });
      }
    }
  }
}

/** What every running hierarchy starts from: certificates, a private Redis, the config options, and how to undo them. */
export interface HierarchyBase {
  layout: HierarchyLayout;
  dir: string;
  tmp: string;
  options: HierarchyConfigOptions;
  redis: RedisServerHandle;
  /** Run in reverse order by undo(). */
  cleanups: Array<() => Promise<void>>;
  undo(): Promise<void>;
}

export async function startHierarchyBase(opts: Pick<HierarchyOptions, 'name' | 'topology' | 'reportIntervalMs' | 'missedReportsToExpire' | 'policies' | 'extra' | 'shortcut' | 'logLevel'>): Promise<HierarchyBase> {
  assertTestBed();
  const layout = loadHierarchy(opts.topology);
  const dir = artifactDir(opts.name);
  // Short path: unix socket names must stay under 108 bytes.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slr-h-'));
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
      policies: opts.policies,
      extra: opts.extra,
      shortcut: opts.shortcut,
      logLevel: opts.logLevel,
    };
    return { layout, dir, tmp, options, redis, cleanups, undo };
  } catch (err) {
    await undo();
    throw err;
  }
}

/** The network up with every process's switches connected, then the servers' HTTP servers and agents, until the whole chain reports. */
export async function finishHierarchy(b: HierarchyBase, topology: string, processes: Map<string, RunningController>, beforeConnected?: (net: MininetDriver) => Promise<void>): Promise<Hierarchy> {
  const ports = Object.fromEntries(b.layout.processes.map((p) => [p.name, processes.get(p.name)!.port]));
  const net = await MininetDriver.start({ topology, controllerPort: ports[b.layout.processes[0]!.name]!, controllerPorts: ports, logDir: b.dir, readyTimeoutMs: 90_000 });
  b.cleanups.push(() => net.stop());
  await beforeConnected?.(net);
  await net.waitConnected(45);
  const h = new Hierarchy(b.layout, b.dir, b.tmp, b.options, b.redis, processes, net);
  for (const s of b.layout.servers) await h.startHttp(s.id);
  await Promise.all(b.layout.servers.map((s) => h.startAgent(s.id)));
  await h.waitReady();
  return h;
}

export async function startHierarchy(opts: HierarchyOptions): Promise<Hierarchy> {
  const b = await startHierarchyBase(opts);
  try {
    const processes = new Map<string, RunningController>();
    for (const p of b.layout.processes) {
      const ctl = await startSlrController({ config: hierarchyProcessConfig(b.layout, p.name, b.options), logDir: b.dir, name: p.name, readyTimeoutMs: 30_000 });
      processes.set(p.name, ctl);
      b.cleanups.push(() => ctl.stop());
    }
    return await finishHierarchy(b, opts.topology, processes);
  } catch (err) {
    await b.undo();
    throw err;
  }
}
