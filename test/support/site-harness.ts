// The whole host site, running: a private Redis, certificates from gen-certs.sh, the slr
// controller with serviceRouting + agents + redis, topologies/site.json in Mininet, and
// on each server host the test-bed HTTP server and a real `slr agent`. stop() takes it
// all down (network first, then controller, then Redis); the child registry and the
// Mininet driver's own teardown cover crashes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactDir, REPO_ROOT } from './artifacts';
import { startSlrController, type RunningController } from './controller-process';
import { MininetDriver } from './mininet-driver';
import { startRedisServer, type RedisServerHandle } from './redis-server';
import { loadSiteLayout, siteAgentConfig, siteControllerConfig, SITE_TOPOLOGY, SLR_ENTRY, TESTBED_SERVERS, type ControllerConfigOptions, type SiteLayout, type SiteServer, type SiteService } from './site-config';
import { readJsonLines, waitUntil } from './site-logs';
import { assertTestBed } from './testbed';


export interface SiteOptions {
  /** Names the artifact folder. */
  name: string;
  reportIntervalMs?: number;
  missedReportsToExpire?: number;
  /** Agents started with the site (default: every non-spare server). */
  agents?: string[];
  redis?: boolean;
  /** Services instead of the topology's (agents then announce exactly these prefixes). */
  services?: SiteService[];
  controller?: Partial<Omit<ControllerConfigOptions, 'layout' | 'agentsSocket' | 'certDir' | 'redisUrl'>>;
  /** Options for the controller's node process (e.g. --cpu-prof). */
  controllerNodeArgs?: string[];
  /** Overrides of the agents' load-index settings (agent config `load`). */
  agentLoad?: Record<string, unknown>;
  /** More top-level agent config keys for every agent (e.g. healthCheck). */
  agentExtra?: Record<string, unknown>;
  /** Also start the test-bed UDP echo server on this port of every server host. */
  udpEchoPort?: number;
}

export interface RunningAgent {
  pid: number;
  configPath: string;
  log: string;
}

export class Site {
  readonly agents = new Map<string, RunningAgent>();
  readonly httpLogs = new Map<string, string>();
  readonly udpLogs = new Map<string, string>();
  private readonly httpPids = new Map<string, number>();
  private stopped = false;

  constructor(
    readonly layout: SiteLayout,
    readonly dir: string,
    readonly tmp: string,
    readonly redis: RedisServerHandle | undefined,
    public controller: RunningController,
    readonly net: MininetDriver,
    readonly reportIntervalMs: number,
    readonly agentLoad?: Record<string, unknown>,
    readonly agentExtra?: Record<string, unknown>,
  ) {}

  get agentsSocket(): string {
    return path.join(this.tmp, 'agents.sock');
  }

  get certDir(): string {
    return path.join(this.tmp, 'certs');
  }

  server(id: string): SiteServer {
    const s = this.layout.servers.find((x) => x.id === id);
    if (!s) throw new Error(`no server ${id} in the site layout`);
    return s;
  }

  /** The test-bed HTTP server on port 80 of the host, logging to the artifact folder. */
  async startHttp(id: string): Promise<void> {
    const log = path.join(this.dir, `${id}-http.jsonl`);
    this.httpLogs.set(id, log);
    const script = path.join(TESTBED_SERVERS, 'http_server.py');
    const before = readJsonLines(log).filter((r) => r.event === 'listening').length;
    const { pid } = await this.net.bg(id, `exec /usr/bin/python3 ${script} --id ${id} --port 80 --log ${log}`);
    this.httpPids.set(id, pid);
    await waitUntil(`${id} HTTP server listening`, () => readJsonLines(log).filter((r) => r.event === 'listening').length > before, 15_000);
  }

  /** SIGKILLs the host's HTTP server: the service stops answering while its agent lives on. */
  async stopHttp(id: string): Promise<void> {
    const pid = this.httpPids.get(id);
    if (pid === undefined) throw new Error(`no HTTP server running on ${id}`);
    await this.net.kill(pid, 'KILL');
    this.httpPids.delete(id);
  }

  /** The test-bed UDP echo server (replies from the address the client reached), logging to the artifact folder. */
  async startUdpEcho(id: string, port: number): Promise<void> {
    const log = path.join(this.dir, `${id}-udp.jsonl`);
    this.udpLogs.set(id, log);
    const script = path.join(TESTBED_SERVERS, 'udp_echo.py');
    await this.net.bg(id, `exec /usr/bin/python3 ${script} --id ${id} --port ${port} --log ${log}`);
    await waitUntil(`${id} UDP echo server listening`, () => readJsonLines(log).some((r) => r.event === 'listening'), 15_000);
  }

