// The usage of one service as the REST API and `slr ctl services usage` show it: totals
// and one row per target, built from the ledger's (service, target) pairs.
import type { PairUsage, UsageCounts } from './usage-ledger';

export interface TargetUsage {
  target: string;
  /** Client -> VIP (Ethernet frame bytes as the switch counts them). */
  toService: UsageCounts;
  /** VIP -> client (the servers' direct replies, counted at the site edge). */
  fromService: UsageCounts;
  bytes: number;
  packets: number;
  /** Connections (pinned flows) ever counted: ended plus active. */
  connections: number;
  /** Pinned flows live at the last poll. */
  activeConnections: number;
}

export interface ServiceUsage extends Omit<TargetUsage, 'target'> {
  service: string;
  level: string;
  accounting: { enabled: boolean; pollIntervalMs: number; lastPollAt: string | null };
  targets: TargetUsage[];
}

const add = (a: UsageCounts, b: UsageCounts): UsageCounts => ({ bytes: a.bytes + b.bytes, packets: a.packets + b.packets });

export function serviceUsageOf(
  service: string, level: string, rows: readonly PairUsage[], acc: { enabled: boolean; pollIntervalMs: number; lastPollAt: number | null },
): ServiceUsage {
  const targets: TargetUsage[] = [...rows].sort((a, b) => a.target.localeCompare(b.target)).map((r) => ({
    target: r.target,
    toService: { ...r.toService },
    fromService: { ...r.fromService },
    bytes: r.toService.bytes + r.fromService.bytes,
    packets: r.toService.packets + r.fromService.packets,
    connections: r.connections,
    activeConnections: r.activeConnections,
  }));
  const zero: UsageCounts = { bytes: 0, packets: 0 };
  const toService = targets.reduce((s, t) => add(s, t.toService), zero);
  const fromService = targets.reduce((s, t) => add(s, t.fromService), zero);
  return {
    service,
    level,
    accounting: { enabled: acc.enabled, pollIntervalMs: acc.pollIntervalMs, lastPollAt: acc.lastPollAt === null ? null : new Date(acc.lastPollAt).toISOString() },
    toService,
    fromService,
    bytes: toService.bytes + fromService.bytes,
    packets: toService.packets + fromService.packets,
    connections: targets.reduce((n, t) => n + t.connections, 0),
    activeConnections: targets.reduce((n, t) => n + t.activeConnections, 0),
    targets,
  };
}
