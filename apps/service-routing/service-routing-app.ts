// The site SLR as a controller app: VIP packet-in rules and ARP answers on the ingress
// switches; per new connection a decision, a pin and an exact-match flow to the chosen
// server plus a packet-out of the first packet. Repeated packet-ins of one connection
// reuse the pin (decisions are idempotent); flow-removed releases it.

import type { App, AppContext } from '../../controller/app';
import { addFlow, packetOut, type Changes, type FlowSpec } from '../../controller/changes';
import { WELL_KNOWN_APP_IDS } from '../../controller/cookies';
import { parseDpid } from '../../controller/dpid';
import type { FlowRemovedEvent, PacketInEvent } from '../../controller/events';
import type { Logger } from '../../controller/logger';
import type { ControllerStore } from '../../controller/store/types';
import type { DecisionMetrics } from '../../controller/metrics/decision-metrics';
import type { StoreLatencyMetrics } from '../../controller/metrics/store-latency';
import { OFP_NO_BUFFER, OFPP_CONTROLLER } from '../../southbound/codec/constants';
import type { Action } from '../../southbound/codec/types';
import { buildArpReply, FlowKey, parseFlowKey } from '../../southbound/packet';
import type { FiveTuple } from '../../level/pins/five-tuple';
import { Pins } from '../../level/pins/pins';
import { AgentEvents } from '../../level/registration-events';
import { ServiceCatalog } from '../../level/catalog/catalog';
import type { ServiceRoutingConfig } from '../../level/config-schema';
import { DecisionEngine } from '../../level/decision/decision-engine';
import type { Explanation } from '../../level/decision/decision-types';
import type { AggregateKind } from '../../level/policies/aggregate';
import type { Clock } from '../../controller/clock';
import { deliveryActions, fiveTupleOfMatch, gatewayArpRule, PIN_COOKIE, pinFlow, vipArpRule, vipRules, type IngressFlowOptions } from './ingress-flows';
import { formatIpv4, parseIpv4 } from '../../level/ipv4-prefix';
import { IPPROTO_TCP, IPPROTO_UDP } from '../../level/catalog/service';

const ARP_REQUEST = 1;
/** A repeat packet-in this soon after the pin was made means the flow is still on its way. */
const FLOW_IN_FLIGHT_MS = 1000;

export interface ServiceRoutingCounters {
  newConnections: number;
  repeatPacketIns: number;
  noEligibleTarget: number;
  undeliverable: number;
  arpReplies: number;
  pinsReleased: number;
}

export interface ServiceRoutingDeps {
  config: ServiceRoutingConfig;
  store: ControllerStore;
  log: Logger;
  /** Wall clock (ms since the epoch) for decisions and pin times. */
  clock?: Clock;
}

export class ServiceRoutingApp implements App {
  readonly name = 'service-routing';
  readonly appId = WELL_KNOWN_APP_IDS.serviceRouting;
  readonly catalog: ServiceCatalog;
  readonly engine: DecisionEngine;
  readonly pins: Pins;
  readonly store: ControllerStore;
  /** Hand this to the agent registration service as its event sink. */
  readonly agentEvents: AgentEvents;
  readonly counters: ServiceRoutingCounters = {
    newConnections: 0,
    repeatPacketIns: 0,
    noEligibleTarget: 0,
    undeliverable: 0,
    arpReplies: 0,
    pinsReleased: 0,
  };
  private readonly ingress: ReadonlySet<bigint>;
  private readonly flowOptions: IngressFlowOptions;
  private readonly vipMac: string;
  /** Gateway addresses (uint32) answered by ARP like VIPs. */
  private readonly gateways: ReadonlySet<number>;
  private readonly aggregate: AggregateKind;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly key = new FlowKey();
  /** Delivery actions per target; kept for removed targets, whose pins live on. */
  private readonly delivery = new Map<string, Action[] | null>();
  private ctx: AppContext | null = null;
  private metrics: DecisionMetrics | null = null;
  private reconcileQueued = false;

