// Typed client for mininet/driver.py: starts it under Debian's Python, waits for its
// "ready" line, then sends JSON-line requests and matches replies by id.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './artifacts';
import { registerChild, stopChild } from './child-registry';
import { onLines, parseJsonLine } from './line-reader';

/** Mininet only imports under Debian's interpreter, never the `python3` on PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const DRIVER_SCRIPT = path.join(REPO_ROOT, 'mininet', 'driver.py');

export interface HostInfo {
  name: string;
  ip: string;
  mac?: string;
  node: string;
  pid: number;
  [extra: string]: unknown;
}

export interface NetworkInfo {
  prefix: string;
  controllerPort: number;
  privateOvs: boolean;
  ovsRunDir: string | null;
  switches: Record<string, { bridge: string; dpid: string; controllerPort: number }>;
  hosts: Record<string, HostInfo>;
  /** The topology's IP tunnels as built: the underlay link (root namespace) carries their outer packets. */
  tunnels: TunnelInfo[];
}

export interface TunnelInfo {
  a: string;
  aPort: number;
  b: string;
  bPort: number;
  type: 'vxlan' | 'gre';
  key: 'flow' | number;
  underlay: [string, string];
  underlayLink: string;
  underlayBridges: [string, string];
  ports: [string, string];
}

export interface CmdResult { ok: boolean; output: string; exit: number | null; error?: string }
export interface PingAllResult { ok: boolean; loss: number; sent: number; failed: [string, string][] }
export interface SwitchStatus { exists: boolean; connected: boolean; controllers: string[] }

export interface DriverOptions {
  topology: string;
  controllerPort: number;
  /** Ports of named controllers, for switches whose topology entry names one (one per SLR process). */
  controllerPorts?: Record<string, number>;
  logDir: string;
  /** Own ovsdb-server/ovs-vswitchd for this network (needed for restartOvs). */
  privateOvs?: boolean;
  readyTimeoutMs?: number;
}

type Reply = Record<string, unknown> & { ok: boolean; error?: string };

export class MininetDriver {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private exitError: Error | undefined;
  info!: NetworkInfo;

  private constructor(private readonly child: ChildProcess, readonly logPath: string) {
    const log = createWriteStream(logPath, { flags: 'a' });
    onLines(child.stderr!, (line) => log.write(line + '\n'));
    onLines(child.stdout!, (line) => this.onReply(line));
    child.once('exit', (code, signal) => {
      log.end(`# driver exited code=${code} signal=${signal}\n`);
      this.exitError = new Error(`mininet driver exited (code ${code}, signal ${signal}); log: ${logPath}`);
      for (const p of this.pending.values()) p.reject(this.exitError);
      this.pending.clear();
    });
  }

  private readyWaiter: ((msg: Record<string, unknown>) => void) | undefined;

  private onReply(line: string): void {
    const msg = parseJsonLine(line);
    if (!msg) return;
    if (msg.event !== undefined) {
      this.readyWaiter?.(msg);
      return;
    }
    const id = msg.id as number;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(msg as Reply);
  }

