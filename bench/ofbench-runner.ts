// Builds the shared OpenFlow 1.3 benchmark (ofbench) outside the shared folder and runs
// it against a controller listening on 127.0.0.1:PORT, parsing its summary lines.
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** shared/tools/ofbench beside the checkout (/work/main) or beside its parent (worktrees under /work/wt). */
const SHARED_OFBENCH = [resolve(REPO_ROOT, '..', 'shared', 'tools', 'ofbench'), resolve(REPO_ROOT, '..', '..', 'shared', 'tools', 'ofbench')]
  .find((d) => existsSync(d)) ?? resolve(REPO_ROOT, '..', 'shared', 'tools', 'ofbench');
const BUILD_DIR = join(REPO_ROOT, '.run', 'ofbench');

/** Copies ofbench into .run/ (never builds inside shared/) and compiles it once. */
export function buildOfbench(): string {
  const bin = join(BUILD_DIR, 'ofbench');
  if (existsSync(bin)) return bin;
  if (!existsSync(SHARED_OFBENCH)) throw new Error(`ofbench sources not found at ${SHARED_OFBENCH}`);
  mkdirSync(BUILD_DIR, { recursive: true });
  cpSync(SHARED_OFBENCH, BUILD_DIR, { recursive: true });
  execFileSync('make', ['-C', BUILD_DIR, 'ofbench'], { stdio: 'ignore' });
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export interface OfbenchResult {
  answeredPerSec: number;
  responsesPerSec: number;
  flowModsPerSec: number;
  p50Us?: number;
  p99Us?: number;
  lost: number;
  errors: number;
  raw: string;
}

export interface OfbenchRun {
  port: number;
  measure: 'throughput' | 'latency';
  payload: 'l2' | 'vip';
  switches: number;
  loops: number;
  extraArgs?: string[];
}

function num(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function parseOfbench(out: string): OfbenchResult {
  const answered = num(out, /answered packet_ins\/s ([\d.]+)/);
  if (answered === undefined) throw new Error(`ofbench printed no summary:\n${out.slice(-2000)}`);
  return {
    answeredPerSec: answered,
    responsesPerSec: num(out, /RESULT .* avg=([\d.]+)/) ?? 0,
    flowModsPerSec: num(out, /avg flow_mods\/s ([\d.]+)/) ?? 0,
    p50Us: num(out, /p50_us=([\d.]+)/),
    p99Us: num(out, /p99_us=([\d.]+)/),
    lost: num(out, /lost (\d+)/) ?? 0,
    errors: num(out, /errors (\d+)/) ?? 0,
    raw: out,
  };
}

export function runOfbench(bin: string, run: OfbenchRun): Promise<OfbenchResult> {
  const args = [
    '-p', String(run.port), '-s', String(run.switches), '-l', String(run.loops),
    run.measure === 'throughput' ? '--throughput' : '--latency', '--mode', run.payload,
    ...(run.extraArgs ?? []),
  ];
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', fail);
    child.on('close', () => {
      try { ok(parseOfbench(out)); } catch (e) { fail(e); }
    });
  });
}

export interface Started { child: ChildProcess; output: string }

/** Starts a process and resolves once `ready(outputSoFar)` is true, with that output. */
export function startProcess(cmd: string, args: string[], ready: (out: string) => boolean,
  timeoutMs = 15000): Promise<Started> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`${cmd} not ready:\n${out.slice(-2000)}`)); }, timeoutMs);
    const onData = (d: Buffer): void => {
      if (out.length < 1 << 20) out += d.toString();
      if (ready(out)) { clearTimeout(timer); ok({ child, output: out }); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (e) => { clearTimeout(timer); fail(e); });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`${cmd} exited (${code}):\n${out.slice(-2000)}`)); });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((done) => {
      const sock = createConnection({ host: '127.0.0.1', port });
      sock.once('connect', () => { sock.destroy(); done(true); });
      sock.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a process that prints nothing when ready, then waits for its port. */
export async function startListener(cmd: string, args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  const exited = new Promise<never>((_, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`${cmd} exited (${code})`)));
  });
  await Promise.race([waitForPort(port), exited]);
  return child;
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => { clearTimeout(timer); ok(); });
    child.kill('SIGTERM');
  });
}
