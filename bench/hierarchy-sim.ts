// A simulation of a large SLR hierarchy without Mininet: real SlrLevel objects (level/
// slr-level.ts) with in-memory stores, as many as a network of ASES ASes x SITES_PER_AS
// sites x SERVERS_PER_SITE servers needs (default 10 x 100 x 100: one network level over
// 10 ASes, 10 system levels over 100 sites each, 1,000 site levels over 100 servers
// each, 100,000 servers). Targets register and report through each level's registration
// events (RegistrationEvents.registered/report, what the registration service calls);
// one report interval is run bottom-up: every agent reports to its site, every site runs
// its table update and aggregation (subnetLoads) and reports to its system, every system
// to the network. Measured:
//
//   decision time per level   catalog lookup + firstPacket (decision, path, pin) for
//                             each connection at each level it crosses, p50/p99 in us
//   aggregation per interval  LoadReport messages each tier sends up, encoded with the
//                             gRPC serializer of slr.v1.Registration/Report (protobuf,
//                             plus gRPC's 5-byte message prefix; HTTP/2 and TLS framing
//                             not counted), and the CPU a controller spends per interval
//                             (ingest its reports + table update + aggregation)
//   memory                    heap + external after forced GCs, per tier as built, and
//                             with the connections' pins held
//
// Reference, in the same run: one flat site level with all the servers (what a single
// controller would do without the hierarchy), the same agents' reports and connections.
//
//   npm run bench:hierarchy-sim [-- --ases N --sites N --servers N --connections N --subnets N --intervals N]

import { registrationService } from '../peering/proto';
import { silentLogger } from '../controller/logger';
import { MemoryStore } from '../controller/store/memory-store';
import type { LevelConfig, LevelKind } from '../level/config-schema';
import { SlrLevel } from '../level/slr-level';
import type { TargetSpec } from '../level/types';
import type { FiveTuple } from '../controller/net';

interface Options {
  ases: number;
  sites: number;
  servers: number;
  connections: number;
  warmup: number;
  subnets: number;
  intervals: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { ases: 10, sites: 100, servers: 100, connections: 20_000, warmup: 2_000, subnets: 2, intervals: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isInteger(value) || value < 1) throw new Error(`usage: --${Object.keys(o).join(' N | --')} N (got ${argv[i]} ${argv[i + 1]})`);
    o[key] = value;
  }
  if (o.subnets > 250) throw new Error('--subnets: at most 250');
  return o;
}

const NOW = 1_700_000_000_000;
const VIP = 0x0a000064; // 10.0.0.100, the first service
const dpidOf = (n: number) => n.toString(16).padStart(16, '0');
const hex2 = (n: number) => (n & 0xff).toString(16).padStart(2, '0');

/** Deterministic loads (mulberry32), so runs compare. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The services every level routes: a VIP, then virtual /16 subnets. */
function subnetsOf(o: Options): string[] {
  return ['10.0.0.100/32', ...Array.from({ length: o.subnets - 1 }, (_, i) => `192.${200 + (i >> 8)}.${i & 0xff}.0/24`)].slice(0, o.subnets);
}

function levelConfig(o: Options, id: string, kind: LevelKind, dpid: number, targets: TargetSpec[], tunnel: LevelConfig['tunnel']): LevelConfig {
  const ids = targets.map((t) => t.id);
  return {
    id, kind,
    ingress: { dpids: [dpidOf(dpid)], vipMac: '02:00:00:00:00:01', gatewayIps: [], pinIdleTimeoutSec: 60 },
    tunnel,
    targets,
    services: subnetsOf(o).map((prefix, i) => ({ id: `svc${i}`, prefix, protocol: 'tcp' as const, ports: [80], targets: ids, policy: 'least' })),
    policies: { least: { type: 'least-load' } },
    tableUpdateIntervalMs: 1000,
    assignmentLoadIncrement: 0.01,
    // As in the hierarchy's configs: only targets that report take connections.
    requireLoadReport: true,
    maxReportAgeMs: 0,
    aggregate: 'mean',
    aggregateCostFactor: 0,
    rttCostFactor: 1,
  };
}

const target = (id: string, kind: TargetSpec['kind'], attachment: TargetSpec['attachment']): TargetSpec => ({ id, kind, weight: 1, cost: 0, adminState: 'enabled', attachment });
const newLevel = (config: LevelConfig) => new SlrLevel({ config, store: new MemoryStore(), log: silentLogger(), clock: { now: () => NOW } });