  static async start(opts: DriverOptions): Promise<MininetDriver> {
    // Mininet's info level: a few lines per build, enough to see where a slow one is.
    const args = [DRIVER_SCRIPT, '--topology', opts.topology, '--controller-port', String(opts.controllerPort),
      '--log-level', 'info'];
    if (opts.privateOvs) args.push('--private-ovs');
    if (opts.controllerPorts !== undefined) args.push('--controller-ports', JSON.stringify(opts.controllerPorts));
    const child = spawn(DEBIAN_PYTHON, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    registerChild('mininet-driver', child);
    const driver = new MininetDriver(child, path.join(opts.logDir, 'mininet-driver.log'));
    const timeoutMs = opts.readyTimeoutMs ?? 60_000;
    const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Ask the driver for its stack traces (faulthandler) before it is stopped.
        child.kill('SIGUSR1');
        setTimeout(() => reject(new Error(`mininet driver not ready in ${timeoutMs} ms; log: ${driver.logPath}`)), 1000);
      }, timeoutMs);
      driver.readyWaiter = (msg) => { clearTimeout(timer); resolve(msg); };
      child.once('exit', () => { clearTimeout(timer); reject(driver.exitError); });
    }).catch(async (err: Error) => {
      await stopChild(child);
      throw err;
    });
    if (first.event !== 'ready') {
      await stopChild(child);
      throw new Error(`mininet driver failed: ${String(first.error)}; log: ${driver.logPath}`);
    }
    driver.info = first as unknown as NetworkInfo;
    return driver;
  }

  /** Send one request; rejects only if the driver is gone (ok:false comes back as data). */
  request(op: string, params: Record<string, unknown> = {}): Promise<Reply> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(JSON.stringify({ id, op, ...params }) + '\n');
    });
  }

  /** Like request, but an ok:false reply becomes an exception naming the op. */
  private async must(op: string, params: Record<string, unknown> = {}): Promise<Reply> {
    const reply = await this.request(op, params);
    if (!reply.ok) throw new Error(`${op} ${JSON.stringify(params)} failed: ${reply.error ?? JSON.stringify(reply)}`);
    return reply;
  }

  async cmd(host: string, cmd: string, timeoutS = 30): Promise<CmdResult> {
    return (await this.must('cmd', { host, cmd, timeout: timeoutS })) as unknown as CmdResult;
  }

  async bg(host: string, cmd: string): Promise<{ pid: number; log: string }> {
    const r = await this.must('bg', { host, cmd });
    return { pid: r.pid as number, log: r.log as string };
  }

  async kill(pid: number, signal = 'TERM'): Promise<{ exit: number | null }> {
    const r = await this.must('kill', { pid, signal });
    return { exit: r.exit as number | null };
  }

  async bgStatus(pid: number): Promise<{ running: boolean; exit: number | null; log: string }> {
    return (await this.must('bgStatus', { pid })) as unknown as { running: boolean; exit: number | null; log: string };
  }

  async pingAll(opts: { count?: number; timeoutS?: number; hosts?: string[] } = {}): Promise<PingAllResult> {
    const r = await this.must('pingAll', { count: opts.count ?? 1, timeout: opts.timeoutS ?? 2, hosts: opts.hosts });
    return r as unknown as PingAllResult;
  }

  async dumpFlows(sw: string): Promise<string> {
    return (await this.must('dumpFlows', { switch: sw })).output as string;
  }

  async ofctl(sw: string, args: string[]): Promise<string> {
    return (await this.must('ofctl', { switch: sw, args })).output as string;
  }

  async delController(sw: string): Promise<void> {
    await this.must('delController', { switch: sw });
  }

  async setController(sw: string, port?: number): Promise<void> {
    await this.must('setController', { switch: sw, port });
  }

  /** Points a switch at several controllers at once (a hot-spare pair: one connection each). */
  async setControllers(sw: string, ports: number[]): Promise<void> {
    await this.must('setController', { switch: sw, ports });
  }

  async status(): Promise<Record<string, SwitchStatus>> {
    return (await this.must('status')).switches as Record<string, SwitchStatus>;
  }

  /** Wait until every switch is connected (or, with connected=false, disconnected). */
  async waitConnected(timeoutS = 20, connected = true): Promise<Record<string, SwitchStatus>> {
    return (await this.must('waitConnected', { timeout: timeoutS, connected })).switches as Record<string, SwitchStatus>;
  }

  /** Stop and start this network's own ovs-vswitchd (driver started with privateOvs). */
  async restartOvs(downSeconds = 0): Promise<{ pidBefore: number; pidAfter: number }> {
    const r = await this.must('restartOvs', { downSeconds });
    return { pidBefore: r.pidBefore as number, pidAfter: r.pidAfter as number };
  }

  hostIp(host: string): string {
    const h = this.info.hosts[host];
    if (!h) throw new Error(`unknown host ${host}`);
    return h.ip.split('/')[0]!;
  }

  /** Tear the network down: the stop op, then SIGTERM if the driver does not exit. */
  async stop(): Promise<void> {
    if (this.exitError) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.request('stop').catch(() => undefined);
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
