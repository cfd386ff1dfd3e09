// One SLR level as a plain object: the catalog of its targets and services, the decision
// engine, the pin table, the labels it hands out and the paths to its targets, and the
// aggregation it advertises upward. It knows no OpenFlow: the apps adapt it to switches
// (service-routing: packet-in rules, ARP, first packets; flow-pinning: pins, tunnels),
// and the process module wires it to its registration service and its upstream. The
// same code serves a site (choosing servers), a system (sites) and a network (ASes).

import type { Clock, ControllerStore, DecisionMetrics, Logger } from '../controller';
import { dpidToHex, parseDpid, wallClock } from '../controller';
import { ServiceCatalog } from './catalog/catalog';
import type { Service } from './catalog/service';
import type { LevelConfig, LevelKind } from './config-schema';
import { DecisionEngine } from './decision/decision-engine';
import type { DecisionReason, Explanation } from './decision/decision-types';
import { ipv4ToString, parseIpv4Address } from '../controller';
import { LEVEL_KINDS, type LevelKindInfo } from './kinds';
import { extendPath, type Path } from './path';
import type { FiveTuple } from '../controller';
import { Pins } from './pins/pins';
import { RegistrationEvents } from './registration-events';
import { TargetLabels } from './target-labels';
import type { TargetSpec } from './types';

export interface LevelCounters {
  newConnections: number;
  repeatPacketIns: number;
  noEligibleTarget: number;
  undeliverable: number;
  arpReplies: number;
  pinsReleased: number;
  shortcutsApplied: number;
  shortcutsRefused: number;
  /** Shortcuts this level sent to the level above. */
  shortcutsSent: number;
  /** Aggregated load reports this level sent to the level above. */
  reportsSent: number;
  /** Connections this level handed back to the level above (no eligible target here). */
  releasesSent: number;
  /** Connections lower levels handed back to this level. */
  releasesReceived: number;
  /** Later packets (not a connection's first) of connections nobody knows: dropped, never decided afresh. */
  unknownConnectionDrops: number;
  /** Packets of pinned connections whose flow was gone (idled out, lost): the same flow put back. */
  repins: number;
  /** Pin flows put back after a switch lost them (FLOW_REMOVED with reason DELETE). */
  pinFlowsReinstalled: number;
  /** Pins whose switch flow idled out while the pin lives on (dormant). */
  pinsDormant: number;
  /** Pins loaded from the store at start (restart on the same Redis). */
  pinsRestored: number;
  /** Connections re-pinned from a server's authenticated flow advertisement (patent Fig. 10). */
  advertisedRepins: number;
  /** Flow advertisements refused (bad MAC, unknown server, stale, pinned elsewhere, malformed). */
  advertisementsRefused: number;
  /** WHOHAS queries this level sent its neighbour clusters (one per unknown connection). */
  whoHasAsked: number;
  /** Connections pinned from a neighbour's WHOHAS answer (tunnelled to the neighbour's target). */
  whoHasRepins: number;
  /** WHOHAS queries no neighbour could answer (the connection's packets stay dropped). */
  whoHasMisses: number;
  /** WHOHAS queries from neighbours this level answered with a pin it holds. */
  whoHasAnswered: number;
  /** WHOHAS calls refused: no or a foreign certificate, not a configured neighbour, malformed. */
  whoHasRefused: number;
}

/** This level's answer to a neighbour's WHOHAS: its pin of the connection, as a label stack from its ingress switches. */
export type WhoHasAnswer =
  | { readonly found: true; readonly target: string; readonly labels: readonly number[] }
  | { readonly found: false; readonly detail: string };

/** What the first packet of a connection gets at this level. */
export type FirstPacketOutcome =
  | {
    readonly kind: 'pinned';
    readonly target: string;
    readonly path: Path;
    /** True when this packet made the pin (a decision); false for a connection already pinned. */
    readonly created: boolean;
    readonly createdAt: number;
    readonly reason: DecisionReason | 'pinned';
    /** The pin was dormant (its switch flow had idled out): its flow must go back on the switch. */
    readonly revived: boolean;
  }
  | { readonly kind: 'no-target' }
  | { readonly kind: 'undeliverable'; readonly target: string }
  /** Not a first packet, and the connection is not pinned: dropped (the recovery rule). */
  | { readonly kind: 'unknown-connection' };

export interface LabelRoute {
  readonly label: number;
  readonly port: number;
}

export interface LabelExit extends LabelRoute {
  readonly mac: string;
}

export interface SlrLevelOptions {
  config: LevelConfig;
  store: ControllerStore;
  log: Logger;
  /** Wall clock (ms since the epoch) for decisions and pin times. */
  clock?: Clock;
}

