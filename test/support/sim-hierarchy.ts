// An SLR hierarchy (topologies/hierarchy3.json or hierarchy2.json) in memory: each
// process built from the very config the e2e harness gives `slr controller`
// (hierarchyProcessConfig, validated with the real schema), its apps driving simulated
// switches (sim-controller.ts), each level linked to the level above through that
// level's registration sink (SlrProcess.sinkFor: hellos, reports, shortcuts, releases
// as the registration service would deliver them, without gRPC), and the topology's
// links joining the switches, so a packet can be walked from a client to a server.
import { readFileSync } from 'node:fs';
import { configSectionsOf, ManualClock, validateConfig } from '../../controller';
import { silentLogger } from '../../controller/logger';
import { MemoryStore } from '../../controller/store/memory-store';
import { PipelineApp } from '../../apps/pipeline/pipeline-app';
import { ForwardingApp } from '../../apps/forwarding/forwarding-app';
import { DEFAULT_FORWARDING_CONFIG } from '../../apps/forwarding/config';
import { type LevelSetup, levelSetups, SlrProcess, slrModule } from '../../cli/slr-process';
import { SlrLevel } from '../../level/slr-level';
import type { Registrant } from '../../peering';
import type { FiveTuple } from '../../controller/net';
import { parseIpv4Address } from '../../controller/net';
import { flowOf } from '../../peering/registration-service';
import type { FlowClassifierMsg, WhoHasRequestMsg } from '../../peering/wire-types';
import { answerWhoHas, LevelNeighbours } from '../../cli/neighbours';
import { isRefusal } from '../../peering/certificate-identity';
import { hierarchyProcessConfig, HIERARCHY3, levelsOf, loadHierarchy, type HierarchyLayout } from './hierarchy-config';
import { SimController, type Exchange } from './sim-controller';
import { arrivingOn, tcpPacket, type SimPacket } from './sim-packet';

interface TopologyLink { a: string; b: string; aPort?: number; bPort?: number }
interface TopologyTunnel { a: string; b: string; aPort: number; bPort: number; key?: 'flow' | number }
interface TopologyFile {
  switches: Array<{ name: string; dpid: string; controller: string }>;
  hosts: Array<{ name: string; mac: string }>;
  links: TopologyLink[];
  tunnels?: TopologyTunnel[];
}

export interface SimProcess {
  readonly name: string;
  readonly slr: SlrProcess;
  readonly controller: SimController;
}

/** The VIP MAC clients send to (they ARPed the VIP or the gateway; every level answers with the default). */
export const VIP_MAC = '02:00:00:00:00:01';

export interface ClientPacketOptions {
  srcPort: number;
  /** Default the VIP of the layout's first service. */
  dst?: string;
  flags?: number;
  /** Default c1. */
  client?: string;
  /** The port it enters the network ingress on (default 1, from the access switch). */
  inPort?: number;
}

/** The 5-tuple of a packet, as the registration messages carry it between levels. */
export function flowRefOf(p: SimPacket): FiveTuple {
  const ip = p.ipv4;
  if (ip === undefined || ip.srcPort === undefined || ip.dstPort === undefined) throw new Error('not a TCP/UDP packet');
  return { proto: ip.proto, srcIp: parseIpv4Address(ip.src)!, srcPort: ip.srcPort, dstIp: parseIpv4Address(ip.dst)!, dstPort: ip.dstPort };
}

/** Where a walked packet ended. */
export type Arrival =
  | { readonly kind: 'host'; readonly host: string; readonly packet: SimPacket }
  | { readonly kind: 'unlinked'; readonly switch: string; readonly port: number; readonly packet: SimPacket };

export interface Trip {
  /** Each switch visit, in order. */
  readonly hops: Array<{ readonly switch: string; readonly inPort: number; readonly exchange: Exchange }>;
  readonly arrivals: Arrival[];
}

/** Validated level setups per topology file and process: schema validation is the slow part of building. */
const setupCache = new Map<string, LevelSetup[]>();

function setupsOf(layout: HierarchyLayout, processName: string): LevelSetup[] {
  const key = `${layout.file}|${processName}`;
  let setups = setupCache.get(key);
  if (setups === undefined) {
    const raw = hierarchyProcessConfig(layout, processName, { socketDir: '/nonexistent', certDir: '/nonexistent', reportIntervalMs: 1000, missedReportsToExpire: 3 });
    // The config is deep-frozen by validation, so sharing it between hierarchies is safe.
    setups = levelSetups(validateConfig({ levels: raw.levels }, { sections: configSectionsOf([slrModule]) }));
    setupCache.set(key, setups);
  }
  return setups;
}