const serverId = (a: number, s: number, v: number) => `srv-${a}-${s}-${v}`;
const siteId = (a: number, s: number) => `site-${a}-${s}`;
const asId = (a: number) => `as-${a}`;

function server(a: number, s: number, v: number): TargetSpec {
  return target(serverId(a, s, v), 'server', { ip: `172.${16 + a}.${s}.${v + 1}`, mac: `02:00:${hex2(a)}:${hex2(s)}:${hex2(v >> 8)}:${hex2(v)}`, port: 1 + v });
}

// ------------------------------------------------------------------ report messages

type SubnetLoad = { subnet: string; load: number; connections: number; cpu: number };
const serialize = registrationService().service.Report.requestSerialize as (m: object) => Buffer;
/** gRPC's length-prefixed message: 1 flag byte + 4 length bytes before the protobuf. */
const GRPC_PREFIX = 5;

/** Wire bytes of one LoadReport as the Registrant sends it (session id as the registry makes it: 24 hex). */
function reportBytes(id: string, seq: number, loads: SubnetLoad[], rttMs: number): number {
  return GRPC_PREFIX + serialize({ id, sessionId: '5f3a9c0e12d4b7a8c6e1f203', seq, measuredAtMs: NOW + seq * 1000, loads, rttMs }).length;
}

/** What a server agent reports: per subnet its load index, connections and CPU (agent/load-meter.ts). */
function agentLoads(subnets: string[], r: () => number): SubnetLoad[] {
  const cpu = Math.round(r() * 1000) / 1000;
  return subnets.map((subnet) => ({ subnet, load: 0.1 + 0.8 * r(), connections: Math.floor(r() * 200), cpu }));
}

/** What an SLR level reports: M_k per subnet (cli/slr-process.ts sample()). */
function levelLoads(level: SlrLevel): SubnetLoad[] {
  return [...level.subnetLoads()].map(([subnet, load]) => ({ subnet, load, connections: 0, cpu: 0 }));
}

// ------------------------------------------------------------------ measuring

function settle(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function stats(samples: number[] | Float64Array): { p50: number; p99: number; mean: number } {
  const s = Float64Array.from(samples).sort();
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), mean };
}

const usSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1000;

function tuple(i: number): FiveTuple {
  // Distinct clients across 11.0.0.0/8, 16 ports each.
  return { proto: 6, srcIp: (0x0b000000 + (i >>> 4)) >>> 0, srcPort: 32768 + (i & 15), dstIp: VIP, dstPort: 80 };
}

/** One level's answer to a connection's first packet, as service routing asks it; the chosen target. */
function decide(level: SlrLevel, dpid: bigint, t: FiveTuple): string {
  const service = level.catalog.lookup(t.dstIp, t.proto, t.dstPort);
  if (service === undefined) throw new Error(`${level.id}: no service`);
  const out = level.firstPacket(service, t, dpid, NOW);
  if (out.kind !== 'pinned') throw new Error(`${level.id}: ${out.kind}`);
  return out.target;
}

const ingressOf = (level: SlrLevel) => [...level.ingress][0];

// ------------------------------------------------------------------ the hierarchy

interface TierFigures {
  levels: number;
  targetsPerLevel: number;
  /** Reports this tier's levels receive per interval, each, and their bytes. */
  reportsInPerLevel: number;
  bytesInPerLevel: number;
  /** Reports the tier sends up per interval, in all, and their bytes. */
  reportsUp: number;
  bytesUp: number;
  /** Per controller per interval: ingest + table update + aggregation (median over levels and intervals), us. */
  intervalCpuUs: number;
  decision: { p50: number; p99: number; mean: number };
  /** One level as built (catalog, tables, store, hellos), bytes. */
  memoryBytes: number;
  /** One level with its load rows and its pins: the SLR part of one controller process, bytes. */
  controllerBytes: number;
}

