// Accounting per service and target (issue 12 item 2) as Prometheus counters, read at
// scrape time from the flow-pinning app's ledgers (described structurally: the core does
// not import apps). The ledgers only ever grow, so these are true counters.
import type { Registry } from 'prom-client';
import { collectedCounter } from './collected';

export interface UsageRowView {
  readonly service: string;
  readonly target: string;
  readonly toService: { readonly bytes: number; readonly packets: number };
  readonly fromService: { readonly bytes: number; readonly packets: number };
  readonly connections: number;
}

/** What these series read: per level, one row per (service, target) pair. */
export interface UsageSource {
  usageRows(): ReadonlyArray<{ readonly level: string; readonly rows: readonly UsageRowView[] }>;
}

const DIRECTIONS = [['to_service', 'toService'], ['from_service', 'fromService']] as const;

export function registerUsageMetrics(registry: Registry, source: () => UsageSource | undefined): void {
  const each = (fn: (level: string, r: UsageRowView) => void): void => {
    for (const l of source()?.usageRows() ?? []) for (const r of l.rows) fn(l.level, r);
  };
  collectedCounter({
    registry, name: 'slr_service_bytes_total',
    help: 'Bytes (Ethernet frames as the switches count them) per service and target: to_service = client -> VIP (pinned flows, ended ones included), from_service = the servers\' direct replies (VIP -> client, counted at the site edge).',
    labelNames: ['level', 'service', 'target', 'direction'],
    read: (emit) => each((level, r) => {
      for (const [direction, field] of DIRECTIONS) emit({ level, service: r.service, target: r.target, direction }, r[field].bytes);
    }),
  });
  collectedCounter({
    registry, name: 'slr_service_packets_total',
    help: 'Packets per service and target and direction (see slr_service_bytes_total).',
    labelNames: ['level', 'service', 'target', 'direction'],
    read: (emit) => each((level, r) => {
      for (const [direction, field] of DIRECTIONS) emit({ level, service: r.service, target: r.target, direction }, r[field].packets);
    }),
  });
  collectedCounter({
    registry, name: 'slr_service_connections_total',
    help: 'Connections (pinned flows: one per TCP connection or UDP 5-tuple) per service and target, ended ones included.',
    labelNames: ['level', 'service', 'target'],
    read: (emit) => each((level, r) => emit({ level, service: r.service, target: r.target }, r.connections)),
  });
}
