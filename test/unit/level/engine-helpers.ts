// Builds a catalog + memory store + engine with a hand-driven clock and scheduler.

import { ServiceCatalog } from '../../../level/catalog/catalog';
import { DecisionEngine } from '../../../level/decision/decision-engine';
import type { DecisionEngineOptions, Scheduler } from '../../../level/decision/decision-types';
import type { CatalogSpec } from '../../../level/types';
import { ManualClock } from '../../../controller/clock';
import { MemoryStore } from '../../../controller/store/memory-store';

export class ManualScheduler implements Scheduler {
  readonly timers = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  setInterval(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { fn, ms });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  fire(): void {
    for (const t of this.timers.values()) t.fn();
  }
}

export function setup(spec: CatalogSpec, options: Partial<DecisionEngineOptions> = {}, startMs = 1_700_000_000_000) {
  const catalog = new ServiceCatalog(spec);
  const store = new MemoryStore();
  const clock = new ManualClock(startMs);
  const scheduler = new ManualScheduler();
  const engine = new DecisionEngine(catalog, store.loads, {
    tableUpdateIntervalMs: 1000,
    assignmentLoadIncrement: 1,
    clock,
    scheduler,
    ...options,
  });
  const report = (subnet: string, targetId: string, load: number, at = clock.now()) =>
    store.reportLoad({ subnet, targetId, load, reportedAt: at });
  const svc = (id: string) => {
    const s = catalog.service(id);
    if (s === undefined) throw new Error(`no service ${id}`);
    return s;
  };
  /** Runs n decisions and counts the winners by target id. */
  const burst = (serviceId: string, n: number, clientIp = 0x0a000001): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const d = engine.decide(svc(serviceId), clientIp, 40000 + i, clock.now());
      const id = d.target?.id ?? 'none';
      counts[id] = (counts[id] ?? 0) + 1;
    }
    return counts;
  };
  return { catalog, store, clock, scheduler, engine, report, svc, burst };
}
