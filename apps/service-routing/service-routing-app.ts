// Service routing as a controller app, for every SLR level this process hosts: VIP
// packet-in rules and ARP answers on each level's ingress switches, and per first packet
// of a new connection the level's decision (level/slr-level.ts). The pin's flow goes to
// the switch through the flow-pinning app (its cookie space), then the first packet is
// sent on along the same path. Repeated packet-ins of one connection reuse the pin
// (decisions are idempotent). A connection that came in through a tunnel from the level
// above is announced to listeners (the process module tells the level above: shortcut).

import type { App, AppContext, Changes, FlowSpec, Match, PacketInEvent } from '../../controller';
import { buildArpReply, FlowKey, OFP_NO_BUFFER, OFPP_CONTROLLER, packetOut, parseFlowKey, WELL_KNOWN_APP_IDS } from '../../controller';
import { IPPROTO_TCP, IPPROTO_UDP } from '../../level/catalog/service';
import type { Explanation } from '../../level/decision/decision-types';
import { ipv4ToString, parseIpv4Address } from '../../controller';
import type { FiveTuple } from '../../controller';
import type { LevelCounters, SlrLevel } from '../../level/slr-level';
import type { Path } from '../../level/path';
import type { FlowPinningApp } from '../flow-pinning/flow-pinning-app';
import { isClosingPacket, isFirstPacket } from '../recovery/decide';
import { METADATA_FROM_TUNNEL, TABLE } from '../pipeline/layout';
import { gatewayArpRule, VIP_RULE_COOKIE, vipArpRule, vipEchoReplyRule, vipRules } from './ingress-flows';
import { advertisementVerdict } from '../recovery/advertisement';

const ARP_REQUEST = 1;
const IPPROTO_ICMP = 1;
const ICMP_ECHO_REPLY = 0;
const ICMP_HEADER_LEN = 8;
/** A repeat packet-in this soon after the pin was made means the flow is still on its way. */
const FLOW_IN_FLIGHT_MS = 1000;

/** A new connection pinned at a level, for whoever wires the level to its neighbours. */
export interface PinnedConnection {
  readonly level: SlrLevel;
  readonly dpid: bigint;
  readonly tuple: FiveTuple;
  readonly target: string;
  /** The first packet came through a tunnel from the level above (its tunnel exit marked it). */
  readonly fromUpstream: boolean;
}

export type PinnedListener = (c: PinnedConnection) => void;

/** A first packet that came down from the level above and found no eligible target here. */
export interface UnplacedConnection {
  readonly level: SlrLevel;
  readonly tuple: FiveTuple;
}

export type UnplacedListener = (c: UnplacedConnection) => void;

/**
 * A later packet of a connection this level holds no pin for (dropped, as the recovery
 * rule says), for whoever asks the level's neighbour clusters who has it (WHOHAS).
 */
export interface UnknownConnection {
  readonly level: SlrLevel;
  readonly dpid: bigint;
  readonly inPort: number;
  readonly tuple: FiveTuple;
  /**
   * The dropped packet, to send on once a neighbour's answer pins the connection. A view
   * of the channel's input, valid during the call only: a listener that keeps it copies it.
   */
  readonly packet: Buffer;
}

export type UnknownListener = (c: UnknownConnection) => void;

export interface ServiceRoutingDeps {
  levels: readonly SlrLevel[];
  pinning: FlowPinningApp;
}

function fromTunnel(ev: PacketInEvent): boolean {
  for (const f of ev.match) {
    if (f.field === 'metadata') return (BigInt(f.value) & METADATA_FROM_TUNNEL) !== 0n;
  }
  return false;
}

/** The service a VIP packet-in rule was made for, from its match (destination, protocol, port). */
function serviceOfRule(level: SlrLevel, match: Match): string | undefined {
  let dst: number | undefined;
  let proto = -1;
  let port = 0;
  for (const f of match) {
    if (f.field === 'ipv4_dst' && typeof f.value === 'string') dst = parseIpv4Address(f.value);
    else if (f.field === 'ip_proto') proto = Number(f.value);
    else if (f.field === 'tcp_dst' || f.field === 'udp_dst') port = Number(f.value);
  }
  return dst === undefined ? undefined : level.catalog.lookup(dst, proto, port)?.id;
}

