// Starts the slr controller (or, for harness self-tests, Open vSwitch's
// ovs-testcontroller) as a child process on a port the OS picks, and keeps its log.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './artifacts';
import { registerChild, stopChild } from './child-registry';
import { onLines, parseJsonLine } from './line-reader';

export type LogRecord = Record<string, unknown>;

export interface RunningController {
  readonly kind: 'slr' | 'ovs-testcontroller';
  readonly port: number;
  readonly pid: number;
  readonly logPath: string;
  /** Every JSON log line so far (slr only; ovs-testcontroller logs plain text). */
  readonly records: LogRecord[];
  waitForLog(match: (r: LogRecord) => boolean, timeoutMs?: number): Promise<LogRecord>;
  stop(): Promise<void>;
}

export const CONTROLLER_ENTRY = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');

class ControllerChild implements RunningController {
  readonly records: LogRecord[] = [];
  private waiters: { match: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }[] = [];
  port = 0;

  constructor(
    readonly kind: RunningController['kind'],
    private readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    const log = createWriteStream(logPath, { flags: 'a' });
    const onLine = (line: string): void => {
      log.write(line + '\n');
      const rec = parseJsonLine(line);
      if (!rec) return;
      this.records.push(rec);
      this.waiters = this.waiters.filter((w) => (w.match(rec) ? (w.resolve(rec), false) : true));
    };
    onLines(child.stdout!, onLine);
    onLines(child.stderr!, onLine);
    child.once('exit', (code, signal) => log.end(`# exited code=${code} signal=${signal}\n`));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  waitForLog(match: (r: LogRecord) => boolean, timeoutMs = 10_000): Promise<LogRecord> {
    const seen = this.records.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no matching log line from ${this.kind} within ${timeoutMs} ms (log: ${this.logPath})`));
      }, timeoutMs);
      const done = (r: LogRecord): void => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiters.push({ match, resolve: done });
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.kind} exited (code ${code}) before the expected log line (log: ${this.logPath})`));
      });
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

export interface SlrControllerOptions {
  /** The controller config; openflow.host/port are overridden by --host/--port. */
  config: object;
  logDir: string;
  name?: string;
  /** Fixed port (default 0: the OS picks one, read back from the "listening" line). */
  port?: number;
  readyTimeoutMs?: number;
  /** Options for node itself, before the script (e.g. --cpu-prof for profile:site). */
  nodeArgs?: string[];
}

export async function startSlrController(opts: SlrControllerOptions): Promise<RunningController> {
  if (!existsSync(CONTROLLER_ENTRY)) {
    throw new Error(`${CONTROLLER_ENTRY} is missing: run \`npm run build\` first`);
  }
  const name = opts.name ?? 'controller';
  const configPath = path.join(opts.logDir, `${name}.config.json`);
  writeFileSync(configPath, JSON.stringify(opts.config, null, 2));
  const args = [...(opts.nodeArgs ?? []), CONTROLLER_ENTRY, 'controller', '--config', configPath,
    '--host', '127.0.0.1', '--port', String(opts.port ?? 0)];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  registerChild(name, child);
  const ctl = new ControllerChild('slr', child, path.join(opts.logDir, `${name}.log`));
  try {
    const rec = await ctl.waitForLog((r) => r.msg === 'listening' && typeof r.port === 'number',
      opts.readyTimeoutMs ?? 15_000);
    ctl.port = rec.port as number;
  } catch (err) {
    await ctl.stop();
    throw err;
  }
  return ctl;
}

/** A port that was free a moment ago (for programs that cannot report their own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Open vSwitch's reference learning switch, to test the harness without slr. */
export async function startTestController(logDir: string): Promise<RunningController> {
  const port = await freePort();
  const child = spawn('ovs-testcontroller', ['-O', 'OpenFlow13', `ptcp:${port}:127.0.0.1`],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  registerChild('ovs-testcontroller', child);
  const ctl = new ControllerChild('ovs-testcontroller', child, path.join(logDir, 'ovs-testcontroller.log'));
  ctl.port = port;
  await waitForListener(port, 5_000);
  return ctl;
}

async function waitForListener(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => { sock.destroy(); resolve(true); });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
