// The flow-pinning app: turns the pins and tunnels of the SLR levels this process hosts
// into flows (its own cookie space). It owns the pins table (one exact-match flow per
// pinned connection, with the actions of the path the pin records), the tunnel exits of
// each level's own label, label switching toward targets on ingress and core switches,
// the last hop of a shortcut, and the re-pin a shortcut makes. Service routing decides
// and claims pins; this app puts them on the switches and answers for them afterwards
// (reconciliation re-installs exactly the recorded path, never a fresh decision).

import type { App, AppContext, Change, Changes, FlowRemovedEvent, FlowSpec, SwitchUpEvent } from '../../controller';
import { addFlow, deleteFlow, localPartOfCookie, WELL_KNOWN_APP_IDS } from '../../controller';
import { PIN_CLOSING, PIN_DORMANT } from '../../level/pins/pin-table';
import { flowRemovedVerdict, lastSeenAt, type PinLifeOptions } from '../recovery/decide';
import type { Path } from '../../level/path';
import type { FiveTuple } from '../../controller';
import type { SlrLevel } from '../../level/slr-level';
import { pathActions } from './path-actions';
import { fiveTupleOfMatch, PIN_COOKIE, pinFlow, pinIdleTimeoutOf, pinMatch, REPLY_COUNT_COOKIE, replyCountFlows } from './pin-flows';
import { UsageLedger } from './usage-ledger';
import { COOKIE_KIND_MASK, cookieWithTag, kindOfCookie, tagOfCookie, UsageTags } from './usage-tags';
import { serviceUsageOf, type ServiceUsage } from './usage-view';
import { PRIORITY, TABLE } from '../pipeline/layout';
import { labelExitFlow, labelRouteFlow, tunnelExitFlows } from './tunnel-flows';

/** A pin flow a switch lost while the connection lives (FLOW_REMOVED with reason DELETE). */
export interface LostPinFlow {
  readonly dpid: bigint;
  readonly tuple: FiveTuple;
  readonly reason: number;
}

export type LostPinFlowListener = (lost: LostPinFlow) => void;
/** Per service: what its VIP packet-in rules on one switch counted. */
export type VipRuleReader = (level: SlrLevel, dpid: bigint) => Promise<Array<{ service: string; bytes: number; packets: number }>>;

export class FlowPinningApp implements App {
  readonly name = 'flow-pinning';
  readonly appId = WELL_KNOWN_APP_IDS.flowPinning;
  /** Levels by ingress switch (where pins live). */
  private readonly byIngress = new Map<bigint, SlrLevel>();
  private ctx: AppContext | null = null;
  private readonly reconcileQueued = new Set<SlrLevel>();
  /** The tunnel flows last wanted per switch, so a catalog edit that changes none reconciles nothing. */
  private readonly tunnelShape = new Map<string, string>();
  private readonly lostListeners: LostPinFlowListener[] = [];
  /** How pins live past their flows (set by the recovery app; default: pins end with their flows). */
  life: PinLifeOptions = { keepPastIdle: false };
  /** Accounting: tags of (service, target) pairs, and one ledger per level. */
  readonly tags = new UsageTags();
  private readonly ledgers = new Map<SlrLevel, UsageLedger>();
  private readonly pollTimers: NodeJS.Timeout[] = [];
  private readonly polling = new Set<SlrLevel>();
  /** Counters of the VIP packet-in rules per service on a switch (service routing owns those flows). */
  private vipRuleReader: VipRuleReader | null = null;

  constructor(readonly levels: readonly SlrLevel[]) {
    for (const level of levels) {
      for (const dpid of level.ingress) {
        const other = this.byIngress.get(dpid);
        if (other !== undefined) throw new RangeError(`switch ${dpid.toString(16)} is an ingress of both level ${other.id} and level ${level.id}`);
        this.byIngress.set(dpid, level);
      }
      this.ledgers.set(level, new UsageLedger());
    }
  }

  start(ctx: AppContext): void {
    this.ctx = ctx;
    // Labels and ports follow the catalog (a site registering brings its label).
    for (const level of this.levels) level.catalog.onChange(() => this.queueReconcile(level));
    for (const level of this.levels) {
      const acc = accountingOf(level);
      if (!acc.enabled) continue;
      const timer = setInterval(() => {
        this.pollUsage(level).catch((err: unknown) => level.log.warn({ err }, 'accounting: statistics poll failed'));
      }, acc.pollIntervalMs);
      timer.unref();
      this.pollTimers.push(timer);
    }
  }