export class SimHierarchy {
  readonly processes = new Map<string, SimProcess>();
  readonly dpids = new Map<string, bigint>();
  private readonly processOfSwitch = new Map<string, SimProcess>();
  /** switch:port -> the other end (a switch and port, or a host). */
  private readonly links = new Map<string, { node: string; port: number; key?: 'flow' | number }>();
  private readonly pending: Array<Promise<unknown>> = [];
  private readonly topo: TopologyFile;

  constructor(readonly layout: HierarchyLayout, readonly clock = new ManualClock(1_700_000_000_000)) {
    const topo = JSON.parse(readFileSync(layout.file, 'utf8')) as TopologyFile;
    this.topo = topo;
    for (const p of layout.processes) {
      const setups = setupsOf(layout, p.name);
      const levels = setups.map((s) => new SlrLevel({ config: s.level, store: new MemoryStore(), log: silentLogger(), clock: this.clock }));
      const slr = new SlrProcess(levels, setups, silentLogger());
      const switches = topo.switches.filter((s) => s.controller === p.name);
      const controller = new SimController(
        [new PipelineApp(), ...slr.apps(), new ForwardingApp(DEFAULT_FORWARDING_CONFIG, this.clock)],
        switches.map((s) => BigInt(`0x${s.dpid}`)),
        this.clock,
      );
      const proc = { name: p.name, slr, controller };
      this.processes.set(p.name, proc);
      for (const s of switches) {
        this.dpids.set(s.name, BigInt(`0x${s.dpid}`));
        this.processOfSwitch.set(s.name, proc);
      }
    }
    for (const l of topo.links) {
      this.links.set(`${l.a}:${l.aPort ?? 0}`, { node: l.b, port: l.bPort ?? 0 });
      this.links.set(`${l.b}:${l.bPort ?? 0}`, { node: l.a, port: l.aPort ?? 0 });
    }
    // An IP tunnel is a link whose far end sees the key: the sender's tunnel_id (key=flow) or the port's fixed one.
    for (const t of topo.tunnels ?? []) {
      this.links.set(`${t.a}:${t.aPort}`, { node: t.b, port: t.bPort, key: t.key ?? 'flow' });
      this.links.set(`${t.b}:${t.bPort}`, { node: t.a, port: t.aPort, key: t.key ?? 'flow' });
    }
    for (const spec of levelsOf(layout)) if (spec.parent !== undefined) this.linkUp(spec.id, spec.parent);
    for (const spec of levelsOf(layout)) if (spec.neighbours !== undefined) this.linkNeighbours(spec.id);
    for (const p of this.processes.values()) p.controller.start();
  }

  level(id: string): SlrLevel {
    for (const p of this.processes.values()) {
      const l = p.slr.levels.find((x) => x.id === id);
      if (l !== undefined) return l;
    }
    throw new Error(`no level ${id}`);
  }

  processOf(levelId: string): SimProcess {
    for (const p of this.processes.values()) if (p.slr.levels.some((l) => l.id === levelId)) return p;
    throw new Error(`no level ${levelId}`);
  }

  dpid(switchName: string): bigint {
    const d = this.dpids.get(switchName);
    if (d === undefined) throw new Error(`no switch ${switchName}`);
    return d;
  }

  /**
   * A level's link to the level above: what SlrProcess sends through its Registrant
   * (shortcuts, releases) goes straight into the parent's registration sink, with the
   * flow read by the registration service's own parser.
   */
  private linkUp(childId: string, parentId: string): void {
    const parent = this.processOf(parentId);
    const sink = parent.slr.sinkFor(this.level(parentId));
    const flow = (f: FlowClassifierMsg) => {
      const r = flowOf(f);
      if (isRefusal(r)) throw new Error(r.detail);
      return r;
    };
    const track = <T>(p: Promise<T>): Promise<T> => {
      this.pending.push(p);
      return p;
    };
    const link = {
      state: () => 'registered',
      shortcut: (f: FlowClassifierMsg, labels: number[]) => track(sink.shortcut!(childId, flow(f), labels)),
      release: (f: FlowClassifierMsg, reason: string) => track(Promise.resolve(sink.release!(childId, flow(f), reason))),
    };
    this.processOf(childId).slr.upstreams.set(childId, link as unknown as Registrant);
  }

  /**
   * A level's WHOHAS to its neighbour clusters (cli/neighbours.ts) with the gRPC left
   * out: each query is answered by the neighbour level's own answerWhoHas.
   */
  private linkNeighbours(levelId: string): void {
    const proc = this.processOf(levelId);
    const level = this.level(levelId);
    const section = proc.slr.setupOf(level).neighbours;
    if (section === undefined) throw new Error(`level ${levelId} has no neighbours section`);
    const track = <T>(p: Promise<T>): Promise<T> => {
      this.pending.push(p);
      return p;
    };
    const transport = {
      whoHas: (peerId: string, req: WhoHasRequestMsg) => track((async () => {
        const flow = flowOf(req.flow);
        if (isRefusal(flow)) throw new Error(flow.detail);
        return answerWhoHas(this.level(peerId), req.asker, flow);
      })()),
      close: () => undefined,
    };
    proc.slr.neighbours.set(levelId, new LevelNeighbours(level, section, proc.slr.routing, silentLogger(), transport));
  }

