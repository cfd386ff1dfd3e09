// Reads one series of a registry the way Prometheus would see it after a scrape.
import type { Registry } from 'prom-client';

export type SeriesLabels = Record<string, string | number>;

function matches(have: SeriesLabels | undefined, want: SeriesLabels): boolean {
  const h = have ?? {};
  return Object.keys(want).every((k) => String(h[k]) === String(want[k])) && Object.keys(h).length === Object.keys(want).length;
}

/** The value of the series `name{labels}` (exact label set), or undefined when absent. */
export async function seriesValue(registry: Registry, name: string, labels: SeriesLabels = {}): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name} in the registry`);
  const data = await metric.get();
  return data.values.find((v) => (v as { metricName?: string }).metricName === undefined && matches(v.labels as SeriesLabels, labels))?.value;
}

/** Every series of a metric as "labels -> value" text lines, sorted (for whole-metric comparisons). */
export async function seriesLines(registry: Registry, name: string): Promise<string[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name} in the registry`);
  const data = await metric.get();
  return data.values
    .map((v) => `${JSON.stringify(Object.fromEntries(Object.entries(v.labels ?? {}).sort()))} ${v.value}`)
    .sort();
}