  constructor(deps: ServiceRoutingDeps) {
    const cfg = deps.config;
    this.log = deps.log;
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.store = deps.store;
    this.catalog = new ServiceCatalog({ targets: cfg.targets, services: cfg.services, policies: cfg.policies });
    this.engine = new DecisionEngine(this.catalog, this.store.loads, {
      tableUpdateIntervalMs: cfg.tableUpdateIntervalMs,
      assignmentLoadIncrement: cfg.assignmentLoadIncrement,
      requireLoadReport: cfg.requireLoadReport,
      maxReportAgeMs: cfg.maxReportAgeMs,
      clock: this.clock,
    });
    this.pins = new Pins(this.store.pins);
    this.agentEvents = new AgentEvents(this.catalog, this.engine, this.store, this.log);
    this.ingress = new Set(
      cfg.ingress.dpids.map((d) => {
        const dpid = parseDpid(d);
        if (dpid === undefined) throw new RangeError(`serviceRouting.ingress.dpids: invalid datapath id ${JSON.stringify(d)}`);
        return dpid;
      }),
    );
    this.flowOptions = {
      pinIdleTimeoutSec: cfg.ingress.pinIdleTimeoutSec,
    };
    this.vipMac = cfg.ingress.vipMac;
    this.gateways = new Set((cfg.ingress.gatewayIps ?? []).map((g) => {
      const ip = parseIpv4(g);
      if (ip === undefined) throw new RangeError(`serviceRouting.ingress.gatewayIps: invalid address ${JSON.stringify(g)}`);
      return ip;
    }));
    this.aggregate = cfg.aggregate;
    this.refreshDelivery();
    this.catalog.onChange(() => {
      this.refreshDelivery();
      this.queueReconcile();
    });
  }

  async start(ctx: AppContext): Promise<void> {
    this.ctx = ctx;
    await this.store.start();
    this.engine.updateTable();
    this.engine.start();
  }

  async stop(): Promise<void> {
    this.engine.stop();
    this.ctx = null;
    await this.store.close();
  }

  /** Hooks the process's metrics in (decision counts and times, store round trips). */
  attachMetrics(decisions: DecisionMetrics | null, storeLatency?: StoreLatencyMetrics): void {
    this.metrics = decisions;
    if (storeLatency !== undefined) this.store.setLatencyMetrics?.(storeLatency);
  }

  /**
   * Loads the pins a previous master mirrored (hot-spare takeover) so their connections
   * keep their servers; returns how many were added. Reconcile the switches afterwards.
   */
  async restorePins(): Promise<number> {
    return this.pins.restore(await this.store.pins.loadAll());
  }

  /** What a new connection from clientIp to dstIp:dstPort would get now, per candidate (POST /simulate). */
  simulate(dstIp: number, protocol: number, dstPort: number, clientIp: number): Explanation | undefined {
    const service = this.catalog.lookup(dstIp, protocol, dstPort);
    return service === undefined ? undefined : this.engine.explain(service, clientIp);
  }

  /** M_k per virtual subnet with the configured aggregation, for the level above. */
  subnetLoads(): Map<string, number> {
    return this.engine.subnetLoads(this.aggregate);
  }

  private refreshDelivery(): void {
    for (const t of this.catalog.targets()) {
      const a = t.attachment;
      this.delivery.set(t.id, a !== undefined && a.port !== undefined ? deliveryActions(a.mac, a.port) : null);
    }
  }

  /** VIP rules follow the catalog: one reconciliation per ingress switch per burst of edits. */
  private queueReconcile(): void {
    if (this.reconcileQueued || this.ctx === null) return;
    this.reconcileQueued = true;
    setImmediate(() => {
      this.reconcileQueued = false;
      const ctx = this.ctx;
      if (ctx === null) return;
      for (const dpid of this.ingress) {
        if (ctx.datapaths.get(dpid)?.up) {
          ctx.reconcile(dpid).catch((err: unknown) => this.log.warn({ err }, 'service routing: reconcile after catalog change failed'));
        }
      }
    });
  }

