// The site under test as data: which hosts of topologies/site.json are servers and
// clients, the services they serve, and the controller and agent configs built from
// them. Pure: no processes, so tests can also check refusals of edited configs.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './artifacts';

export const SITE_TOPOLOGY = path.join(REPO_ROOT, 'topologies', 'site.json');
export const TESTBED_SERVERS = path.join(REPO_ROOT, 'testbed-servers');
/** The built slr executable (agents run `node SLR_ENTRY agent ...` inside server hosts). */
export const SLR_ENTRY = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');

export interface SiteServer {
  id: string;
  ip: string;
  mac: string;
  /** Port on the site edge switch. */
  port: number;
  /** A spare is in the config's targets but in no service until its agent says hello. */
  spare: boolean;
}

export interface SiteClient {
  id: string;
  ip: string;
  prefix: string;
}

export interface SiteService {
  id: string;
  prefix: string;
  protocol: 'tcp' | 'udp';
  ports: number[];
  /** Policy name (default: the first policy of the config). */
  policy?: string;
  /** Target ids (default: every regular server). */
  targets?: string[];
}

export interface SiteLayout {
  edgeDpid: string;
  /** The clients' gateway address, answered by the controller's ARP (none: on-link routes). */
  gateway?: string;
  servers: SiteServer[];
  clients: SiteClient[];
  services: SiteService[];
}

interface TopologyHost { name: string; ip: string; mac: string; role: string; switchPort?: number; clientPrefix?: string }
interface TopologyFile {
  switches: { name: string; dpid: string }[];
  hosts: TopologyHost[];
  site: { edgeSwitch: string; gateway?: string; services: SiteService[] };
}

export function loadSiteLayout(file = SITE_TOPOLOGY): SiteLayout {
  const topo = JSON.parse(readFileSync(file, 'utf8')) as TopologyFile;
  const edge = topo.switches.find((s) => s.name === topo.site.edgeSwitch);
  if (!edge) throw new Error(`${file}: site.edgeSwitch ${topo.site.edgeSwitch} is not a switch`);
  const addr = (h: TopologyHost): string => h.ip.split('/')[0]!;
  return {
    edgeDpid: edge.dpid,
    gateway: topo.site.gateway,
    servers: topo.hosts
      .filter((h) => h.role === 'server' || h.role === 'spare-server')
      .map((h) => ({ id: h.name, ip: addr(h), mac: h.mac, port: h.switchPort ?? 0, spare: h.role === 'spare-server' })),
    clients: topo.hosts.filter((h) => h.role === 'client').map((h) => ({ id: h.name, ip: addr(h), prefix: h.clientPrefix ?? `${addr(h)}/32` })),
    services: topo.site.services,
  };
}

export type PolicySpec = Record<string, unknown> & { type: string };

export interface ControllerConfigOptions {
  layout: SiteLayout;
  agentsSocket: string;
  certDir: string;
  redisUrl?: string;
  /** Named policies; default: one least-load policy for all services. */
  policies?: Record<string, PolicySpec>;
  /** Per-target overrides (weight, cost, adminState). */
  targetOverrides?: Record<string, Record<string, unknown>>;
  reportIntervalMs: number;
  missedReportsToExpire: number;
  tableUpdateIntervalMs?: number;
  logLevel?: string;
  /** serviceRouting.ingress keys over the defaults (e.g. pinIdleTimeoutSec). */
  ingress?: Record<string, unknown>;
  /** Northbound API section, when the process offers one. */
  extra?: Record<string, unknown>;
  /** More serviceRouting keys (e.g. accounting), over the defaults. */
  serviceRouting?: Record<string, unknown>;
}

export function siteControllerConfig(o: ControllerConfigOptions): Record<string, unknown> {
  const regular = o.layout.servers.filter((s) => !s.spare).map((s) => s.id);
  const policies = o.policies ?? { 'least-load': { type: 'least-load' } };
  const firstPolicy = Object.keys(policies)[0]!;
  return {
    openflow: { host: '127.0.0.1', port: 0 },
    log: { level: o.logLevel ?? 'info' },
    // GET /metrics gives the controller's own packet-in count (the switches' rule
    // statistics miss packets handled by datapath flows that were replaced meanwhile).
    metrics: { enabled: true, host: '127.0.0.1', port: 0 },
    apps: { forwarding: { enabled: true } },
    serviceRouting: {
      ingress: { dpids: [o.layout.edgeDpid], gatewayIps: o.layout.gateway ? [o.layout.gateway] : [], ...(o.ingress ?? {}) },
      targets: o.layout.servers.map((s) => ({
        id: s.id,
        kind: 'server',
        attachment: { ip: s.ip, mac: s.mac, port: s.port },
        ...(o.targetOverrides?.[s.id] ?? {}),
      })),
      services: o.layout.services.map((svc) => ({
        id: svc.id,
        prefix: svc.prefix,
        protocol: svc.protocol,
        ports: svc.ports,
        targets: svc.targets ?? regular,
        policy: svc.policy ?? firstPolicy,
      })),
      policies,
      tableUpdateIntervalMs: o.tableUpdateIntervalMs ?? 200,
      // Only servers whose agent reports get connections: a dead agent drops out.
      requireLoadReport: true,
      ...(o.serviceRouting ?? {}),
    },
    agents: {
      listen: `unix:${o.agentsSocket}`,
      tls: { caFile: path.join(o.certDir, 'ca.crt'), certFile: path.join(o.certDir, 'slr.crt'), keyFile: path.join(o.certDir, 'slr.key') },
      reportIntervalMs: o.reportIntervalMs,
      missedReportsToExpire: o.missedReportsToExpire,
    },
    ...(o.redisUrl ? { redis: { url: o.redisUrl, keyPrefix: `slr-site-${process.pid}:` } } : {}),
    ...(o.extra ?? {}),
  };
}

export interface AgentConfigOptions {
  server: SiteServer;
  layout: SiteLayout;
  agentsSocket: string;
  certDir: string;
  /** Certificate file base name (default: the server id; e.g. "other-srv1" for an impostor). */
  certName?: string;
  /** Subnets announced (default: every service prefix). */
  subnets?: string[];
  reportIntervalMs: number;
  load?: Record<string, unknown>;
  /** More top-level keys (e.g. healthCheck). */
  extra?: Record<string, unknown>;
}

export function siteAgentConfig(o: AgentConfigOptions): Record<string, unknown> {
  const cert = o.certName ?? o.server.id;
  const subnets = o.subnets ?? o.layout.services.map((s) => s.prefix);
  const ports = [...new Set(o.layout.services.flatMap((s) => s.ports))];
  return {
    serverId: o.server.id,
    slr: { address: `unix:${o.agentsSocket}` },
    tls: { caFile: path.join(o.certDir, 'ca.crt'), certFile: path.join(o.certDir, `${cert}.crt`), keyFile: path.join(o.certDir, `${cert}.key`) },
    dataPlane: { ip: o.server.ip, mac: o.server.mac },
    subnets: subnets.map((subnet) => ({ subnet, ports })),
    reportIntervalMs: o.reportIntervalMs,
    // Connections are counted against 20 per server so a few dozen held ones clearly load it.
    load: { connectionWeight: 0.5, cpuWeight: 0.5, connectionsAtFullLoad: 20, cpuSource: 'netns', ...(o.load ?? {}) },
    registration: { initialBackoffMs: 100, maxBackoffMs: 1000 },
    // A stopped (drained) agent keeps its VIP routes while its pinned connections finish.
    routes: { drainTimeoutMs: 60_000 },
    ...(o.extra ?? {}),
  };
}