  /**
   * Every level's targets say hello and report (servers to their site, sites to their
   * system, ASes to the network) with the given loads (default 0.5), then every level
   * runs its table update and every switch is reconciled (labels came with the hellos).
   */
  register(loads: Record<string, number> = {}): void {
    const subnets = this.layout.services.map((s) => s.prefix);
    const ports = Object.fromEntries(this.layout.services.map((s) => [s.prefix, s.ports]));
    const report = (parentId: string, id: string) => {
      const sink = this.processOf(parentId).slr.sinkFor(this.level(parentId));
      sink.report(id, this.clock.now(), subnets.map((subnet) => ({ subnet, load: loads[id] ?? 0.5, connections: 0, cpu: 0 })), undefined);
    };
    for (const spec of levelsOf(this.layout)) {
      if (spec.parent !== undefined) {
        const level = this.level(spec.id);
        this.processOf(spec.parent).slr.sinkFor(this.level(spec.parent)).registered({ id: spec.id, kind: level.info.registersAs!, label: level.ownLabel, subnets, ports });
        report(spec.parent, spec.id);
      }
      for (const id of spec.servers ?? []) {
        const s = this.layout.servers.find((x) => x.id === id)!;
        this.processOf(spec.id).slr.sinkFor(this.level(spec.id)).registered({ id, kind: 'server', ip: s.ip, mac: s.mac, subnets, ports });
        report(spec.id, id);
      }
    }
    this.tick();
    for (const p of this.processes.values()) p.controller.sync();
  }

  /** A TCP segment from a client toward a service, as it reaches the network's ingress switch. */
  client(o: ClientPacketOptions): SimPacket {
    const c = this.layout.clients.find((x) => x.id === (o.client ?? 'c1'))!;
    const host = this.topo.hosts.find((x) => x.name === c.id)!;
    const dst = o.dst ?? this.layout.services[0].prefix.split('/')[0];
    return tcpPacket({ inPort: o.inPort ?? 1, src: c.ip, dst, srcPort: o.srcPort, dstPort: 80, flags: o.flags, ethSrc: host.mac, ethDst: VIP_MAC });
  }

  /** The periodic table update of every level (reports and withdrawals count from here on). */
  tick(): void {
    for (const p of this.processes.values()) for (const l of p.slr.levels) l.engine.updateTable();
  }

  /** One switch and its controller handle a packet arriving on its port. */
  send(switchName: string, packet: SimPacket): Exchange {
    return this.processOfSwitch.get(switchName)!.controller.send(this.dpid(switchName), packet);
  }

  /** A packet entering `switchName`, followed along the links until it reaches hosts, unlinked ports or nothing. */
  walk(switchName: string, packet: SimPacket, maxHops = 16): Trip {
    const hops: Trip['hops'][number][] = [];
    const arrivals: Arrival[] = [];
    const queue: Array<{ sw: string; packet: SimPacket }> = [{ sw: switchName, packet }];
    while (queue.length > 0) {
      const { sw, packet: p } = queue.shift()!;
      if (hops.length >= maxHops) throw new Error(`more than ${maxHops} hops: a loop?`);
      const exchange = this.send(sw, p);
      hops.push({ switch: sw, inPort: p.inPort, exchange });
      for (const o of exchange.outputs) {
        const peer = this.links.get(`${sw}:${o.port}`);
        if (peer === undefined) arrivals.push({ kind: 'unlinked', switch: sw, port: o.port, packet: o.packet });
        else if (this.dpids.has(peer.node)) queue.push({ sw: peer.node, packet: arrivingOn(o.packet, peer.port, tunnelKey(peer.key, o.packet)) });
        else arrivals.push({ kind: 'host', host: peer.node, packet: o.packet });
      }
    }
    return { hops, arrivals };
  }

  /** Waits for the shortcuts and releases in flight between levels (sent after a handler returned). */
  async settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      const batch = this.pending.splice(0);
      if (batch.length === 0 && i > 0) return;
      await Promise.all(batch);
    }
  }
}

function tunnelKey(key: 'flow' | number | undefined, p: SimPacket): bigint | undefined {
  if (key === undefined) return undefined;
  return key === 'flow' ? (p.tunnelId ?? 0n) : BigInt(key);
}

export function simHierarchy(file = HIERARCHY3): SimHierarchy {
  return new SimHierarchy(loadHierarchy(file));
}
