// 1,000 emulated OpenFlow 1.3 switches (test/support/fake-switch) connecting at once to
// a real slr controller process running the site SLR on every one of them (each an
// ingress switch: VIP rules reconciled onto it). Per switch: handshake time (TCP
// connect until the controller's flow read-back, which it sends once the switch is up)
// and ready time (until the barrier closing its reconciliation). Memory per switch:
// the controller's RSS and V8 heap (its own /metrics) before and after, divided by
// the number of switches.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSwitch } from '../../test/support/fake-switch';
import { sumMetric } from '../../test/support/site-traffic';
import { benchConfig } from '../controller-configs';
import { REPO_ROOT, startProcess, stopProcess } from '../ofbench-runner';

export interface SwitchScale {
  switches: number;
  handshakeP50Ms: number;
  handshakeP99Ms: number;
  readyP50Ms: number;
  readyP99Ms: number;
  allReadyMs: number;
  rssBytesPerSwitch: number;
  heapBytesPerSwitch: number;
}

const pct = (s: number[], p: number): number => s[Math.min(s.length - 1, Math.round((p / 100) * (s.length - 1)))];

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function heapUsed(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return sumMetric(text, 'nodejs_heap_size_used_bytes');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function measureSwitches(n = 1000): Promise<SwitchScale> {
  const dir = mkdtempSync(join(tmpdir(), 'slr-scale-'));
  const cfgFile = join(dir, 'controller.json');
  writeFileSync(cfgFile, JSON.stringify({ ...benchConfig('vip', n), metrics: { enabled: true, host: '127.0.0.1', port: 0 } }));
  const portOf = (out: string, msg: string): number | undefined => {
    const line = out.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
    const m = line ? /"port":(\d+)/.exec(line) : null;
    return m ? Number(m[1]) : undefined;
  };
  const { child, output } = await startProcess('node', [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'controller', '--config', cfgFile, '--port', '0'],
    (out) => portOf(out, 'listening') !== undefined && portOf(out, 'metrics listening') !== undefined, 30_000);
  const port = portOf(output, 'listening')!;
  const metricsPort = portOf(output, 'metrics listening')!;
  const pid = child.pid!;
  const switches: FakeSwitch[] = [];
  try {
    await sleep(1000);
    const rss0 = rssBytes(pid);
    const heap0 = await heapUsed(metricsPort);
    const t0 = performance.now();
    const handshake: number[] = [];
    const ready: number[] = [];
    await Promise.all(Array.from({ length: n }, async (_, i) => {
      const start = performance.now();
      const sw = await FakeSwitch.connect(port, { datapathId: BigInt(i + 1) });
      switches.push(sw);
      await sw.waitFor((m) => m.type === 'MULTIPART_REQUEST' && m.mpType === 'FLOW', 120_000);
      handshake.push(performance.now() - start);
      await sw.waitFor((m) => m.type === 'BARRIER_REQUEST' && sw.received.some((x) => x.type === 'FLOW_MOD'), 120_000);
      ready.push(performance.now() - start);
    }));
    const allReadyMs = performance.now() - t0;
    await sleep(2000);
    const rss1 = rssBytes(pid);
    const heap1 = await heapUsed(metricsPort);
    handshake.sort((a, b) => a - b);
    ready.sort((a, b) => a - b);
    return {
      switches: n,
      handshakeP50Ms: pct(handshake, 50), handshakeP99Ms: pct(handshake, 99),
      readyP50Ms: pct(ready, 50), readyP99Ms: pct(ready, 99), allReadyMs,
      rssBytesPerSwitch: (rss1 - rss0) / n, heapBytesPerSwitch: (heap1 - heap0) / n,
    };
  } finally {
    for (const sw of switches) sw.close();
    await stopProcess(child);
  }
}
