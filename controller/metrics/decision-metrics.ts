// Decisions of the service-routing app: how many new connections went to which target
// of which VIP, and how long deciding took. This runs once per new connection, so the
// labelled children are bound once per (service, target) and cached: after the first
// connection of a pair, counting allocates nothing.
import { Counter, Histogram, type Registry } from 'prom-client';

/** The hook the service-routing app calls; all arguments are bounded by its config. */
export interface DecisionMetrics {
  /**
   * One decision for a new connection. `vip` is the service's configured prefix (never
   * the packet's destination address), `target` null when no target was eligible.
   */
  observe(service: string, vip: string, target: string | null, seconds: number): void;
  /** A new pin was made (not a repeat packet-in of a pinned connection). */
  pinCreated(): void;
}

type Inc = { inc(value?: number): void };

/** Fast enough to see microseconds, wide enough for a stalled event loop. */
export const DECISION_BUCKETS = [5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 1e-2, 0.1];

export class PromDecisionMetrics implements DecisionMetrics {
  private readonly decisions: Counter<'service' | 'vip' | 'target'>;
  private readonly noTarget: Counter<'service' | 'vip'>;
  private readonly duration: Histogram;
  private readonly pins: Counter;
  /** service id -> target id ('' for none) -> bound child. */
  private readonly bound = new Map<string, Map<string, Inc>>();

  constructor(registry: Registry) {
    this.decisions = new Counter({
      name: 'slr_decisions_total',
      help: 'New connections assigned to a target, by service, VIP prefix and target.',
      labelNames: ['service', 'vip', 'target'],
      registers: [registry],
    });
    this.noTarget = new Counter({
      name: 'slr_decisions_no_target_total',
      help: 'New connections refused because no target of the service was eligible.',
      labelNames: ['service', 'vip'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'slr_decision_duration_seconds',
      help: 'Time to decide the target of one new connection.',
      buckets: DECISION_BUCKETS,
      registers: [registry],
    });
    this.pins = new Counter({ name: 'slr_pins_created_total', help: 'Connections pinned to a target.', registers: [registry] });
  }

  observe(service: string, vip: string, target: string | null, seconds: number): void {
    this.child(service, vip, target).inc();
    this.duration.observe(seconds);
  }

  pinCreated(): void {
    this.pins.inc();
  }

  /**
   * Starts the series of a service's targets at 0 (Prometheus advice for known label
   * values): rate() then sees a target's very first connection, and a target that never
   * got one shows 0 rather than nothing.
   */
  declare(service: string, vip: string, targets: readonly string[]): void {
    for (const target of targets) this.child(service, vip, target).inc(0);
  }

  private child(service: string, vip: string, target: string | null): Inc {
    let perTarget = this.bound.get(service);
    if (perTarget === undefined) {
      perTarget = new Map();
      this.bound.set(service, perTarget);
    }
    const key = target ?? '';
    let child = perTarget.get(key);
    if (child === undefined) {
      child = target === null ? this.noTarget.labels(service, vip) : this.decisions.labels(service, vip, target);
      perTarget.set(key, child);
    }
    return child;
  }
}

/** For apps started without metrics: every call is a no-op. */
export const NO_DECISION_METRICS: DecisionMetrics = { observe: () => undefined, pinCreated: () => undefined };
