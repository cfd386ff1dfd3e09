// Metrics whose values are read at scrape time from counters the code keeps anyway
// (plain numbers on the hot path), instead of being incremented through prom-client.
import { Counter, Gauge, type Registry } from 'prom-client';

export type Labels = Record<string, string>;
/** Reports one series; a collector calls it once per label set it knows. */
export type Emit = (labels: Labels, value: number) => void;

interface CollectedSpec {
  registry: Registry;
  name: string;
  help: string;
  labelNames?: readonly string[];
  read: (emit: Emit) => void;
}

/**
 * A counter mirrored from a monotonic source. Each scrape rebuilds it, so series of
 * sources that are gone disappear and nothing accumulates twice. A zero that is
 * emitted becomes a series (known label values should start at 0, Prometheus advice).
 */
export function collectedCounter(spec: CollectedSpec): Counter {
  return new Counter({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers: [spec.registry],
    collect() {
      this.reset();
      spec.read((labels, value) => this.inc(labels, value));
    },
  });
}

/** A gauge read from the current state at scrape time. */
export function collectedGauge(spec: CollectedSpec): Gauge {
  return new Gauge({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers: [spec.registry],
    collect() {
      this.reset();
      spec.read((labels, value) => this.set(labels, value));
    },
  });
}