export class ServiceRoutingApp implements App {
  readonly name = 'service-routing';
  readonly appId = WELL_KNOWN_APP_IDS.serviceRouting;
  readonly levels: readonly SlrLevel[];
  private readonly byDpid = new Map<bigint, SlrLevel>();
  private readonly pinning: FlowPinningApp;
  private readonly key = new FlowKey();
  private readonly listeners: PinnedListener[] = [];
  private readonly unplacedListeners: UnplacedListener[] = [];
  private readonly unknownListeners: UnknownListener[] = [];
  private ctx: AppContext | null = null;
  private readonly reconcileQueued = new Set<SlrLevel>();
  private lastRefusalLogAt = -Infinity;

  constructor(deps: ServiceRoutingDeps) {
    this.levels = deps.levels;
    this.pinning = deps.pinning;
    for (const level of this.levels) for (const dpid of level.ingress) this.byDpid.set(dpid, level);
    this.pinning.setVipRuleReader((level, dpid) => this.vipRuleCounts(level, dpid));
  }

  /**
   * Accounting: what this level's VIP packet-in rules on one switch counted, per service
   * (a flow-stats request for this app's VIP rules, through the core).
   */
  async vipRuleCounts(level: SlrLevel, dpid: bigint): Promise<Array<{ service: string; bytes: number; packets: number }>> {
    const ctx = this.ctx;
    if (ctx === null) return [];
    const flows = await ctx.flowStats(dpid, { tableId: TABLE.services, cookie: VIP_RULE_COOKIE });
    const sums = new Map<string, { service: string; bytes: number; packets: number }>();
    for (const f of flows) {
      const id = serviceOfRule(level, f.match);
      if (id === undefined) continue;
      const sum = sums.get(id) ?? { service: id, bytes: 0, packets: 0 };
      sum.bytes += Number(f.byteCount);
      sum.packets += Number(f.packetCount);
      sums.set(id, sum);
    }
    return [...sums.values()];
  }

  start(ctx: AppContext): void {
    this.ctx = ctx;
    for (const level of this.levels) level.catalog.onChange(() => this.queueReconcile(level));
  }

  stop(): void {
    this.ctx = null;
  }

  /** Calls fn for every new connection pinned by a first packet. */
  onPinned(fn: PinnedListener): void {
    this.listeners.push(fn);
  }

  /** Calls fn for every first packet from the level above that no target here may take. */
  onUnplaced(fn: UnplacedListener): void {
    this.unplacedListeners.push(fn);
  }

  /** Calls fn for every dropped later packet of a connection no pin knows. */
  onUnknown(fn: UnknownListener): void {
    this.unknownListeners.push(fn);
  }

  /**
   * A neighbour cluster's WHOHAS answer for an unknown connection: pin it along `path`
   * (toward the neighbour, then the neighbour's label stack to its target), put the pin's
   * flow on the switch and send the packet that asked on along it. False when the app
   * is stopped, the switch took nothing (not connected: the pin stays, and its flow goes
   * back at the reconnect) or a pin made meanwhile has no path.
   */
  adoptFromNeighbour(c: UnknownConnection, pinTarget: string, path: Path): boolean {
    const ctx = this.ctx;
    if (ctx === null) return false;
    const out = c.level.adoptFromNeighbour(c.tuple, pinTarget, path, c.dpid, c.level.clock.now());
    if (out.path === undefined) return false;
    this.pinning.install(c.dpid, c.tuple, out.path);
    return ctx.apply(c.dpid, [packetOut(c.inPort, this.pinning.actionsFor(out.path), c.packet)]);
  }

  /** The level with this id (undefined: no such level here). */
  level(id: string): SlrLevel | undefined {
    return this.levels.find((l) => l.id === id);
  }