function dpidSet(texts: readonly string[], where: string): Set<bigint> {
  return new Set(texts.map((d) => {
    const dpid = parseDpid(d);
    if (dpid === undefined) throw new RangeError(`${where}: invalid datapath id ${JSON.stringify(d)}`);
    return dpid;
  }));
}

export class SlrLevel {
  readonly id: string;
  readonly kind: LevelKind;
  readonly info: LevelKindInfo;
  readonly config: LevelConfig;
  readonly catalog: ServiceCatalog;
  readonly engine: DecisionEngine;
  readonly pins: Pins;
  readonly store: ControllerStore;
  readonly registrations: RegistrationEvents;
  readonly ingress: ReadonlySet<bigint>;
  /** Core switches this level programs, with their label routes by target id. */
  readonly transit: ReadonlyMap<bigint, ReadonlyArray<{ target: string; port: number }>>;
  /** This level's own label (popped at its ingress switches), if it is reached by tunnel. */
  readonly ownLabel: number | undefined;
  readonly vipMac: string;
  /** Gateway addresses (uint32) answered by ARP like VIPs. */
  readonly gateways: ReadonlySet<number>;
  readonly counters: LevelCounters = {
    newConnections: 0, repeatPacketIns: 0, noEligibleTarget: 0, undeliverable: 0, arpReplies: 0, pinsReleased: 0,
    shortcutsApplied: 0, shortcutsRefused: 0, shortcutsSent: 0, reportsSent: 0, releasesSent: 0, releasesReceived: 0,
    unknownConnectionDrops: 0, repins: 0, pinFlowsReinstalled: 0, pinsDormant: 0, pinsRestored: 0,
    advertisedRepins: 0, advertisementsRefused: 0, whoHasAsked: 0, whoHasRepins: 0, whoHasMisses: 0, whoHasAnswered: 0, whoHasRefused: 0,
  };
  readonly clock: Clock;
  readonly log: Logger;
  /** Decision counts and times, when the process exports metrics. */
  metrics: DecisionMetrics | null = null;
  private readonly labels: TargetLabels;
  /** Paths per target and ingress switch, for the catalog version they were built from. */
  private paths = new Map<string, Map<bigint, Path | null>>();
  private pathsFor = -1;

  constructor(opts: SlrLevelOptions) {
    const cfg = opts.config;
    this.config = cfg;
    this.id = cfg.id;
    this.kind = cfg.kind;
    this.info = LEVEL_KINDS[cfg.kind];
    this.log = opts.log;
    this.clock = opts.clock ?? wallClock;
    this.store = opts.store;
    this.catalog = new ServiceCatalog({ targets: cfg.targets, services: cfg.services, policies: cfg.policies });
    this.engine = new DecisionEngine(this.catalog, this.store.loads, {
      tableUpdateIntervalMs: cfg.tableUpdateIntervalMs,
      assignmentLoadIncrement: cfg.assignmentLoadIncrement,
      requireLoadReport: cfg.requireLoadReport,
      maxReportAgeMs: cfg.maxReportAgeMs,
      panicThreshold: cfg.panicThreshold,
      warmUpMs: cfg.warmUpMs,
      rttCostFactor: cfg.rttCostFactor,
      clock: this.clock,
    });
    this.pins = new Pins(this.store.pins);
    this.registrations = new RegistrationEvents(this.catalog, this.engine, this.store, this.log);
    this.ingress = dpidSet(cfg.ingress.dpids, `level ${cfg.id}: ingress.dpids`);
    this.transit = new Map((cfg.tunnel?.transit ?? []).map((t) => {
      const [dpid] = dpidSet([t.dpid], `level ${cfg.id}: tunnel.transit`);
      return [dpid, t.routes];
    }));
    this.ownLabel = cfg.tunnel?.label;
    this.labels = new TargetLabels(cfg.tunnel?.targetLabelBase);
    this.vipMac = cfg.ingress.vipMac;
    this.gateways = new Set(cfg.ingress.gatewayIps.map((g) => {
      const ip = parseIpv4Address(g);
      if (ip === undefined) throw new RangeError(`level ${cfg.id}: ingress.gatewayIps: invalid address ${JSON.stringify(g)}`);
      return ip;
    }));
  }

  /** Loads the shared state and starts the periodic table update. */
  async start(): Promise<void> {
    await this.store.start();
    this.engine.updateTable();
    this.engine.beginWarmUp();
    this.engine.start();
  }