  /**
   * A real `slr agent` in the server's namespace. With waitReport it returns once the
   * agent has sent its first load report (so the SLR may choose the server).
   */
  async startAgent(id: string, opts: { certName?: string; subnets?: string[]; waitReport?: boolean; extra?: Record<string, unknown> } = {}): Promise<RunningAgent> {
    const configPath = path.join(this.dir, `agent-${id}${opts.certName ? '-' + opts.certName : ''}.json`);
    const cfg = siteAgentConfig({
      server: this.server(id),
      layout: this.layout,
      agentsSocket: this.agentsSocket,
      certDir: this.certDir,
      certName: opts.certName,
      subnets: opts.subnets,
      reportIntervalMs: this.reportIntervalMs,
      load: this.agentLoad,
      extra: { ...(this.agentExtra ?? {}), ...(opts.extra ?? {}) },
    });
    writeFileSync(configPath, JSON.stringify(cfg, null, 2));
    const log = path.join(this.dir, `${id}-agent-${Date.now()}.jsonl`);
    const { pid } = await this.net.bg(id, `SLR_LOG_LEVEL=debug exec ${process.execPath} ${SLR_ENTRY} agent --config ${configPath} >${log} 2>&1`);
    const agent = { pid, configPath, log };
    this.agents.set(id, agent);
    if (opts.waitReport ?? true) {
      await waitUntil(`${id} agent's first load report`, () => readJsonLines(log).some((r) => r.msg === 'load reported'), 20_000);
    }
    return agent;
  }

  /** Ends an agent: TERM says goodbye; KILL leaves the SLR to expire it. */
  async stopAgent(id: string, signal: 'TERM' | 'KILL' = 'TERM'): Promise<void> {
    const a = this.agents.get(id);
    if (!a) throw new Error(`no agent running for ${id}`);
    await this.net.kill(a.pid, signal);
    this.agents.delete(id);
  }

  /** SIGKILLs the controller (no goodbye, no flushing) and waits until it is gone. */
  async killController(): Promise<void> {
    const pid = this.controller.pid;
    process.kill(pid, 'SIGKILL');
    await waitUntil(`controller ${pid} to die`, () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000, 20);
  }

  /** Starts the controller again with the config it had, on the same OpenFlow port (the switches keep pointing there). */
  async restartController(): Promise<RunningController> {
    const config = JSON.parse(readFileSync(path.join(this.dir, 'controller.config.json'), 'utf8')) as object;
    this.restarts++;
    this.controller = await startSlrController({ config, logDir: this.dir, name: `controller-${this.restarts}`, port: this.controller.port, readyTimeoutMs: 30_000 });
    return this.controller;
  }

  private restarts = 0;

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.net.stop();
    } finally {
      try {
        await this.controller.stop();
      } finally {
        await this.redis?.stop();
        rmSync(this.tmp, { recursive: true, force: true });
      }
    }
  }
}

/** Certificates for every server of the layout (plus an unrelated CA) under tmp/certs. */
export function makeSiteCerts(tmp: string, layout: SiteLayout): string {
  const certDir = path.join(tmp, 'certs');
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'gen-certs.sh'), '--other-ca', certDir, ...layout.servers.map((s) => s.id)], { stdio: 'pipe' });
  return certDir;
}

export async function startSite(opts: SiteOptions): Promise<Site> {
  assertTestBed();
  const base = loadSiteLayout();
  const layout = opts.services ? { ...base, services: opts.services } : base;
  const dir = artifactDir(opts.name);
  // Short path: a unix socket name must stay under 108 bytes.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slr-site-'));
  const reportIntervalMs = opts.reportIntervalMs ?? 500;
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const undo = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const certDir = makeSiteCerts(tmp, layout);
    const redis = opts.redis === false ? undefined : await startRedisServer();
    if (redis) cleanups.push(() => redis.stop());
    const config = siteControllerConfig({
      layout,
      agentsSocket: path.join(tmp, 'agents.sock'),
      certDir,
      redisUrl: redis?.url,
      reportIntervalMs,
      missedReportsToExpire: opts.missedReportsToExpire ?? 3,
      ...opts.controller,
    });
    const controller = await startSlrController({ config, logDir: dir, readyTimeoutMs: 30_000, nodeArgs: opts.controllerNodeArgs });
    cleanups.push(() => controller.stop());
    const net = await MininetDriver.start({ topology: SITE_TOPOLOGY, controllerPort: controller.port, logDir: dir });
    cleanups.push(() => net.stop());
    await net.waitConnected(30);
    const site = new Site(layout, dir, tmp, redis, controller, net, reportIntervalMs, opts.agentLoad, opts.agentExtra);
    for (const s of layout.servers) await site.startHttp(s.id);
    if (opts.udpEchoPort !== undefined) for (const s of layout.servers) await site.startUdpEcho(s.id, opts.udpEchoPort);
    const agents = opts.agents ?? layout.servers.filter((s) => !s.spare).map((s) => s.id);
    await Promise.all(agents.map((id) => site.startAgent(id)));
    return site;
  } catch (err) {
    await undo();
    throw err;
  }
}