  /** Packet-in outcomes summed over the levels (each level keeps its own too). */
  get counters(): Readonly<LevelCounters> {
    const sum = { ...this.levels[0].counters };
    for (const l of this.levels.slice(1)) for (const k of Object.keys(sum) as Array<keyof LevelCounters>) sum[k] += l.counters[k];
    return sum;
  }

  /** What a new connection would get now at the first level, per candidate (POST /simulate). */
  simulate(dstIp: number, protocol: number, dstPort: number, clientIp: number): Explanation | undefined {
    return this.levels[0].simulate(dstIp, protocol, dstPort, clientIp);
  }

  /** VIP rules follow the catalog: one reconciliation per ingress switch per burst of edits. */
  private queueReconcile(level: SlrLevel): void {
    if (this.reconcileQueued.has(level) || this.ctx === null) return;
    this.reconcileQueued.add(level);
    setImmediate(() => {
      this.reconcileQueued.delete(level);
      const ctx = this.ctx;
      if (ctx === null) return;
      for (const dpid of level.ingress) {
        if (ctx.datapaths.get(dpid)?.up) {
          ctx.reconcile(dpid).catch((err: unknown) => level.log.warn({ err }, 'service routing: reconcile after catalog change failed'));
        }
      }
    });
  }

  *desiredFlows(dpid: bigint): Iterable<FlowSpec> {
    const level = this.byDpid.get(dpid);
    if (level === undefined) return;
    const arpDone = new Set<string>();
    for (const s of level.catalog.services()) {
      yield* vipRules(s);
      if (!arpDone.has(s.subnet)) {
        arpDone.add(s.subnet);
        yield vipArpRule(s);
        yield vipEchoReplyRule(s);
      }
    }
    for (const gw of level.gateways) yield gatewayArpRule(gw);
  }

  onPacketIn(ev: PacketInEvent): Changes {
    const level = this.byDpid.get(ev.dpid);
    if (level === undefined) return undefined;
    const k = this.key;
    if (!parseFlowKey(ev.data, k)) return undefined;
    if (k.arpOp === ARP_REQUEST) return this.answerArp(level, ev, k);
    if (k.ipVersion === 4 && !k.isFragment && k.ipProto === IPPROTO_ICMP && k.icmpType === ICMP_ECHO_REPLY) return this.onEchoReply(level, ev, k);
    if (k.ipVersion !== 4 || k.isFragment || (k.ipProto !== IPPROTO_TCP && k.ipProto !== IPPROTO_UDP)) return undefined;
    const service = level.catalog.lookup(k.ipv4Dst, k.ipProto, k.dstPort);
    if (service === undefined) return undefined;
    const now = level.clock.now();
    const tuple: FiveTuple = { proto: k.ipProto, srcIp: k.ipv4Src, srcPort: k.srcPort, dstIp: k.ipv4Dst, dstPort: k.dstPort };
    const started = level.metrics === null ? 0 : performance.now();
    // The recovery rule: only a connection's first packet may be decided (apps/recovery).
    const out = level.firstPacket(service, tuple, ev.dpid, now, isFirstPacket(k.ipProto, k.tcpFlags));
    const metrics = level.metrics;
    if (metrics !== null && (out.kind === 'no-target' || (out.kind === 'pinned' && out.created))) {
      metrics.observe(service.id, service.subnet, out.kind === 'pinned' ? out.target : null, (performance.now() - started) / 1000);
      if (out.kind === 'pinned') metrics.pinCreated();
    }
    if (out.kind !== 'pinned') {
      if (out.kind === 'unknown-connection' && this.unknownListeners.length > 0) {
        const c: UnknownConnection = { level, dpid: ev.dpid, inPort: ev.inPort, tuple, packet: ev.data };
        for (const l of this.unknownListeners) l(c);
      }
      if (out.kind === 'no-target' && this.unplacedListeners.length > 0 && fromTunnel(ev)) {
        for (const l of this.unplacedListeners) l({ level, tuple });
      }
      return [];
    }
    // A FIN or RST seen here: the pin ends when its flow next idles out.
    if (!out.created && isClosingPacket(k.ipProto, k.tcpFlags)) level.pins.markClosing(tuple);
    // A repeat soon after the pin: the flow is on its way, only the packet needs sending.
    // A pin whose flow idled out or was lost gets the same flow back.
    if (out.created || out.revived || now - out.createdAt >= FLOW_IN_FLIGHT_MS) this.pinning.install(ev.dpid, tuple, out.path);
    const buffer = ev.bufferId === OFP_NO_BUFFER ? undefined : ev.bufferId;
    // Accounting: this packet reaches the server by packet-out, not through the pin flow.
    this.pinning.countPacketOut(ev.dpid, service.id, out.target, ev.totalLen);
    if (out.created && this.listeners.length > 0) {
      const c: PinnedConnection = { level, dpid: ev.dpid, tuple, target: out.target, fromUpstream: fromTunnel(ev) };
      for (const l of this.listeners) l(c);
    }
    return [packetOut(ev.inPort, this.pinning.actionsFor(out.path), ev.data, buffer)];
  }

