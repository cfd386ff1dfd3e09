// An SLR hierarchy as data (the `hierarchy` section of topologies/hierarchy2.json and
// hierarchy3.json) and the configs built from it: one `slr controller` config per
// process (its levels, their registration services, their links to the level above,
// tunnels and core switches), and one `slr agent` config per server. Pure: no
// processes, so tests can check the configs themselves.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './artifacts';

export const HIERARCHY2 = path.join(REPO_ROOT, 'topologies', 'hierarchy2.json');
export const HIERARCHY3 = path.join(REPO_ROOT, 'topologies', 'hierarchy3.json');
export const HIERARCHY2_VXLAN = path.join(REPO_ROOT, 'topologies', 'hierarchy2-vxlan.json');
export const WHOHAS = path.join(REPO_ROOT, 'topologies', 'whohas.json');
export const WHOHAS_SYSTEM = path.join(REPO_ROOT, 'topologies', 'whohas-system.json');

export interface HierarchyService {
  id: string;
  prefix: string;
  protocol: 'tcp';
  ports: number[];
}

export interface LevelSpec {
  id: string;
  kind: 'site' | 'system' | 'network';
  /** The level above (its id), if any. */
  parent?: string;
  label?: number;
  targetLabelBase?: number;
  /** Switch names. */
  ingress: string[];
  /** Sites or ASes (system and network levels). */
  targets?: Array<{ id: string; kind: 'site' | 'as'; port: number; delivery?: 'mpls' | 'ip-tunnel'; tunnelId?: number }>;
  /** Core switches and their routes toward targets. */
  transit?: Array<{ switch: string; routes: Array<{ target: string; port: number }> }>;
  /** Server host names (site levels). */
  servers?: string[];
  /** Other clusters of the same level asked WHOHAS, and the port toward each on this level's ingress switches. */
  neighbours?: Array<{ id: string; port: number; label?: number }>;
}

export interface ProcessSpec {
  name: string;
  levels: LevelSpec[];
}

export interface HierarchyServer {
  id: string;
  ip: string;
  mac: string;
  port: number;
  site: string;
}

export interface HierarchyClient {
  id: string;
  ip: string;
  prefix: string;
}

export interface HierarchyLayout {
  name: string;
  file: string;
  gateway: string;
  services: HierarchyService[];
  processes: ProcessSpec[];
  dpids: Record<string, string>;
  servers: HierarchyServer[];
  clients: HierarchyClient[];
}

interface TopologyHost { name: string; ip: string; mac: string; role: string; switchPort?: number; clientPrefix?: string; site?: string }
interface TopologyFile {
  name: string;
  switches: Array<{ name: string; dpid: string }>;
  hosts: TopologyHost[];
  hierarchy: { gateway: string; services: HierarchyService[]; processes: ProcessSpec[] };
}

export function loadHierarchy(file: string): HierarchyLayout {
  const topo = JSON.parse(readFileSync(file, 'utf8')) as TopologyFile;
  const addr = (h: TopologyHost): string => h.ip.split('/')[0]!;
  return {
    name: topo.name,
    file,
    gateway: topo.hierarchy.gateway,
    services: topo.hierarchy.services,
    processes: topo.hierarchy.processes,
    dpids: Object.fromEntries(topo.switches.map((s) => [s.name, s.dpid.padStart(16, '0')])),
    servers: topo.hosts.filter((h) => h.role === 'server').map((h) => ({ id: h.name, ip: addr(h), mac: h.mac, port: h.switchPort ?? 0, site: h.site ?? '' })),
    clients: topo.hosts.filter((h) => h.role === 'client').map((h) => ({ id: h.name, ip: addr(h), prefix: h.clientPrefix ?? `${addr(h)}/32` })),
  };
}

/** Every level of the hierarchy, with the process that hosts it. */
export function levelsOf(layout: HierarchyLayout): Array<LevelSpec & { process: string }> {
  return layout.processes.flatMap((p) => p.levels.map((l) => ({ ...l, process: p.name })));
}

/** Level ids from the top down (network, then systems, then sites). */
export function levelsByTier(layout: HierarchyLayout): Record<LevelSpec['kind'], string[]> {
  const out: Record<LevelSpec['kind'], string[]> = { network: [], system: [], site: [] };
  for (const l of levelsOf(layout)) out[l.kind].push(l.id);
  return out;
}

export interface HierarchyConfigOptions {
  /** Where each level's registration socket goes: <socketDir>/<level id>.sock. */
  socketDir: string;
  certDir: string;
  redisUrl?: string;
  reportIntervalMs: number;
  missedReportsToExpire: number;
  tableUpdateIntervalMs?: number;
  logLevel?: string;
  /** Policies per level id (default: one least-load policy). */
  policies?: Record<string, Record<string, Record<string, unknown> & { type: string }>>;
  /** Extra top-level sections per process name (e.g. an api section). */
  extra?: Record<string, Record<string, unknown>>;
  /** Per level id: send shortcuts upward (default true). */
  shortcut?: boolean;
}

export const socketOf = (o: Pick<HierarchyConfigOptions, 'socketDir'>, levelId: string): string => path.join(o.socketDir, `${levelId}.sock`);
/** Where a level answers its neighbours' WHOHAS queries. */
export const neighbourSocketOf = (o: Pick<HierarchyConfigOptions, 'socketDir'>, levelId: string): string => path.join(o.socketDir, `${levelId}-nb.sock`);

