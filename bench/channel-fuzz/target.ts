// The controller under test: a running one given by --host/--port (and optionally
// --pid for its memory), or one this tool starts itself from the built CLI with the
// L2 forwarding app, short handshake and send-stall timeouts (so the idle and slow
// scenarios finish in seconds) and an optional PACKET_IN limit.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RawSwitch } from './raw-switch';

export interface Target {
  host: string;
  port: number;
  /** Resident memory of the controller process in MB (NaN when unknown). */
  rssMb(): number;
  /** The process runs and a new switch gets through the handshake. */
  alive(): Promise<boolean>;
  /** Log lines whose msg contains `text` so far (only for a controller we started). */
  logCount(text: string): number;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

let probeDpid = 0xa11e0000n;

async function handshakes(host: string, port: number): Promise<boolean> {
  try {
    const sw = await RawSwitch.open(host, port, { dpid: probeDpid++ }, 10_000);
    sw.close();
    return true;
  } catch {
    return false;
  }
}

export async function attachTarget(host: string, port: number, pid?: number): Promise<Target> {
  return {
    host, port,
    rssMb: () => rssOf(pid),
    alive: async () => (pid === undefined || rssOf(pid) > 0) && handshakes(host, port),
    logCount: () => NaN,
    stop: async () => undefined,
  };
}

export interface SpawnOptions {
  packetInLimit?: number;
  receiveSliceMessages?: number;
  handshakeMs: number;
  sendStallMs: number;
  /** An alternative build of the CLI (e.g. an older commit, for before/after numbers). */
  cliMain?: string;
}

export async function spawnTarget(opts: SpawnOptions): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'slr-fuzz-channel-'));
  const cfgFile = join(dir, 'controller.json');
  const openflow: Record<string, unknown> = {
    host: '127.0.0.1', port: 0, timeouts: { handshakeMs: opts.handshakeMs, requestMs: 10_000 },
  };
  if (opts.cliMain === undefined) openflow.sendStallTimeoutMs = opts.sendStallMs;
  if (opts.receiveSliceMessages !== undefined) openflow.receiveSliceMessages = opts.receiveSliceMessages;
  if (opts.packetInLimit !== undefined) openflow.packetInLimit = { ratePerSec: opts.packetInLimit, logIntervalMs: 1000 };
  writeFileSync(cfgFile, JSON.stringify({ openflow, log: { level: 'info' }, apps: { forwarding: { enabled: true } } }));
  const main = opts.cliMain ?? join(REPO_ROOT, 'dist', 'cli', 'main.js');
  const child: ChildProcess = spawn('node', [main, 'controller', '--config', cfgFile, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const counts = new Map<string, number>();
  let tail = '';
  let port = 0;
  const ready = new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`controller did not start:\n${tail}`)), 20_000);
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`controller exited (${code}):\n${tail}`)); });
    let partial = '';
    const onData = (d: Buffer): void => {
      const text = partial + d.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        tail = (tail + line + '\n').slice(-4000);
        const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
        if (msg !== undefined) counts.set(msg, (counts.get(msg) ?? 0) + 1);
        if (port === 0 && msg === 'listening') {
          port = Number(/"port":(\d+)/.exec(line)?.[1]);
          clearTimeout(timer);
          ok();
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  await ready;
  return {
    host: '127.0.0.1', port,
    rssMb: () => rssOf(child.exitCode === null ? child.pid : undefined),
    alive: async () => child.exitCode === null && child.signalCode === null && handshakes('127.0.0.1', port),
    logCount: (text) => {
      let n = 0;
      for (const [msg, c] of counts) if (msg.includes(text)) n += c;
      return n;
    },
    stop: () => new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => { clearTimeout(t); ok(); });
      child.kill('SIGTERM');
    }),
  };
}
