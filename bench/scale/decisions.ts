// Decision time at catalog scale: 10,000 targets and 100,000 VIPs (services of /32 on
// port 80, 8 targets each, sliding over the target list), plus one VIP served by all
// 10,000 targets (the worst case of one decision). Loads reported for every target of
// that big service. Measures what runs on the controller's event loop: the catalog
// build, the periodic table update over every service, and lookup + decide per
// connection.
import { ServiceCatalog } from '../../level/catalog/catalog';
import { DecisionEngine } from '../../level/decision/decision-engine';
import type { CatalogSpec, ServiceSpec, TargetSpec } from '../../level/types';
import { MemoryStore } from '../../controller/store/memory-store';

export interface DecisionScale {
  targets: number;
  vips: number;
  catalogBuildMs: number;
  catalogHeapMB: number;
  tableUpdateMs: number;
  /** lookup + decide over random VIPs of 8 targets. */
  decideNs: number;
  /** The same, p99 of 1,000-decision batches (per decision). */
  decideBatchP99Ns: number;
  /** lookup + decide on the VIP served by every target. */
  decideAllTargetsNs: number;
}

const ip = (n: number): string => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const BASE_VIP = 0x0b000000; // 11.0.0.0

function spec(targets: number, vips: number): CatalogSpec {
  const ts: TargetSpec[] = Array.from({ length: targets }, (_, i) => ({
    id: `t${i}`, kind: 'server', weight: 1, cost: i % 7, adminState: 'enabled',
    attachment: { ip: ip(0x0a000000 + i + 1), mac: `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, port: 1 + (i % 48) },
  }));
  const services: ServiceSpec[] = Array.from({ length: vips }, (_, v) => ({
    id: `vip${v}`, prefix: `${ip(BASE_VIP + v)}/32`, protocol: 'tcp', ports: [80],
    targets: Array.from({ length: 8 }, (_, k) => `t${(v * 8 + k) % targets}`), policy: 'least-load',
  }));
  services.push({ id: 'all', prefix: '12.0.0.1/32', protocol: 'tcp', ports: [80], targets: ts.map((t) => t.id), policy: 'least-load' });
  return { targets: ts, services, policies: { 'least-load': { type: 'least-load' } } };
}

function heapMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function measureDecisions(targets = 10_000, vips = 100_000): DecisionScale {
  const s = spec(targets, vips);
  const heap0 = heapMB();
  let t = performance.now();
  const catalog = new ServiceCatalog(s);
  const catalogBuildMs = performance.now() - t;
  const store = new MemoryStore();
  const now = Date.now();
  for (let i = 0; i < targets; i++) store.reportLoad({ subnet: '12.0.0.1/32', targetId: `t${i}`, load: (i * 7919) % 1000 / 1000, reportedAt: now });
  const engine = new DecisionEngine(catalog, store.loads, { tableUpdateIntervalMs: 1000, assignmentLoadIncrement: 0.01 });
  const catalogHeapMB = heapMB() - heap0;
  // The periodic update, as its timer runs it (best of 5: the least disturbed).
  let tableUpdateMs = Infinity;
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    engine.updateTable();
    tableUpdateMs = Math.min(tableUpdateMs, performance.now() - t);
  }
  let x = 12345;
  const rand = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const decideOnce = (vip: number): void => {
    const svc = catalog.lookup(vip, 6, 80);
    if (svc === undefined || engine.decide(svc, 0x0a640000 + (rand() & 0xffff), 40000, now).target === null) throw new Error('no decision');
  };
  for (let i = 0; i < 50_000; i++) decideOnce(BASE_VIP + (rand() % vips)); // warm-up
  const batches: number[] = [];
  const total = performance.now();
  for (let b = 0; b < 500; b++) {
    t = performance.now();
    for (let i = 0; i < 1000; i++) decideOnce(BASE_VIP + (rand() % vips));
    batches.push(((performance.now() - t) * 1e6) / 1000);
  }
  const decideNs = ((performance.now() - total) * 1e6) / 500_000;
  batches.sort((a, b) => a - b);
  const all = 0x0c000001;
  for (let i = 0; i < 200; i++) decideOnce(all);
  t = performance.now();
  for (let i = 0; i < 2000; i++) decideOnce(all);
  const decideAllTargetsNs = ((performance.now() - t) * 1e6) / 2000;
  return {
    targets, vips, catalogBuildMs, catalogHeapMB, tableUpdateMs, decideNs,
    decideBatchP99Ns: batches[Math.floor(batches.length * 0.99)], decideAllTargetsNs,
  };
}