function levelConfig(layout: HierarchyLayout, l: LevelSpec, o: HierarchyConfigOptions): Record<string, unknown> {
  const dpid = (sw: string): string => {
    const d = layout.dpids[sw];
    if (d === undefined) throw new Error(`${layout.name}: level ${l.id} names unknown switch ${sw}`);
    return d;
  };
  const servers = (l.servers ?? []).map((id) => {
    const s = layout.servers.find((x) => x.id === id);
    if (s === undefined) throw new Error(`${layout.name}: level ${l.id} names unknown server ${id}`);
    return { id: s.id, kind: 'server', attachment: { ip: s.ip, mac: s.mac, port: s.port } };
  });
  const targets = l.kind === 'site' ? servers : (l.targets ?? []).map((t) => ({
    id: t.id, kind: t.kind,
    attachment: { port: t.port, ...(t.delivery !== undefined ? { delivery: t.delivery } : {}), ...(t.tunnelId !== undefined ? { tunnelId: t.tunnelId } : {}) },
  }));
  const policies = o.policies?.[l.id] ?? { 'least-load': { type: 'least-load' } };
  const policy = Object.keys(policies)[0]!;
  const tls = { caFile: path.join(o.certDir, 'ca.crt'), certFile: path.join(o.certDir, 'slr.crt'), keyFile: path.join(o.certDir, 'slr.key') };
  return {
    id: l.id,
    kind: l.kind,
    ingress: { dpids: l.ingress.map(dpid), gatewayIps: [layout.gateway] },
    tunnel: {
      ...(l.label !== undefined ? { label: l.label } : {}),
      ...(l.targetLabelBase !== undefined ? { targetLabelBase: l.targetLabelBase } : {}),
      transit: (l.transit ?? []).map((t) => ({ dpid: dpid(t.switch), routes: t.routes })),
    },
    targets,
    services: layout.services.map((s) => ({ ...s, targets: targets.map((t) => t.id), policy })),
    policies,
    tableUpdateIntervalMs: o.tableUpdateIntervalMs ?? 200,
    // Only targets that report take connections: a dead agent or site drops out.
    requireLoadReport: true,
    registration: { listen: `unix:${socketOf(o, l.id)}`, tls, reportIntervalMs: o.reportIntervalMs, missedReportsToExpire: o.missedReportsToExpire },
    ...(l.neighbours !== undefined
      ? {
          neighbours: {
            listen: `unix:${neighbourSocketOf(o, l.id)}`,
            tls,
            clientTls: { caFile: tls.caFile, certFile: path.join(o.certDir, `${l.id}.crt`), keyFile: path.join(o.certDir, `${l.id}.key`) },
            peers: l.neighbours.map((n) => ({ id: n.id, address: `unix:${neighbourSocketOf(o, n.id)}`, port: n.port, ...(n.label !== undefined ? { label: n.label } : {}) })),
          },
        }
      : {}),
    ...(l.parent !== undefined
      ? {
          upstream: {
            address: `unix:${socketOf(o, l.parent)}`,
            tls: { caFile: tls.caFile, certFile: path.join(o.certDir, `${l.id}.crt`), keyFile: path.join(o.certDir, `${l.id}.key`) },
            registration: { initialBackoffMs: 100, maxBackoffMs: 1000 },
            shortcut: o.shortcut ?? true,
          },
        }
      : {}),
  };
}

/** The `slr controller` config of one process of the hierarchy. */
export function hierarchyProcessConfig(layout: HierarchyLayout, processName: string, o: HierarchyConfigOptions): Record<string, unknown> {
  const p = layout.processes.find((x) => x.name === processName);
  if (p === undefined) throw new Error(`${layout.name}: no process ${processName}`);
  return {
    openflow: { host: '127.0.0.1', port: 0 },
    log: { level: o.logLevel ?? 'info' },
    metrics: { enabled: true, host: '127.0.0.1', port: 0 },
    apps: { forwarding: { enabled: true } },
    levels: p.levels.map((l) => levelConfig(layout, l, o)),
    ...(o.redisUrl ? { redis: { url: o.redisUrl, keyPrefix: `slr-h-${process.pid}-${p.name}:` } } : {}),
    ...(o.extra?.[p.name] ?? {}),
  };
}

/** The `slr agent` config of one server: it registers with its own site's level. */
export function hierarchyAgentConfig(layout: HierarchyLayout, serverId: string, o: HierarchyConfigOptions & { certName?: string; load?: Record<string, unknown> }): Record<string, unknown> {
  const s = layout.servers.find((x) => x.id === serverId);
  if (s === undefined) throw new Error(`${layout.name}: no server ${serverId}`);
  const cert = o.certName ?? s.id;
  const ports = [...new Set(layout.services.flatMap((x) => x.ports))];
  return {
    serverId: s.id,
    slr: { address: `unix:${socketOf(o, s.site)}` },
    tls: { caFile: path.join(o.certDir, 'ca.crt'), certFile: path.join(o.certDir, `${cert}.crt`), keyFile: path.join(o.certDir, `${cert}.key`) },
    dataPlane: { ip: s.ip, mac: s.mac },
    subnets: layout.services.map((x) => ({ subnet: x.prefix, ports })),
    reportIntervalMs: o.reportIntervalMs,
    load: { connectionWeight: 0.5, cpuWeight: 0.5, connectionsAtFullLoad: 20, cpuSource: 'netns', ...(o.load ?? {}) },
    registration: { initialBackoffMs: 100, maxBackoffMs: 1000 },
    routes: { drainTimeoutMs: 60_000 },
  };
}