  /** Health as reported from below: unhealthy (subnet, target) pairs and services in panic. */
  health(): { unhealthy: Array<{ subnet: string; target: string }>; panic: string[] } {
    return { unhealthy: this.engine.unhealthyTargets(), panic: this.engine.panicServices() };
  }

  /** Subnets this level serves only in panic: advertised upward as unhealthy. */
  unhealthySubnets(): Set<string> {
    return this.engine.unhealthySubnets();
  }

  /** A promotion to master: the warm-up starts again (registrants move to this process). */
  beginWarmUp(): void {
    this.engine.beginWarmUp();
  }

  async stop(): Promise<void> {
    this.engine.stop();
    await this.store.close();
  }

  /** Switches this level puts flows on: its ingress switches and its core switches. */
  switches(): bigint[] {
    return [...new Set([...this.ingress, ...this.transit.keys()])];
  }

  /** The port toward a target on one ingress switch: per-switch if configured, else the common one. */
  private portOn(t: TargetSpec, dpid: bigint): number | undefined {
    const a = t.attachment;
    if (a === undefined) return undefined;
    for (const [text, port] of Object.entries(a.ports ?? {})) if (parseDpid(text) === dpid) return port;
    return a.port;
  }

  private buildPath(t: TargetSpec, dpid: bigint): Path | null {
    const port = this.portOn(t, dpid);
    if (port === undefined) return null;
    if (t.kind === 'server') {
      const mac = t.attachment?.mac;
      return mac === undefined ? null : { kind: 'local', port, mac };
    }
    if (t.attachment?.delivery === 'ip-tunnel') {
      const tunnelId = t.attachment.tunnelId;
      return tunnelId === undefined ? { kind: 'ip-tunnel', port } : { kind: 'ip-tunnel', port, tunnelId };
    }
    const label = t.attachment?.label;
    return label === undefined ? null : { kind: 'mpls', port, labels: [label] };
  }

  /** How an ingress switch reaches a target now (undefined: no port, MAC or label known yet). */
  pathTo(targetId: string, dpid: bigint): Path | undefined {
    if (this.pathsFor !== this.catalog.version) {
      this.paths = new Map();
      this.pathsFor = this.catalog.version;
    }
    let byDpid = this.paths.get(targetId);
    if (byDpid === undefined) this.paths.set(targetId, (byDpid = new Map()));
    let path = byDpid.get(dpid);
    if (path === undefined) {
      const t = this.catalog.target(targetId);
      path = t === undefined ? null : this.buildPath(t, dpid);
      byDpid.set(dpid, path);
    }
    return path ?? undefined;
  }

  /** The label a local target (a server) is known by in a shortcut's label stack, if labels are on. */
  exitLabelOf(targetId: string): number | undefined {
    const t = this.catalog.target(targetId);
    if (t === undefined || t.kind !== 'server') return undefined;
    return this.labels.labelOf(targetId, t.attachment?.label);
  }

  /** The label a target is reached by: a lower level's own label, or a server's exit label (undefined: none). */
  targetLabel(targetId: string): number | undefined {
    const t = this.catalog.target(targetId);
    if (t === undefined) return undefined;
    return t.kind === 'server' ? this.labels.labelOf(targetId, t.attachment?.label) : t.attachment?.label;
  }

  /** Label switching on one switch: each target reached by MPLS, its label out of its port. */
  labelRoutes(dpid: bigint): LabelRoute[] {
    const out: LabelRoute[] = [];
    const seen = new Set<number>();
    const add = (label: number | undefined, port: number | undefined): void => {
      if (label === undefined || port === undefined || seen.has(label)) return;
      seen.add(label);
      out.push({ label, port });
    };
    for (const r of this.transit.get(dpid) ?? []) add(this.catalog.target(r.target)?.attachment?.label, r.port);
    if (this.ingress.has(dpid)) {
      for (const t of this.catalog.targets()) if (t.kind !== 'server') add(t.attachment?.label, this.portOn(t, dpid));
    }
    return out;
  }

  /** Labels this level's flows match on now, on any of its switches. */
  labelsInUse(): number {
    const labels = new Set<number>();
    if (this.ownLabel !== undefined) labels.add(this.ownLabel);
    for (const dpid of this.switches()) {
      for (const r of this.labelRoutes(dpid)) labels.add(r.label);
      for (const e of this.labelExits(dpid)) labels.add(e.label);
    }
    return labels.size;
  }

  /** Load rows (subnet, target) held from this level's targets' reports. */
  loadRows(): number {
    let n = 0;
    for (const subnet of this.store.loads.subnets()) n += this.store.loads.subnet(subnet)?.size ?? 0;
    return n;
  }

