// RoutingPort over the service-routing app's ServiceCatalog. The catalog already checks
// and swaps whole catalogs; what it lacks is added here: per-policy settings (G and the
// table update interval, which it does not hold) and releasing the pins of a removed
// target (its connections may then be decided afresh).
import { buildCatalog } from '../../level/catalog/catalog-build';
import type { ServiceCatalog } from '../../level/catalog/catalog';
import type { DecisionEngine } from '../../level/decision/decision-engine';
import type { Pins } from '../../level/pins/pins';
import type { PolicySettings, RoutingPort, RoutingState } from '../services';
import { releasePinsOfTarget } from './pins-adapter';

export interface TableTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const systemTimer: TableTimer = {
  set: (fn, ms) => setInterval(fn, ms).unref(),
  clear: (h) => clearInterval(h as NodeJS.Timeout),
};

export class RoutingAdapter implements RoutingPort {
  private settings: Record<string, PolicySettings>;
  private timer: unknown = null;
  private timerMs = 0;

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly engine: DecisionEngine,
    private readonly pins: Pins,
    initialSettings: Record<string, PolicySettings> = {},
    private readonly tableTimer: TableTimer = systemTimer,
  ) {
    this.settings = { ...initialSettings };
    this.schedule();
  }

  current(): RoutingState {
    return { catalog: this.catalog.spec(), settings: { ...this.settings } };
  }

  revision(): number {
    return this.catalog.version;
  }

  check(candidate: RoutingState): string[] {
    const result = buildCatalog(candidate.catalog);
    const problems = result.ok ? [] : [...result.errors];
    for (const name of Object.keys(candidate.settings)) {
      if (!Object.prototype.hasOwnProperty.call(candidate.catalog.policies, name)) problems.push(`settings for unknown policy "${name}"`);
    }
    return problems;
  }

  apply(next: RoutingState): void {
    const kept = new Set(next.catalog.targets.map((t) => t.id));
    const removed = this.catalog.targets().filter((t) => !kept.has(t.id)).map((t) => t.id);
    this.catalog.replace(next.catalog);
    this.settings = { ...next.settings };
    for (const id of removed) releasePinsOfTarget(this.pins, id);
    this.schedule();
  }

  settingsOf(policy: string): PolicySettings {
    return Object.prototype.hasOwnProperty.call(this.settings, policy) ? this.settings[policy] : {};
  }

  /**
   * The engine runs one table update period of its own; a policy asking for a shorter
   * one gets extra updates at the shortest period any service's policy asks for.
   */
  private schedule(): void {
    let ms = 0;
    for (const s of this.catalog.services()) {
      const want = this.settingsOf(s.spec.policy).tableUpdateIntervalMs;
      if (want !== undefined && (ms === 0 || want < ms)) ms = want;
    }
    if (ms === this.timerMs) return;
    if (this.timer !== null) this.tableTimer.clear(this.timer);
    this.timer = ms > 0 ? this.tableTimer.set(() => this.engine.updateTable(), ms) : null;
    this.timerMs = ms;
  }

  /** The update period now in force from policy settings (0: the engine's own only). */
  get extraTableUpdateMs(): number {
    return this.timerMs;
  }

  close(): void {
    if (this.timer !== null) this.tableTimer.clear(this.timer);
    this.timer = null;
    this.timerMs = 0;
  }
}
