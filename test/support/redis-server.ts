// A private redis-server for tests: own port, no persistence, loopback only, stopped by
// its own PID. restart() brings it back on the same port (to test reconnection). The same
// launcher starts redis-server in sentinel mode (test/support/redis-sentinel.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { registerChild } from './child-registry';

export interface RedisServerHandle {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
  /** Stops it if running, then starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** Kills it at once with SIGKILL (a crash: no shutdown, no goodbye to clients); resolves on exit. */
  kill(): Promise<void>;
  /** The last lines it printed (for failure messages). */
  output(): string;
}

export interface StartRedisOptions {
  port?: number;
  /** redis-server binary. */
  binary?: string;
  startTimeoutMs?: number;
  /** More command-line options after the defaults, e.g. ['--replicaof', '127.0.0.1', '6380']. */
  args?: readonly string[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** What a process is started with and the log line that says it is ready. */
export interface LaunchSpec {
  binary: string;
  argv: readonly string[];
  port: number;
  ready: string;
  timeoutMs: number;
}

/** The tail of what each launched process printed, kept for failure messages. */
const outputs = new WeakMap<ChildProcess, { text: string }>();
const OUTPUT_KEPT = 16_000;

export function recentOutput(child: ChildProcess | null): string {
  return child === null ? '' : outputs.get(child)?.text ?? '';
}

export function launch({ binary, argv, port, ready, timeoutMs }: LaunchSpec): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    registerChild(`redis-server:${port}`, child);
    const kept = { text: '' };
    outputs.set(child, kept);
    const keep = (chunk: Buffer): void => {
      kept.text = (kept.text + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // `keep` goes on reading, so a chatty server never blocks on a full pipe.
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** SIGKILL, resolving once the process is gone. */
export function killChild(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export function stopChild(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startRedisServer(opts: StartRedisOptions = {}): Promise<RedisServerHandle> {
  const binary = opts.binary ?? '/usr/bin/redis-server';
  const timeoutMs = opts.startTimeoutMs ?? 10_000;
  const port = opts.port ?? (await freePort());
  const spec: LaunchSpec = {
    binary,
    argv: ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--loglevel', 'notice', ...(opts.args ?? [])],
    port,
    ready: 'Ready to accept connections',
    timeoutMs,
  };
  let child: ChildProcess | null = await launch(spec);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await stopChild(child);
      child = null;
    },
    async restart() {
      await stopChild(child);
      child = await launch(spec);
    },
    async kill() {
      await killChild(child);
    },
    output() {
      return recentOutput(child);
    },
  };
}