function runHierarchy(o: Options) {
  const subnets = subnetsOf(o);
  const r = rng(42);
  // A throwaway level first: what the first level of a process allocates once (module
  // state, compiled code) is not any one level's memory.
  newLevel(levelConfig(o, 'warm', 'network', 0x1, [target('x', 'as', { port: 2 })], {}));
  const mem0 = settle();

  const net = newLevel(levelConfig(o, 'net', 'network', 0x10, Array.from({ length: o.ases }, (_, a) => target(asId(a), 'as', { port: 2 })), {}));
  for (let a = 0; a < o.ases; a++) net.registrations.registered({ id: asId(a), kind: 'as', label: 1000 + a, subnets });
  const memNet = settle();

  const systems = Array.from({ length: o.ases }, (_, a) => {
    const level = newLevel(levelConfig(o, asId(a), 'system', 0x100 + a, Array.from({ length: o.sites }, (_, s) => target(siteId(a, s), 'site', { port: 2 })), { label: 1000 + a }));
    for (let s = 0; s < o.sites; s++) level.registrations.registered({ id: siteId(a, s), kind: 'site', label: 2000 + a * o.sites + s, subnets });
    return level;
  });
  const memSystems = settle();

  const sites = systems.map((_, a) => Array.from({ length: o.sites }, (__, s) => {
    const n = a * o.sites + s;
    const level = newLevel(levelConfig(o, siteId(a, s), 'site', 0x10000 + n, Array.from({ length: o.servers }, (___, v) => server(a, s, v)), {
      label: 2000 + n, targetLabelBase: 100_000 + n * o.servers,
    }));
    for (let v = 0; v < o.servers; v++) {
      const t = level.catalog.target(serverId(a, s, v))!;
      level.registrations.registered({ id: t.id, kind: 'server', ip: t.attachment?.ip, mac: t.attachment?.mac, subnets });
    }
    return level;
  }));
  const memSites = settle();

  // Report intervals, bottom-up. Each agent's, site's and system's report is what it
  // would send. After the first interval's tiers, memory says what each tier's load rows take.
  const cpu = { site: [] as number[], system: [] as number[], network: [] as number[] };
  const bytes = { site: 0, system: 0, network: 0 };
  const loadsMem = { site: 0, system: 0, network: 0 };
  let mark = memSites;
  const measureTier = (k: number, tier: keyof typeof loadsMem) => {
    if (k !== 1) return;
    const now = settle();
    loadsMem[tier] = now - mark;
    mark = now;
  };
  for (let k = 1; k <= o.intervals; k++) {
    bytes.site = bytes.system = bytes.network = 0;
    const siteUp: Array<Array<{ id: string; loads: SubnetLoad[] }>> = [];
    for (let a = 0; a < o.ases; a++) {
      siteUp.push([]);
      for (let s = 0; s < o.sites; s++) {
        const level = sites[a][s];
        const reports = Array.from({ length: o.servers }, (_, v) => ({ id: serverId(a, s, v), loads: agentLoads(subnets, r) }));
        for (const rep of reports) bytes.site += reportBytes(rep.id, k, rep.loads, 0);
        const t0 = process.hrtime.bigint();
        for (const rep of reports) level.registrations.report(rep.id, NOW, rep.loads, undefined);
        level.engine.updateTable(NOW);
        const up = levelLoads(level);
        cpu.site.push(usSince(t0));
        siteUp[a].push({ id: level.id, loads: up });
      }
    }
    measureTier(k, 'site');
    const systemUp: Array<{ id: string; loads: SubnetLoad[] }> = [];
    for (let a = 0; a < o.ases; a++) {
      const level = systems[a];
      for (const rep of siteUp[a]) bytes.system += reportBytes(rep.id, k, rep.loads, 0.4);
      const t0 = process.hrtime.bigint();
      for (const rep of siteUp[a]) level.registrations.report(rep.id, NOW, rep.loads, 0.4);
      level.engine.updateTable(NOW);
      const up = levelLoads(level);
      cpu.system.push(usSince(t0));
      systemUp.push({ id: level.id, loads: up });
    }
    siteUp.length = 0;
    measureTier(k, 'system');
    for (const rep of systemUp) bytes.network += reportBytes(rep.id, k, rep.loads, 0.4);
    const t0 = process.hrtime.bigint();
    for (const rep of systemUp) net.registrations.report(rep.id, NOW, rep.loads, 0.4);
    net.engine.updateTable(NOW);
    cpu.network.push(usSince(t0));
    measureTier(k, 'network');
  }
  const memLoaded = settle();

  // Connections, each decided at the network, its AS and its site as its first packet
  // comes down the tunnels. Each level is its own controller process in a deployment,
  // so each level takes its connections in one run (its caches are its own), tier by
  // tier; memory after each tier says what its pins take. Warm-up connections stay pinned.
  const total = o.warmup + o.connections;
  const times = { network: new Float64Array(total), system: new Float64Array(total), site: new Float64Array(total) };
  const sysIndex = new Map(systems.map((l, a) => [l.id, a]));
  const siteIndex = new Map(sites.flatMap((row) => row.map((l, s) => [l.id, s] as const)));
  const asOf = new Int32Array(total);
  const siteOf = new Int32Array(total);
  const pinsMem = { network: 0, system: 0, site: 0 };
  // From here on only the pins grow (the arrays above are the bench's own).
  mark = settle();
  const measurePins = (tier: keyof typeof pinsMem) => {
    const now = settle();
    pinsMem[tier] = now - mark;
    mark = now;
  };
  const timed = (level: SlrLevel, i: number, into: Float64Array): string => {
    const t0 = process.hrtime.bigint();
    const chosen = decide(level, ingressOf(level), tuple(i));
    into[i] = usSince(t0);
    return chosen;
  };
  for (let i = 0; i < total; i++) asOf[i] = sysIndex.get(timed(net, i, times.network))!;
  measurePins('network');
  const byAs = Array.from({ length: o.ases }, () => [] as number[]);
  for (let i = 0; i < total; i++) byAs[asOf[i]].push(i);
  for (const [a, conns] of byAs.entries()) for (const i of conns) siteOf[i] = siteIndex.get(timed(systems[a], i, times.system))!;
  measurePins('system');
  const bySite = new Map<number, number[]>();
  for (let i = 0; i < total; i++) {
    const key = asOf[i] * o.sites + siteOf[i];
    let list = bySite.get(key);
    if (list === undefined) bySite.set(key, (list = []));
    list.push(i);
  }
  for (const [key, conns] of bySite) for (const i of conns) timed(sites[Math.floor(key / o.sites)][key % o.sites], i, times.site);
  measurePins('site');
  const pinsBytes = pinsMem.network + pinsMem.system + pinsMem.site;
  const measured = (x: Float64Array) => x.subarray(o.warmup);
  const pins = net.pins.size + systems.reduce((n, l) => n + l.pins.size, 0) + sites.flat().reduce((n, l) => n + l.pins.size, 0);
  const pinsPerTier = { network: net.pins.size, system: systems.reduce((n, l) => n + l.pins.size, 0), site: sites.flat().reduce((n, l) => n + l.pins.size, 0) };
  const perConnection = stats(Array.from(measured(times.network), (x, i) => x + times.system[o.warmup + i] + times.site[o.warmup + i]));

  const nSites = o.ases * o.sites;
  const tiers: Record<'network' | 'system' | 'site', TierFigures> = {
    network: {
      levels: 1, targetsPerLevel: o.ases, reportsInPerLevel: o.ases, bytesInPerLevel: bytes.network, reportsUp: 0, bytesUp: 0,
      intervalCpuUs: stats(cpu.network).p50, decision: stats(measured(times.network)), memoryBytes: memNet - mem0,
      controllerBytes: memNet - mem0 + loadsMem.network + pinsMem.network,
    },
    system: {
      levels: o.ases, targetsPerLevel: o.sites, reportsInPerLevel: o.sites, bytesInPerLevel: bytes.system / o.ases, reportsUp: o.ases, bytesUp: bytes.network,
      intervalCpuUs: stats(cpu.system).p50, decision: stats(measured(times.system)), memoryBytes: (memSystems - memNet) / o.ases,
      controllerBytes: (memSystems - memNet + loadsMem.system + pinsMem.system) / o.ases,
    },
    site: {
      levels: nSites, targetsPerLevel: o.servers, reportsInPerLevel: o.servers, bytesInPerLevel: bytes.site / nSites, reportsUp: nSites, bytesUp: bytes.system,
      intervalCpuUs: stats(cpu.site).p50, decision: stats(measured(times.site)), memoryBytes: (memSites - memSystems) / nSites,
      controllerBytes: (memSites - memSystems + loadsMem.site + pinsMem.site) / nSites,
    },
  };
  const result = {
    tiers, perConnection, pins, pinsPerTier,
    agentBytes: bytes.site, agentReports: o.ases * o.sites * o.servers,
    memory: { total: memLoaded - mem0 + pinsBytes, levels: memSites - mem0, loads: memLoaded - memSites, pins: pinsBytes },
    check: { networkPins: net.pins.size, sitesWithPins: sites.flat().filter((l) => l.pins.size > 0).length },
  };
  return result;
}