  /**
   * A client's echo reply to a VIP: when it carries a server's authenticated flow
   * advertisement (patent Fig. 10), the connection it names is pinned again to that
   * server and its flow put back. The reply itself is consumed.
   */
  private onEchoReply(level: SlrLevel, ev: PacketInEvent, k: FlowKey): Changes {
    if (level.catalog.serviceAt(k.ipv4Dst) === undefined || k.l4Offset < 0) return undefined;
    const now = level.clock.now();
    const v = advertisementVerdict(ev.data.subarray(k.l4Offset + ICMP_HEADER_LEN), {
      replySrc: k.ipv4Src, replyDst: k.ipv4Dst, keyOf: (id) => level.advertisementKey(id), nowMs: now,
    });
    if (v.kind === 'ignore') return [];
    const refuse = (reason: string, serverId?: string): Changes => {
      level.counters.advertisementsRefused++;
      // Anyone can send echo replies to a VIP: the counter sees them all, the log one a second.
      if (now - this.lastRefusalLogAt >= 1000) {
        this.lastRefusalLogAt = now;
        level.log.warn({ client: ipv4ToString(k.ipv4Src), vip: ipv4ToString(k.ipv4Dst), server: serverId, reason, refusedSoFar: level.counters.advertisementsRefused }, 'recovery: flow advertisement refused');
      }
      return [];
    };
    if (v.kind === 'refuse') return refuse(v.reason, v.serverId);
    const t = v.tuple;
    const service = level.catalog.lookup(t.dstIp, t.proto, t.dstPort);
    if (service === undefined) return refuse('the advertised connection is not to a service of this level', v.serverId);
    const out = level.adoptAdvertised(service, t, v.serverId, ev.dpid, now);
    if (out.kind === 'refused') return refuse(out.reason, v.serverId);
    this.pinning.install(ev.dpid, t, out.path);
    level.log.info({ server: v.serverId, client: `${ipv4ToString(t.srcIp)}:${t.srcPort}`, vip: `${ipv4ToString(t.dstIp)}:${t.dstPort}`, created: out.created }, 'recovery: connection re-pinned from its server\'s flow advertisement');
    return [];
  }

  private answerArp(level: SlrLevel, ev: PacketInEvent, k: FlowKey): Changes {
    if (level.catalog.serviceAt(k.arpTpa) === undefined && !level.gateways.has(k.arpTpa)) return undefined;
    const reply = buildArpReply({
      senderMac: level.vipMac,
      senderIp: ipv4ToString(k.arpTpa),
      targetMac: k.arpSha,
      targetIp: ipv4ToString(k.arpSpa),
    });
    level.counters.arpReplies++;
    return [packetOut(OFPP_CONTROLLER, [{ type: 'OUTPUT', port: ev.inPort, maxLen: 0 }], reply)];
  }
}