  /** Tunnel exits to local targets on one ingress switch: a server's label, popped and delivered by MAC. */
  labelExits(dpid: bigint): LabelExit[] {
    if (!this.ingress.has(dpid) || !this.labels.enabled) return [];
    const out: LabelExit[] = [];
    for (const t of this.catalog.targets()) {
      if (t.kind !== 'server') continue;
      const path = this.pathTo(t.id, dpid);
      const label = this.exitLabelOf(t.id);
      if (path?.kind === 'local' && label !== undefined) out.push({ label, port: path.port, mac: path.mac });
    }
    return out;
  }

  /**
   * A packet of a connection that reached the controller: its pin if it has one (a repeat
   * before its flow, or a packet whose flow is gone: the same target, never re-decided),
   * else, for a first packet (`mayDecide`), a decision, a path and a new pin. A later
   * packet of a connection nobody knows is not decided (the recovery rule: another
   * target would reset it). Pure but for the pin it claims or wakes.
   */
  firstPacket(service: Service, t: FiveTuple, dpid: bigint, nowMs: number, mayDecide = true): FirstPacketOutcome {
    const pinned = this.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (pinned !== undefined) {
      this.counters.repeatPacketIns++;
      const path = pinned.path ?? this.pathTo(pinned.target, dpid);
      if (path === undefined) {
        this.counters.undeliverable++;
        return { kind: 'undeliverable', target: pinned.target };
      }
      const revived = this.pins.wake(t, nowMs);
      if (revived) this.counters.repins++;
      return { kind: 'pinned', target: pinned.target, path, created: false, createdAt: pinned.record.createdAt, reason: 'pinned', revived };
    }
    if (!mayDecide) {
      this.counters.unknownConnectionDrops++;
      return { kind: 'unknown-connection' };
    }
    const d = this.engine.decide(service, t.srcIp, t.srcPort, nowMs);
    if (d.target === null) {
      this.counters.noEligibleTarget++;
      return { kind: 'no-target' };
    }
    const path = this.pathTo(d.target.id, dpid);
    if (path === undefined) {
      this.counters.undeliverable++;
      return { kind: 'undeliverable', target: d.target.id };
    }
    this.pins.claim(t, d.target.id, dpid, nowMs, path);
    this.counters.newConnections++;
    return { kind: 'pinned', target: d.target.id, path, created: true, createdAt: nowMs, reason: d.reason, revived: false };
  }

  /**
   * A server's authenticated flow advertisement (patent Fig. 10) names the target of a
   * connection this level lost track of: pin it there (or confirm the pin it has). The
   * caller checked the MAC; this checks that the target serves the connection's service
   * and that no pin says otherwise: an advertisement never moves a connection.
   */
  adoptAdvertised(service: Service, t: FiveTuple, targetId: string, dpid: bigint, nowMs: number):
    { kind: 'pinned'; path: Path; created: boolean } | { kind: 'refused'; reason: string } {
    if (!service.spec.targets.includes(targetId)) return { kind: 'refused', reason: `${targetId} is not a target of service ${service.id}` };
    // Draining keeps a target's connections; disabled keeps none.
    if (this.catalog.target(targetId)?.adminState === 'disabled') return { kind: 'refused', reason: `${targetId} is disabled` };
    const pinned = this.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (pinned !== undefined) {
      if (pinned.target !== targetId) return { kind: 'refused', reason: `the connection is pinned to ${pinned.target}` };
      const path = pinned.path ?? this.pathTo(targetId, dpid);
      if (path === undefined) return { kind: 'refused', reason: `no path to ${targetId} from this switch` };
      this.pins.wake(t, nowMs);
      return { kind: 'pinned', path, created: false };
    }
    const path = this.pathTo(targetId, dpid);
    if (path === undefined) return { kind: 'refused', reason: `no path to ${targetId} from this switch` };
    this.pins.claim(t, targetId, dpid, nowMs, path);
    this.counters.advertisedRepins++;
    return { kind: 'pinned', path, created: true };
  }