// ------------------------------------------------------------------ the flat reference

function runFlat(o: Options) {
  const subnets = subnetsOf(o);
  const r = rng(42);
  const mem0 = settle();
  const servers: TargetSpec[] = [];
  for (let a = 0; a < o.ases; a++) for (let s = 0; s < o.sites; s++) for (let v = 0; v < o.servers; v++) servers.push(server(a, s, v));
  const flat = newLevel(levelConfig(o, 'flat', 'site', 0x20, servers, { targetLabelBase: 100_000 }));
  for (const t of servers) flat.registrations.registered({ id: t.id, kind: 'server', ip: t.attachment?.ip, mac: t.attachment?.mac, subnets });
  servers.length = 0;
  const memBuilt = settle();
  const cpu: number[] = [];
  let bytesIn = 0;
  for (let k = 1; k <= o.intervals; k++) {
    bytesIn = 0;
    const reports: Array<{ id: string; loads: SubnetLoad[] }> = [];
    for (let a = 0; a < o.ases; a++) for (let s = 0; s < o.sites; s++) for (let v = 0; v < o.servers; v++) reports.push({ id: serverId(a, s, v), loads: agentLoads(subnets, r) });
    for (const rep of reports) bytesIn += reportBytes(rep.id, k, rep.loads, 0);
    const t0 = process.hrtime.bigint();
    for (const rep of reports) flat.registrations.report(rep.id, NOW, rep.loads, undefined);
    flat.engine.updateTable(NOW);
    cpu.push(usSince(t0));
  }
  const memLoaded = settle();
  const times = new Float64Array(o.connections);
  const dpid = ingressOf(flat);
  const memBeforePins = settle();
  for (let i = 0; i < o.warmup + o.connections; i++) {
    const t0 = process.hrtime.bigint();
    decide(flat, dpid, tuple(i));
    if (i >= o.warmup) times[i - o.warmup] = usSince(t0);
  }
  const memPinned = settle();
  return {
    targets: o.ases * o.sites * o.servers, reportsIn: o.ases * o.sites * o.servers, bytesIn, intervalCpuUs: stats(cpu).p50,
    decision: stats(times), pins: flat.pins.size,
    memory: { total: memLoaded - mem0 + memPinned - memBeforePins, levels: memBuilt - mem0, loads: memLoaded - memBuilt, pins: memPinned - memBeforePins },
  };
}

