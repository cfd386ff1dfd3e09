// A private Redis Sentinel deployment for tests: a master, a replica of it and N
// sentinels (redis-server --sentinel) watching the pair, all on free loopback ports, with
// a temporary directory for the sentinels' config files (Sentinel rewrites its own file,
// so it must be writable). Everything is stopped by its own PID in stop().
//
// The sentinel.conf lines are the ones docs/redis-sentinel.md explains, with short
// timings so a failover takes seconds, not the default minutes.

import { type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import type { RedisEndpoint } from '../../controller/store/config-schema';
import { freePort, launch, recentOutput, startRedisServer, stopChild, type RedisServerHandle } from './redis-server';

export interface SentinelOptions {
  /** Master group name (`sentinel monitor <name> ...`). */
  name?: string;
  sentinels?: number;
  quorum?: number;
  /**
   * Silence after which a sentinel thinks an instance is down, ms. Not 1000: a sentinel
   * pings once a second and (re)connects to an instance at most once a second, so right
   * after a failover its fresh link to the new master can take about that long to get a
   * first answer. With 1000 a loaded machine saw the new master "down" and a second,
   * needless failover promote the old master, just restarted empty.
   */
  downAfterMs?: number;
  /** Sentinel's failover-timeout, ms (also bounds its leader election). */
  failoverTimeoutMs?: number;
  binary?: string;
}

export interface SentinelHandle {
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
  output(): string;
}

export interface SentinelDeployment {
  readonly name: string;
  readonly master: RedisServerHandle;
  readonly replica: RedisServerHandle;
  readonly sentinels: readonly SentinelHandle[];
  /** What slr's redis section would say: the sentinels and the group name. */
  readonly endpoint: RedisEndpoint;
  /**
   * Waits until every sentinel names this port as the master and sees it up (flags just
   * "master"). Sentinels learn of a failover one after another (the leader first, the
   * others from its hello messages, sent every 2 s), so one may still name the old
   * master, or not have reached the new one yet, for a while.
   */
  waitForMaster(port: number, timeoutMs?: number): Promise<void>;
  /** Every process's recent output, for a failure message. */
  diagnostics(): string;
  stop(): Promise<void>;
}

async function startSentinel(binary: string, dir: string, index: number, lines: string[]): Promise<SentinelHandle> {
  const port = await freePort();
  const conf = path.join(dir, `sentinel-${index}.conf`);
  writeFileSync(conf, [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, ...lines, ''].join('\n'));
  let child: ChildProcess | null = await launch({ binary, argv: [conf, '--sentinel'], port, ready: '+monitor master', timeoutMs: 10_000 });
  return {
    port,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await stopChild(child);
      child = null;
    },
    output: () => recentOutput(child),
  };
}

/** Polls until check() holds; the error names what was awaited. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet: a process still starting
    }
    if (Date.now() > deadline) throw new Error(`redis sentinel setup: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A command against one instance on its own short-lived connection. */
async function ask<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** A flat [key, value, key, value...] reply (SENTINEL MASTER) as a map. */
function pairs(reply: unknown): Map<string, string> {
  const raw = Array.isArray(reply) ? (reply as string[]) : [];
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) m.set(raw[i], raw[i + 1]);
  return m;
}

const field = (info: string, key: string): string | undefined => new RegExp(`^${key}:(.*?)\\s*$`, 'm').exec(info)?.[1];

/** Starts master, replica and sentinels, and waits until the sentinels could fail the master over. */
export async function startSentinelDeployment(opts: SentinelOptions = {}): Promise<SentinelDeployment> {
  const binary = opts.binary ?? '/usr/bin/redis-server';
  const name = opts.name ?? 'slr-test';
  const count = opts.sentinels ?? 3;
  const quorum = opts.quorum ?? 2;
  const dir = mkdtempSync(path.join(tmpdir(), 'slr-sentinel-'));
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Each in a directory of its own under the temporary one: a replica saves the copy
    // it receives from its master as dump.rdb in its working directory, whatever `save`
    // says, and a server loads a dump.rdb it finds there when it starts (the old master
    // must come back empty when restarted).
    const [masterDir, replicaDir] = ['master', 'replica'].map((n) => path.join(dir, n));
    for (const sub of [masterDir, replicaDir]) mkdirSync(sub);
    const master = await startRedisServer({ binary, args: ['--dir', masterDir] });
    started.push(master);
    const replica = await startRedisServer({ binary, args: ['--dir', replicaDir, '--replicaof', '127.0.0.1', String(master.port)] });
    started.push(replica);
    await until('the replica to sync', async () => field(await ask(replica.port, (r) => r.info('replication')), 'master_link_status') === 'up', 15_000);
    const lines = [
      `sentinel monitor ${name} 127.0.0.1 ${master.port} ${quorum}`,
      `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 2000}`,
      `sentinel failover-timeout ${name} ${opts.failoverTimeoutMs ?? 5000}`,
      `sentinel parallel-syncs ${name} 1`,
    ];
    const sentinels: SentinelHandle[] = [];
    for (let i = 0; i < count; i++) {
      const s = await startSentinel(binary, dir, i, lines);
      started.push(s);
      sentinels.push(s);
    }
    // A failover needs each sentinel to know the replica (from the master's INFO) and the
    // other sentinels (from their hello messages, every 2 s): wait for both.
    for (const s of sentinels) {
      await until(`sentinel ${s.port} to see the replica and ${count - 1} other sentinels`, async () => {
        const m = pairs(await ask(s.port, (r) => r.call('SENTINEL', 'MASTER', name)));
        return m.get('num-slaves') === '1' && m.get('num-other-sentinels') === String(count - 1) && m.get('flags') === 'master';
      }, 20_000);
    }
    const deployment: SentinelDeployment = {
      name,
      master,
      replica,
      sentinels,
      endpoint: { url: 'redis://sentinel-managed', sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), sentinelName: name },
      async waitForMaster(port: number, timeoutMs = 30_000) {
        await until(`every sentinel to name port ${port} as the master and see it up`, async () => {
          const views = await Promise.all(sentinels.map((s) => ask(s.port, (r) => r.call('SENTINEL', 'MASTER', name)).then(pairs, () => null)));
          const answers = views.filter((v): v is Map<string, string> => v !== null);
          return answers.length > 0 && answers.every((v) => v.get('port') === String(port) && v.get('flags') === 'master');
        }, timeoutMs);
      },
      diagnostics() {
        const parts = [['master', master.output()], ['replica', replica.output()], ...sentinels.map((s, i) => [`sentinel ${i}`, s.output()])];
        return parts.map(([who, text]) => `--- ${who} ---\n${text.slice(-3000)}`).join('\n');
      },
      stop: stopAll,
    };
    return deployment;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