  *desiredFlows(dpid: bigint): Iterable<FlowSpec> {
    if (!this.ingress.has(dpid)) return;
    const arpDone = new Set<string>();
    for (const s of this.catalog.services()) {
      yield* vipRules(s);
      if (!arpDone.has(s.subnet)) {
        arpDone.add(s.subnet);
        yield vipArpRule(s);
      }
    }
    for (const gw of this.gateways) yield gatewayArpRule(gw);
    // Pins are the truth: a switch that lost its flows gets them back, never re-decided.
    // Yielded lazily: with a million pins, building them all first would double the peak.
    for (const [pin, target] of this.pins.pinsOn(dpid)) {
      const actions = this.delivery.get(target);
      if (actions) yield pinFlow(pin, actions, this.flowOptions);
    }
  }

  onPacketIn(ev: PacketInEvent): Changes {
    if (!this.ingress.has(ev.dpid)) return undefined;
    const k = this.key;
    if (!parseFlowKey(ev.data, k)) return undefined;
    if (k.arpOp === ARP_REQUEST) return this.answerArp(ev, k);
    if (k.ipVersion !== 4 || k.isFragment || (k.ipProto !== IPPROTO_TCP && k.ipProto !== IPPROTO_UDP)) return undefined;
    const service = this.catalog.lookup(k.ipv4Dst, k.ipProto, k.dstPort);
    if (service === undefined) return undefined;
    const now = this.clock.now();
    const age = this.pins.ageOf(k.ipProto, k.ipv4Src, k.srcPort, k.ipv4Dst, k.dstPort, now);
    const tuple: FiveTuple = { proto: k.ipProto, srcIp: k.ipv4Src, srcPort: k.srcPort, dstIp: k.ipv4Dst, dstPort: k.dstPort };
    let targetId: string;
    if (age >= 0) {
      this.counters.repeatPacketIns++;
      targetId = this.pins.lookup(tuple.proto, tuple.srcIp, tuple.srcPort, tuple.dstIp, tuple.dstPort) as string;
    } else {
      const metrics = this.metrics;
      const started = metrics === null ? 0 : performance.now();
      const d = this.engine.decide(service, k.ipv4Src, k.srcPort, now);
      if (metrics !== null) metrics.observe(service.id, service.subnet, d.target?.id ?? null, (performance.now() - started) / 1000);
      if (d.target === null) {
        this.counters.noEligibleTarget++;
        return [];
      }
      targetId = this.pins.claim(tuple, d.target.id, ev.dpid, now).target;
      metrics?.pinCreated();
      this.counters.newConnections++;
    }
    const actions = this.delivery.get(targetId);
    if (!actions) {
      this.counters.undeliverable++;
      return [];
    }
    const buffer = ev.bufferId === OFP_NO_BUFFER ? undefined : ev.bufferId;
    const out = packetOut(ev.inPort, actions, ev.data, buffer);
    // A repeat soon after the pin: the flow is on its way, only the packet needs sending.
    if (age >= 0 && age < FLOW_IN_FLIGHT_MS) return [out];
    return [addFlow(pinFlow(tuple, actions, this.flowOptions)), out];
  }

  private answerArp(ev: PacketInEvent, k: FlowKey): Changes {
    if (this.catalog.serviceAt(k.arpTpa) === undefined && !this.gateways.has(k.arpTpa)) return undefined;
    const reply = buildArpReply({
      senderMac: this.vipMac,
      senderIp: formatIpv4(k.arpTpa),
      targetMac: k.arpSha,
      targetIp: formatIpv4(k.arpSpa),
    });
    this.counters.arpReplies++;
    return [packetOut(OFPP_CONTROLLER, [{ type: 'OUTPUT', port: ev.inPort, maxLen: 0 }], reply)];
  }

  onFlowRemoved(ev: FlowRemovedEvent): Changes {
    if (ev.cookie !== PIN_COOKIE) return undefined;
    const t = fiveTupleOfMatch(ev.match);
    if (t !== undefined && this.pins.release(t) !== undefined) this.counters.pinsReleased++;
    return undefined;
  }
}
