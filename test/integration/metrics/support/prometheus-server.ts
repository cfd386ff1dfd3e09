// A real Prometheus (Debian's `prometheus` package) for tests: its own config with a
// 1 s scrape interval, a throwaway TSDB folder, a free loopback port; stopped by PID.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerChild, stopChild } from '../../../support/child-registry';
import { freePort } from '../../../support/controller-process';

export interface ScrapeTarget {
  job: string;
  /** host:port serving /metrics */
  address: string;
}

/** One entry of an instant-vector result of /api/v1/query. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface QueryResult {
  resultType: 'vector' | 'scalar' | 'matrix' | 'string';
  result: VectorSample[] | [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  readonly pid: number;
  readonly configPath: string;
  /** Evaluates a PromQL expression now; rejects on an HTTP or PromQL error. */
  query(expr: string): Promise<QueryResult>;
  /** Samples of an instant vector (a scalar becomes one sample without labels). */
  vector(expr: string): Promise<VectorSample[]>;
  /** The single value of an expression, or undefined when it returns no data. */
  value(expr: string): Promise<number | undefined>;
  /** Waits until every job has been scraped successfully since `since` (ms epoch). */
  waitForScrapes(since: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function scrapeConfigYaml(targets: ScrapeTarget[], intervalS: number): string {
  const jobs = new Map<string, string[]>();
  for (const t of targets) jobs.set(t.job, [...(jobs.get(t.job) ?? []), t.address]);
  const lines = ['global:', `  scrape_interval: ${intervalS}s`, `  scrape_timeout: ${intervalS}s`, `  evaluation_interval: ${intervalS}s`, 'scrape_configs:'];
  for (const [job, addresses] of jobs) {
    lines.push(`  - job_name: ${JSON.stringify(job)}`, '    static_configs:', `      - targets: [${addresses.map((a) => JSON.stringify(a)).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

async function getJson(url: string): Promise<{ status: string; data?: unknown; error?: string; errorType?: string }> {
  const res = await fetch(url);
  return (await res.json()) as { status: string; data?: unknown; error?: string };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startPrometheus(opts: { targets: ScrapeTarget[]; dir: string; scrapeIntervalS?: number }): Promise<PrometheusServer> {
  const port = await freePort();
  const configPath = path.join(opts.dir, 'prometheus.yml');
  writeFileSync(configPath, scrapeConfigYaml(opts.targets, opts.scrapeIntervalS ?? 1));
  const tsdb = mkdtempSync(path.join(os.tmpdir(), 'slr-prom-'));
  const child = spawn('prometheus', [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${tsdb}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  registerChild('prometheus', child);
  const log = createWriteStream(path.join(opts.dir, 'prometheus.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child, 10_000);
    rmSync(tsdb, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode} (log: ${opts.dir}/prometheus.log)`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('prometheus did not become ready within 30 s');
    }
    await sleep(200);
  }

  const query = async (expr: string): Promise<QueryResult> => {
    const body = await getJson(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    if (body.status !== 'success') throw new Error(`PromQL ${expr}: ${body.errorType}: ${body.error}`);
    return body.data as QueryResult;
  };
  const vector = async (expr: string): Promise<VectorSample[]> => {
    const r = await query(expr);
    if (r.resultType === 'scalar') return [{ metric: {}, value: r.result as [number, string] }];
    if (r.resultType !== 'vector') throw new Error(`PromQL ${expr}: expected a vector, got a ${r.resultType}`);
    return r.result as VectorSample[];
  };
  const jobs = [...new Set(opts.targets.map((t) => t.job))];
  return {
    url,
    pid: child.pid ?? -1,
    configPath,
    query,
    vector,
    async value(expr) {
      const v = await vector(expr);
      if (v.length > 1) throw new Error(`PromQL ${expr}: ${v.length} series where one was expected`);
      return v.length === 0 ? undefined : Number(v[0]!.value[1]);
    },
    async waitForScrapes(since, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const body = await getJson(`${url}/api/v1/targets?state=active`);
        const active = ((body.data as { activeTargets?: Array<{ labels: { job: string }; health: string; lastScrape: string }> })?.activeTargets) ?? [];
        const fresh = jobs.every((job) => {
          const ts = active.filter((t) => t.labels.job === job);
          return ts.length > 0 && ts.every((t) => t.health === 'up' && Date.parse(t.lastScrape) > since);
        });
        if (fresh) return;
        if (Date.now() > end) throw new Error(`prometheus: no fresh successful scrape of ${jobs.join(', ')} within ${timeoutMs} ms: ${JSON.stringify(active)}`);
        await sleep(250);
      }
    },
    stop,
  };
}