  stop(): void {
    for (const t of this.pollTimers) clearInterval(t);
    this.pollTimers.length = 0;
    this.ctx = null;
  }

  /** The cookie of a pin's flow: the pin kind and its (service, target) accounting tag. */
  private pinCookie(level: SlrLevel, t: FiveTuple, target: string | undefined): bigint {
    const service = level.catalog.lookup(t.dstIp, t.proto, t.dstPort);
    const to = target ?? level.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort)?.target;
    if (service === undefined || to === undefined) return PIN_COOKIE;
    return cookieWithTag(PIN_COOKIE, this.tags.tag(service.id, to));
  }

  /** Service routing hands over how to read its VIP rules' counters (its own cookie space). */
  setVipRuleReader(reader: VipRuleReader): void {
    this.vipRuleReader = reader;
  }

  /** The ledger of a level (accounting per service and target). */
  ledgerOf(level: SlrLevel): UsageLedger {
    return this.ledgers.get(level)!;
  }

  /**
   * One poll of a level's ingress switches: per (service, target) pair the aggregate of
   * its pin flows (one request by cookie each), and the reply-counting flows (one flow
   * request by cookie kind). Requests go through the core; only counters come back.
   */
  async pollUsage(level: SlrLevel): Promise<void> {
    const ctx = this.ctx;
    if (ctx === null || this.polling.has(level)) return;
    this.polling.add(level);
    try {
      const ledger = this.ledgerOf(level);
      const pairs: Array<{ service: string; target: string; tag: bigint }> = [];
      for (const s of level.catalog.services()) {
        for (const target of s.targetIds) {
          ledger.declare(s.id, target);
          pairs.push({ service: s.id, target, tag: this.tags.tag(s.id, target) });
        }
      }
      await Promise.all([...level.ingress].map(async (dpid) => {
        if (!ctx.datapaths.get(dpid)?.up) return;
        const forward = pairs.map(async (p) => {
          const a = await ctx.aggregateStats(dpid, { tableId: TABLE.pins, cookie: cookieWithTag(PIN_COOKIE, p.tag) });
          ledger.forwardPolled(p.service, p.target, dpid, Number(a.byteCount), Number(a.packetCount), a.flowCount);
        });
        const replies = ctx.flowStats(dpid, { tableId: TABLE.pins, cookie: REPLY_COUNT_COOKIE, cookieMask: COOKIE_KIND_MASK }).then((flows) => {
          const sums = new Map<bigint, { bytes: number; packets: number }>();
          for (const f of flows) {
            const tag = tagOfCookie(localPartOfCookie(f.cookie));
            const sum = sums.get(tag) ?? { bytes: 0, packets: 0 };
            sum.bytes += Number(f.byteCount);
            sum.packets += Number(f.packetCount);
            sums.set(tag, sum);
          }
          for (const [tag, sum] of sums) {
            const pair = this.tags.pairOf(tag);
            if (pair !== undefined) ledger.reversePolled(pair.service, pair.target, dpid, sum.bytes, sum.packets);
          }
        });
        const reader = this.vipRuleReader;
        const vipRules = reader === null ? Promise.resolve() : reader(level, dpid).then((rows) => {
          for (const r of rows) ledger.vipRulePolled(r.service, dpid, r.bytes, r.packets);
        });
        await Promise.all([...forward, replies, vipRules]);
      }));
      ledger.polled(level.clock.now());
    } finally {
      this.polling.delete(level);
    }
  }

  /** Counts a packet service routing sent on by packet-out along a pin (no flow counted it). */
  countPacketOut(dpid: bigint, service: string, target: string, bytes: number): void {
    const level = this.byIngress.get(dpid);
    if (level !== undefined && accountingOf(level).enabled) this.ledgerOf(level).sentByController(service, target, bytes);
  }

  /** GET /v1/services/{id}/usage: the first level that has the service (or had usage for it). */
  serviceUsage(serviceId: string): ServiceUsage | undefined {
    for (const level of this.levels) {
      this.declarePairs(level);
      const rows = this.ledgerOf(level).ofService(serviceId);
      if (rows.length === 0 && level.catalog.service(serviceId) === undefined) continue;
      const acc = accountingOf(level);
      return serviceUsageOf(serviceId, level.id, rows, { enabled: acc.enabled, pollIntervalMs: acc.pollIntervalMs, lastPollAt: this.ledgerOf(level).lastPollAt });
    }
    return undefined;
  }

  /** Every pair's totals of every level, for the Prometheus counters (every configured pair from 0). */
  usageRows(): Array<{ level: string; rows: ReturnType<UsageLedger['all']> }> {
    return this.levels.map((level) => {
      this.declarePairs(level);
      return { level: level.id, rows: this.ledgerOf(level).all() };
    });
  }

  private declarePairs(level: SlrLevel): void {
    const ledger = this.ledgerOf(level);
    for (const s of level.catalog.services()) for (const target of s.targetIds) ledger.declare(s.id, target);
  }

  onSwitchUp(ev: SwitchUpEvent): Changes {
    const level = this.byIngress.get(ev.dpid);
    if (level !== undefined) this.ledgerOf(level).switchReconnected(ev.dpid);
    return undefined;
  }

  /** Calls fn for every pin flow a switch lost while its pin lives (the flow is already being put back). */
  onLostPinFlow(fn: LostPinFlowListener): void {
    this.lostListeners.push(fn);
  }

  /** The level whose pins live on this switch. */
  levelAt(dpid: bigint): SlrLevel | undefined {
    return this.byIngress.get(dpid);
  }

  /** The actions that send a packet along a path (the first packet's packet-out uses them too). */
  actionsFor(path: Path): ReturnType<typeof pathActions> {
    return pathActions(path);
  }

  private flowFor(level: SlrLevel, t: FiveTuple, path: Path, target?: string): FlowSpec {
    return pinFlow(t, pathActions(path), pinIdleTimeoutOf(level, t.proto), this.pinCookie(level, t, target));
  }

  /** The change that installs a pin's flow on its ingress switch. */
  pinChange(level: SlrLevel, t: FiveTuple, path: Path): Change {
    return addFlow(this.flowFor(level, t, path));
  }

  /**
   * Installs a pin's flow now, from outside a handler of this app (service routing's
   * packet-in, a shortcut). The FLOW_MOD is queued ahead of whatever the caller sends
   * next on that switch. False when the switch is not connected or is overloaded.
   */
  install(dpid: bigint, t: FiveTuple, path: Path): boolean {
    const level = this.byIngress.get(dpid);
    if (level === undefined || this.ctx === null) return false;
    return this.ctx.apply(dpid, [this.pinChange(level, t, path)]);
  }

  /**
   * The shortcut: moves a pinned connection onto a longer path to the same target (the
   * label stack straight to the final server) and re-installs its flow. ADD with the same
   * match and priority replaces the flow's actions (OpenFlow 1.3.5 section 6.4).
   */
  repin(dpid: bigint, t: FiveTuple, path: Path): boolean {
    const level = this.byIngress.get(dpid);
    if (level === undefined || !level.pins.repath(t, path)) return false;
    return this.install(dpid, t, path);
  }

  /** The tunnel flows one level wants on one switch (exits, label routes, label exits). */
  private tunnelFlows(level: SlrLevel, dpid: bigint): FlowSpec[] {
    const out: FlowSpec[] = [];
    if (level.ingress.has(dpid) && level.ownLabel !== undefined) out.push(...tunnelExitFlows(level.ownLabel));
    for (const r of level.labelRoutes(dpid)) out.push(labelRouteFlow(r));
    for (const e of level.labelExits(dpid)) out.push(labelExitFlow(e));
    if (level.ingress.has(dpid) && accountingOf(level).enabled) out.push(...this.replyCountFlows(level));
    return out;
  }

  /** Accounting of replies: per service and server (a server target with a MAC), its counting flows. */
  private replyCountFlows(level: SlrLevel): FlowSpec[] {
    const out: FlowSpec[] = [];
    for (const s of level.catalog.services()) {
      for (const id of s.targetIds) {
        const t = level.catalog.target(id);
        const mac = t?.attachment?.mac;
        if (t?.kind !== 'server' || mac === undefined) continue;
        out.push(...replyCountFlows(s, mac, cookieWithTag(REPLY_COUNT_COOKIE, this.tags.tag(s.id, id))));
      }
    }
    return out;
  }

  private shapeOf(level: SlrLevel, dpid: bigint): string {
    return JSON.stringify(this.tunnelFlows(level, dpid), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }

  /**
   * Forgets a pin and removes its flow (the lower level handed the connection back), so
   * the connection's next first packet reaches the controller and is decided afresh.
   */
  unpin(dpid: bigint, t: FiveTuple): boolean {
    const level = this.byIngress.get(dpid);
    if (level === undefined) return false;
    const cookie = this.pinCookie(level, t, undefined);
    if (level.pins.release(t) === undefined) return false;
    this.ctx?.apply(dpid, [deleteFlow({ tableId: TABLE.pins, priority: PRIORITY.pins.pin, match: pinMatch(t), cookie })]);
    return true;
  }

  /** The flows without timeouts this app wants on a switch (tunnels and labels): what a periodic audit counts. */
  *staticFlows(dpid: bigint): Iterable<FlowSpec> {
    for (const level of this.levels) {
      if (level.ingress.has(dpid) || level.transit.has(dpid)) yield* this.tunnelFlows(level, dpid);
    }
  }

  *desiredFlows(dpid: bigint): Iterable<FlowSpec> {
    for (const level of this.levels) {
      const ingress = level.ingress.has(dpid);
      if (!ingress && !level.transit.has(dpid)) continue;
      const tunnels = this.tunnelFlows(level, dpid);
      this.tunnelShape.set(`${level.id}|${dpid}`, this.shapeOf(level, dpid));
      yield* tunnels;
      if (!ingress) continue;
      // Pins are the truth: a switch that lost its flows gets them back on the path they
      // had, never re-decided. Yielded lazily: with a million pins, building them all
      // first would double the peak. A dormant pin has no flow until its next packet.
      for (const pin of level.pins.pinsOn(dpid)) {
        if ((pin.flags & PIN_DORMANT) !== 0) continue;
        const path = pin.path ?? level.pathTo(pin.target, dpid);
        if (path !== undefined) yield this.flowFor(level, pin.record, path, pin.target);
      }
    }
  }

  /**
   * A pin flow left its switch. Deleted (by hand, a table reset, eviction) while the pin
   * lives: the same flow goes straight back, and listeners (recovery) check the rest of
   * the switch. Idled out: the pin lives on, dormant, when pins outlive their flows (the
   * next packet re-installs the same flow), else, or once a FIN/RST was seen, it ends.
   */
  onFlowRemoved(ev: FlowRemovedEvent): Changes {
    if (kindOfCookie(ev.cookie) !== PIN_COOKIE) return undefined;
    const level = this.byIngress.get(ev.dpid);
    // Its final counters: a connection whose flow ended still counts.
    const pair = this.tags.pairOf(tagOfCookie(ev.cookie));
    if (level !== undefined && pair !== undefined) {
      this.ledgerOf(level).flowEnded(pair.service, pair.target, ev.dpid, Number(ev.byteCount), Number(ev.packetCount));
    }
    const t = fiveTupleOfMatch(ev.match);
    if (level === undefined || t === undefined) return undefined;
    const pin = level.pins.get(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (pin === undefined || pin.dpid !== ev.dpid) return undefined;
    const verdict = flowRemovedVerdict(ev.reason, (pin.flags & PIN_CLOSING) !== 0, this.life, t.proto === 17);
    if (verdict === 'release') {
      if (level.pins.release(t) !== undefined) level.counters.pinsReleased++;
      return undefined;
    }
    if (verdict === 'dormant') {
      // Touched after the flow's last packet: a packet-in already put a new flow back.
      const lastSeen = lastSeenAt(level.clock.now(), ev.idleTimeout);
      if (pin.record.touchedAt > lastSeen) return undefined;
      level.pins.markDormant(t, lastSeen);
      level.counters.pinsDormant++;
      return undefined;
    }
    if ((pin.flags & PIN_DORMANT) !== 0) return undefined;
    const path = pin.path ?? level.pathTo(pin.target, ev.dpid);
    if (path === undefined) return undefined;
    level.counters.pinFlowsReinstalled++;
    for (const l of this.lostListeners) l({ dpid: ev.dpid, tuple: t, reason: ev.reason });
    return [this.pinChange(level, t, path)];
  }

  /** Tunnel and label flows follow the catalog: one reconciliation per switch per burst of edits. */
  private queueReconcile(level: SlrLevel): void {
    if (this.reconcileQueued.has(level) || this.ctx === null) return;
    this.reconcileQueued.add(level);
    setImmediate(() => {
      this.reconcileQueued.delete(level);
      const ctx = this.ctx;
      if (ctx === null) return;
      for (const dpid of level.switches()) {
        if (this.tunnelShape.get(`${level.id}|${dpid}`) === this.shapeOf(level, dpid)) continue;
        if (ctx.datapaths.get(dpid)?.up) {
          ctx.reconcile(dpid).catch((err: unknown) => level.log.warn({ err }, 'flow pinning: reconcile after catalog change failed'));
        }
      }
    });
  }
}

/** A level's accounting settings (defaults when the config was built without them). */
function accountingOf(level: SlrLevel): { enabled: boolean; pollIntervalMs: number } {
  return { enabled: level.config.accounting?.enabled ?? true, pollIntervalMs: level.config.accounting?.pollIntervalMs ?? 5000 };
}
