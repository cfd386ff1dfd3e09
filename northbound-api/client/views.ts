// How each resource reads in a terminal.
import { keyValues, table, type Column } from './format';

type Row = Record<string, unknown>;
const col = (header: string, key: string): Column<Row> => ({ header, value: (r) => r[key] });

export const TARGET_COLUMNS: Column<Row>[] = [
  col('ID', 'id'), col('KIND', 'kind'), col('WEIGHT', 'weight'), col('COST', 'cost'), col('STATE', 'adminState'), col('PINNED', 'pinnedConnections'), col('VERSION', 'version'),
];

export const SERVICE_COLUMNS: Column<Row>[] = [
  col('ID', 'id'), col('KIND', 'kind'), col('PREFIX', 'prefix'), col('PROTO', 'protocol'), col('PORTS', 'ports'), col('TARGETS', 'targets'), col('POLICY', 'policy'), col('VERSION', 'version'),
];

const POLICY_FIXED = new Set(['name', 'type', 'aggregation', 'tableUpdateIntervalMs', 'version']);
export const POLICY_COLUMNS: Column<Row>[] = [
  col('NAME', 'name'),
  col('TYPE', 'type'),
  { header: 'PARAMETERS', value: (r) => Object.entries(r).filter(([k]) => !POLICY_FIXED.has(k)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') || '-' },
  col('G', 'aggregation'),
  col('INTERVAL_MS', 'tableUpdateIntervalMs'),
  col('VERSION', 'version'),
];

export const PIN_COLUMNS: Column<Row>[] = [
  col('PROTO', 'protocol'),
  { header: 'CLIENT', value: (r) => `${String(r.client)}:${String(r.clientPort)}` },
  { header: 'VIP', value: (r) => `${String(r.vip)}:${String(r.vipPort)}` },
  col('TARGET', 'target'),
  col('DPID', 'dpid'),
  { header: 'CREATED', value: (r) => (typeof r.createdAt === 'number' ? new Date(r.createdAt).toISOString() : r.createdAt) },
];

export const SWITCH_COLUMNS: Column<Row>[] = [
  col('DPID', 'dpid'),
  { header: 'UP', value: (r) => (r.up ? 'yes' : 'no') },
  col('REMOTE', 'remote'),
  col('TABLES', 'nTables'),
  { header: 'PORTS', value: (r) => (Array.isArray(r.ports) ? r.ports.length : 0) },
];

export const PEER_COLUMNS: Column<Row>[] = [col('ID', 'id'), col('KIND', 'kind'), col('ADDRESS', 'address'), col('STATE', 'state')];

export function levelsText(levels: Row[]): string {
  return levels
    .map((l) => {
      const id = l.id === undefined ? '' : ` ${String(l.id)}`;
      const label = l.ownLabel === undefined || l.ownLabel === null ? '' : `, reached by label ${String(l.ownLabel)}`;
      const head = `level ${String(l.name)}${id}: ${String(l.targets)} ${String(l.targetKind)} targets, ${String(l.services)} services${label}\n`;
      const subnets = (l.subnets as Row[]) ?? [];
      const members = (l.members as Row[]) ?? [];
      const memberCols: Column<Row>[] = [
        col('TARGET', 'id'),
        col('STATE', 'adminState'),
        { header: 'LOADS', value: (m) => Object.entries((m.loads as Record<string, number>) ?? {}).map(([s, v]) => `${s}=${v}`).join(' ') },
        col('COST', 'cost'),
        { header: 'RTT MS', value: (m) => (m.measuredRttMs === null ? '' : m.measuredRttMs) },
        { header: 'LABEL', value: (m) => (m.label === null ? '' : m.label) },
        col('PINS', 'pins'),
      ];
      return head
        + (subnets.length === 0 ? '' : table([col('SUBNET', 'subnet'), col('G', 'aggregation'), col('LOAD', 'load')], subnets))
        + (members.length === 0 ? '' : table(memberCols, members));
    })
    .join('\n');
}

export function simulateText(r: Row): string {
  const head = keyValues({ service: r.serviceId, chosen: r.chosen, reason: r.reason, policy: r.policy, affinityRule: r.affinityRule, pinnedTo: r.pinnedTarget });
  const candidates = (r.candidates as Row[]) ?? [];
  const levels = (r.levels as Row[] | undefined) ?? [];
  const across = levels.length < 2 ? '' : '\n' + table([
    col('LEVEL', 'level'),
    col('KIND', 'kind'),
    col('CHOSEN', 'chosen'),
    { header: 'LABEL', value: (s) => (s.label === null ? '' : s.label) },
    col('REASON', 'reason'),
    { header: 'NOTE', value: (s) => s.error ?? '' },
  ], levels);
  if (candidates.length === 0) return head + across;
  const cols: Column<Row>[] = [
    { header: '', value: (c) => (c.targetId === r.chosen ? '*' : '') },
    col('TARGET', 'targetId'),
    col('STATE', 'adminState'),
    { header: 'ELIGIBLE', value: (c) => (c.eligible ? 'yes' : 'no') },
    col('REPORTED', 'reportedLoad'),
    col('ESTIMATED', 'estimatedLoad'),
    col('COST', 'cost'),
    col('WEIGHT', 'weight'),
    col('METRIC', 'metric'),
  ];
  return `${head}\n${table(cols, candidates)}${across}`;
}

export function switchText(s: Row): string {
  const ports = (s.ports as Row[]) ?? [];
  const head = keyValues({ dpid: s.dpid, up: s.up, remote: s.remote, tables: s.nTables });
  return ports.length === 0 ? head : `${head}\n${table([col('PORT', 'portNo'), col('NAME', 'name'), col('MAC', 'hwAddr'), { header: 'UP', value: (p) => (p.up ? 'yes' : 'no') }], ports)}`;
}

/** `slr ctl services usage ID`: totals, then one row per target. */
export function usageText(u: Row): string {
  const to = (x: unknown): Row => (x ?? {}) as Row;
  const acc = to(u.accounting);
  const head = [
    `service ${String(u.service)} (level ${String(u.level)}), polled every ${String(acc.pollIntervalMs)} ms, last poll ${String(acc.lastPollAt ?? 'not yet')}`,
    `bytes ${String(u.bytes)} (to service ${String(to(u.toService).bytes)}, from service ${String(to(u.fromService).bytes)}), ` +
      `packets ${String(u.packets)}, connections ${String(u.connections)} (${String(u.activeConnections)} active)`,
  ];
  const columns: Column<Row>[] = [
    col('TARGET', 'target'),
    { header: 'BYTES_TO', value: (r) => to(r.toService).bytes },
    { header: 'BYTES_FROM', value: (r) => to(r.fromService).bytes },
    { header: 'PACKETS', value: (r) => r.packets },
    col('CONNECTIONS', 'connections'),
    col('ACTIVE', 'activeConnections'),
  ];
  return `${head.join('\n')}\n${table(columns, (u.targets ?? []) as Row[])}`;
}