// ------------------------------------------------------------------ report

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n));
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (n: number) => `${fmt(n / 1048576, 1)} MiB`;
const kib = (n: number) => `${fmt(n / 1024, 1)} KiB`;
const ratio = (a: number, b: number) => (b === 0 ? '-' : fmt(a / b, a / b < 0.1 ? 4 : 2));

function main(): void {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const h = runHierarchy(o);
  const f = runFlat(o);
  const servers = o.ases * o.sites * o.servers;
  console.log(`hierarchy: 1 network level over ${o.ases} ASes, ${o.ases} system levels over ${o.sites} sites each, ${o.ases * o.sites} site levels over ${o.servers} servers each (${int(servers)} servers)`);
  console.log(`reference: one flat site level over the same ${int(servers)} servers; ${o.subnets} subnets; ${int(o.connections)} connections measured after ${int(o.warmup)} warm-up, all kept pinned`);
  console.log('');
  const rows: string[][] = [['metric', 'hierarchy', 'flat reference', 'ratio']];
  const t = h.tiers;
  for (const tier of ['network', 'system', 'site'] as const) {
    rows.push([`decision p50 / p99, ${tier} level (${t[tier].targetsPerLevel} targets), us`, `${fmt(t[tier].decision.p50, 2)} / ${fmt(t[tier].decision.p99, 2)}`, `${fmt(f.decision.p50, 2)} / ${fmt(f.decision.p99, 2)}`, `${ratio(t[tier].decision.p50, f.decision.p50)} / ${ratio(t[tier].decision.p99, f.decision.p99)}`]);
  }
  rows.push(['decision p50 / p99, sum of the 3 levels per connection, us', `${fmt(h.perConnection.p50, 2)} / ${fmt(h.perConnection.p99, 2)}`, `${fmt(f.decision.p50, 2)} / ${fmt(f.decision.p99, 2)}`, `${ratio(h.perConnection.p50, f.decision.p50)} / ${ratio(h.perConnection.p99, f.decision.p99)}`]);
  for (const tier of ['site', 'system', 'network'] as const) {
    rows.push([`reports in per interval, one ${tier} controller`, `${int(t[tier].reportsInPerLevel)} (${kib(t[tier].bytesInPerLevel)})`, `${int(f.reportsIn)} (${kib(f.bytesIn)})`, ratio(t[tier].bytesInPerLevel, f.bytesIn)]);
  }
  rows.push(['bytes up per interval: agents -> sites', `${int(h.agentReports)} reports, ${kib(h.agentBytes)}`, `${int(f.reportsIn)} reports, ${kib(f.bytesIn)}`, ratio(h.agentBytes, f.bytesIn)]);
  rows.push(['bytes up per interval: sites -> systems', `${int(t.site.reportsUp)} reports, ${kib(t.site.bytesUp)}`, '-', '-']);
  rows.push(['bytes up per interval: systems -> network', `${int(t.system.reportsUp)} reports, ${kib(t.system.bytesUp)}`, '-', '-']);
  for (const tier of ['site', 'system', 'network'] as const) {
    rows.push([`CPU per interval, one ${tier} controller (ingest + table update + aggregation), us`, fmt(t[tier].intervalCpuUs, 0), fmt(f.intervalCpuUs, 0), ratio(t[tier].intervalCpuUs, f.intervalCpuUs)]);
  }
  for (const tier of ['network', 'system', 'site'] as const) {
    rows.push([`memory, one ${tier} controller's level (catalog, tables, load rows, pins)`, kib(t[tier].controllerBytes), mib(f.memory.total), ratio(t[tier].controllerBytes, f.memory.total)]);
  }
  rows.push(['memory, all levels + load rows, in one process (heap + external)', mib(h.memory.levels + h.memory.loads), mib(f.memory.levels + f.memory.loads), ratio(h.memory.levels + h.memory.loads, f.memory.levels + f.memory.loads)]);
  rows.push([`memory of the pins (${int(h.pins)} in the hierarchy, ${int(f.pins)} flat)`, mib(h.memory.pins), mib(f.memory.pins), ratio(h.memory.pins, f.memory.pins)]);
  rows.push(['memory, total with pins', mib(h.memory.total), mib(f.memory.total), ratio(h.memory.total, f.memory.total)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log('');
  console.log(`pins held: network ${int(h.pinsPerTier.network)}, systems ${int(h.pinsPerTier.system)}, sites ${int(h.pinsPerTier.site)} (${h.check.sitesWithPins} sites got connections); run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const round = (x: number) => Math.round(x * 100) / 100;
  console.log('RESULT ' + JSON.stringify({
    bench: 'hierarchy-sim',
    shape: { ases: o.ases, sitesPerAs: o.sites, serversPerSite: o.servers, servers, subnets: o.subnets, connections: o.connections },
    decisionUs: {
      network: { p50: round(t.network.decision.p50), p99: round(t.network.decision.p99) },
      system: { p50: round(t.system.decision.p50), p99: round(t.system.decision.p99) },
      site: { p50: round(t.site.decision.p50), p99: round(t.site.decision.p99) },
      perConnection: { p50: round(h.perConnection.p50), p99: round(h.perConnection.p99) },
      flat: { p50: round(f.decision.p50), p99: round(f.decision.p99) },
    },
    aggregationBytesPerInterval: {
      agentsToSites: h.agentBytes, sitesToSystems: t.site.bytesUp, systemsToNetwork: t.system.bytesUp,
      perSiteControllerIn: round(t.site.bytesInPerLevel), perSystemControllerIn: round(t.system.bytesInPerLevel), networkControllerIn: t.network.bytesInPerLevel,
      flatControllerIn: f.bytesIn,
    },
    intervalCpuUs: { site: round(t.site.intervalCpuUs), system: round(t.system.intervalCpuUs), network: round(t.network.intervalCpuUs), flat: round(f.intervalCpuUs) },
    memoryBytes: {
      hierarchy: { total: h.memory.total, levels: h.memory.levels, loads: h.memory.loads, pins: h.memory.pins },
      perController: { network: Math.round(t.network.controllerBytes), system: Math.round(t.system.controllerBytes), site: Math.round(t.site.controllerBytes) },
      perLevelAsBuilt: { network: Math.round(t.network.memoryBytes), system: Math.round(t.system.memoryBytes), site: Math.round(t.site.memoryBytes) },
      flat: f.memory,
    },
    pins: { hierarchy: h.pins, flat: f.pins },
    ratios: {
      decisionP50PerConnectionVsFlat: round(h.perConnection.p50 / f.decision.p50),
      networkControllerBytesInVsFlat: t.network.bytesInPerLevel / f.bytesIn,
      memoryTotalVsFlat: round(h.memory.total / f.memory.total),
      busiestControllerMemoryVsFlat: Math.max(t.network.controllerBytes, t.system.controllerBytes, t.site.controllerBytes) / f.memory.total,
    },
  }));
}

main();