  /**
   * A neighbour cluster asks whether this level holds a connection (WHOHAS): the target
   * of its pin and the label stack this level's ingress switches carry it on. A server
   * here is named by its exit label (tunnel.targetLabelBase or its own label); a site or
   * AS by its path's labels (a shortcut's whole stack). An ip-tunnel path has no labels
   * a neighbour could push, so it is not offered.
   */
  whoHas(t: FiveTuple): WhoHasAnswer {
    const pin = this.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (pin === undefined) return { found: false, detail: `${this.id} holds no pin for the connection` };
    // A pin made from another neighbour's answer is that neighbour's to give: its labels
    // mean something only on the neighbour's switches.
    if (this.catalog.target(pin.target) === undefined) return { found: false, detail: `${this.id} reaches the connection through a neighbour (${pin.target})` };
    const path = pin.path ?? this.pathTo(pin.target, pin.dpid);
    let labels: readonly number[] | undefined;
    if (path?.kind === 'mpls') labels = path.labels;
    else if (path?.kind === 'local') {
      const label = this.exitLabelOf(pin.target);
      labels = label === undefined ? undefined : [label];
    }
    if (labels === undefined) return { found: false, detail: `${this.id} pins the connection to ${pin.target}, but no label reaches it (set tunnel.targetLabelBase)` };
    this.counters.whoHasAnswered++;
    return { found: true, target: pin.target, labels };
  }

  /**
   * A neighbour's WHOHAS answer for a connection that reached this level's ingress
   * without a pin: pin it to the neighbour's target along `path` (toward the neighbour,
   * then its label stack). A pin made meanwhile (the connection's first packet after
   * all, or an earlier answer) wins: an answer never moves a connection.
   */
  adoptFromNeighbour(t: FiveTuple, pinTarget: string, path: Path, dpid: bigint, nowMs: number): { created: boolean; path: Path | undefined } {
    const pinned = this.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (pinned !== undefined) return { created: false, path: pinned.path ?? this.pathTo(pinned.target, dpid) };
    this.pins.claim(t, pinTarget, dpid, nowMs, path);
    this.counters.whoHasRepins++;
    return { created: true, path };
  }

  /** The flow-advertisement key of a registrant's live session (undefined: not registered). */
  advertisementKey(targetId: string): Buffer | undefined {
    return this.registrations.advertisementKey(targetId);
  }

  /**
   * A lower level says where a connection it received from this level ended up: the
   * label stack below `childId`. The connection must be pinned here to that very child
   * (a child can only move its own connections). Returns the pin's ingress switch and
   * the path through this level's target down to the final one, or why not.
   */
  extendedPath(childId: string, t: FiveTuple, below: readonly number[]): { dpid: bigint; path: Path } | { refused: string } {
    const pin = this.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (pin === undefined) return { refused: 'the connection is not pinned at this level' };
    if (pin.target !== childId) return { refused: `the connection is pinned to ${pin.target}, not ${childId}` };
    const dpid = pin.dpid;
    const toChild = pin.path ?? this.pathTo(childId, dpid);
    if (toChild === undefined) return { refused: 'the pin has no path' };
    const path = extendPath(toChild, below);
    if (path === undefined) return { refused: `a stack of ${below.length} more labels does not fit (at most 3 in all)` };
    return { dpid, path };
  }

  /** What a new connection from clientIp to dstIp:dstPort would get now, per candidate (POST /simulate). */
  simulate(dstIp: number, protocol: number, dstPort: number, clientIp: number): Explanation | undefined {
    const service = this.catalog.lookup(dstIp, protocol, dstPort);
    return service === undefined ? undefined : this.engine.explain(service, clientIp);
  }

  private classLookup: (subnet: string) => string | undefined = () => undefined;

  /** Where this level's own service classes come from (the qos section, for the first level of a process). */
  setClassLookup(lookup: (subnet: string) => string | undefined): void {
    this.classLookup = lookup;
  }

  /**
   * The class this level advertises a subnet with to the level above: its own (from its
   * qos section) or else the one its targets reported, so classes travel up the hierarchy.
   */
  subnetClass(subnet: string): string | undefined {
    return this.classLookup(subnet) ?? this.registrations.reportedClass(subnet);
  }

  /** M_k per virtual subnet, for the level above (union of the subnets with an eligible, reporting target). */
  subnetLoads(): Map<string, number> {
    return this.engine.subnetLoads(this.config.aggregate, this.config.aggregateCostFactor);
  }

  /**
   * Loads the pins a previous master mirrored (hot-spare takeover, or this controller
   * before a restart); returns how many were new.
   */
  async restorePins(): Promise<number> {
    const n = this.pins.restore(await this.store.pins.loadAll());
    this.counters.pinsRestored += n;
    return n;
  }

  describe(): { id: string; kind: LevelKind; chooses: string; ingress: string[]; transit: string[]; ownLabel: number | null; vipMac: string; gateways: string[] } {
    return {
      id: this.id,
      kind: this.kind,
      chooses: this.info.chooses,
      ingress: [...this.ingress].map(dpidToHex),
      transit: [...this.transit.keys()].map(dpidToHex),
      ownLabel: this.ownLabel ?? null,
      vipMac: this.vipMac,
      gateways: [...this.gateways].map(ipv4ToString),
    };
  }
}
