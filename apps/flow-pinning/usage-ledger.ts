// Accounting per service and target (issue 12 item 2), as a pure ledger fed with what
// the switches report: the aggregate counters of the pin flows of each (service, target)
// pair, taken at every poll; the final counters each pin flow carries in its
// FLOW_REMOVED, so a connection whose flow ended is never lost; and the counters of the
// per-pair flows that see the servers' replies (source = the VIP) at the site edge.
//
//   to the service (client -> VIP):   ended pin flows + live pin flows (last poll)
//                                     + the VIP packet-in rules (first packets), split by
//                                       the controller's own count per target
//   from the service (VIP -> client): the reply-counting flows (persistent)
//   connections:                      ended pin flows + live pin flows
//
// Every total only grows (they are exported as Prometheus counters): a switch that lost
// its flows without a FLOW_REMOVED (a restart) or replaced a reply-counting flow is
// carried over, and a transient overlap (a flow counted both in a poll and in its
// FLOW_REMOVED when the two cross on the wire) is absorbed by holding the highest total
// shown so far. No timers or clocks: the app feeds it; the caller passes times.

export interface UsageCounts {
  bytes: number;
  packets: number;
}

export interface PairUsage {
  readonly service: string;
  readonly target: string;
  /** Client -> VIP, as the pin flows counted it (Ethernet frame bytes). */
  readonly toService: UsageCounts;
  /** VIP -> client, as the reply-counting flows at the site edge counted it. */
  readonly fromService: UsageCounts;
  /** Pin flows ever seen: ended plus live. */
  readonly connections: number;
  /** Pin flows live at the last poll. */
  readonly activeConnections: number;
}

interface Live {
  bytes: number;
  packets: number;
  flows: number;
  /** The switch's connection epoch this figure was polled in. */
  epoch: number;
}

interface PairState {
  readonly service: string;
  readonly target: string;
  /** Per switch: the live pin flows at its last poll, less what has ended since. */
  readonly live: Map<bigint, Live>;
  ended: UsageCounts & { flows: number };
  /** Per switch: the reply-counting flow's last counters. */
  readonly reverse: Map<bigint, UsageCounts>;
  /** Reverse counts of flows that were replaced or lost (their counters restarted at 0). */
  reverseCarry: UsageCounts;
  /** Live counts that vanished without a FLOW_REMOVED. */
  lostCarry: UsageCounts & { flows: number };
  /** Packets the controller sent on along this pair (first packets, repeats before the flow). */
  controllerSent: UsageCounts;
  /** The highest totals shown so far (monotonic output). */
  shown: { toBytes: number; toPackets: number; fromBytes: number; fromPackets: number; connections: number };
}

const pairKey = (service: string, target: string): string => `${service}\u0000${target}`;

export class UsageLedger {
  private readonly pairs = new Map<string, PairState>();
  /** Per service: its VIP packet-in rules' counters per switch, and what re-installed rules had counted. */
  private readonly vipRules = new Map<string, { bySwitch: Map<bigint, UsageCounts>; carry: UsageCounts }>();
  /** Per switch: bumped when it reconnects (it may have lost its flows, and their FLOW_REMOVEDs). */
  private readonly epochs = new Map<bigint, number>();
  /** Time (ms) of the last completed poll, for the API. */
  lastPollAt: number | null = null;

  private pair(service: string, target: string): PairState {
    const k = pairKey(service, target);
    let p = this.pairs.get(k);
    if (p === undefined) {
      p = {
        service, target, live: new Map(), reverse: new Map(),
        ended: { bytes: 0, packets: 0, flows: 0 },
        reverseCarry: { bytes: 0, packets: 0 },
        lostCarry: { bytes: 0, packets: 0, flows: 0 },
        controllerSent: { bytes: 0, packets: 0 },
        shown: { toBytes: 0, toPackets: 0, fromBytes: 0, fromPackets: 0, connections: 0 },
      };
      this.pairs.set(k, p);
    }
    return p;
  }

  /** Makes the pair known (its series start at 0). */
  declare(service: string, target: string): void {
    this.pair(service, target);
  }

  /** A pin flow ended (FLOW_REMOVED) with these final counters. */
  flowEnded(service: string, target: string, dpid: bigint, bytes: number, packets: number): void {
    const p = this.pair(service, target);
    p.ended.bytes += bytes;
    p.ended.packets += packets;
    p.ended.flows += 1;
    // The last poll most likely counted part of this flow: take that part out of the live figure.
    const live = p.live.get(dpid);
    if (live !== undefined) {
      live.bytes -= Math.min(live.bytes, bytes);
      live.packets -= Math.min(live.packets, packets);
      live.flows = Math.max(0, live.flows - 1);
    }
  }

  /**
   * A packet the controller sent on itself (the first packet of a connection, or a repeat
   * that beat its flow): no pin flow counts it, so it is counted here.
   */
  sentByController(service: string, target: string, bytes: number): void {
    const p = this.pair(service, target);
    p.controllerSent.bytes += bytes;
    p.controllerSent.packets += 1;
  }

  /**
   * The service's VIP packet-in rules on one switch, from a poll: what the switch counted
   * for the packets it sent to the controller. Open vSwitch credits each packet once: a
   * first packet that missed its datapath cache to the VIP rule, but a packet that hit a
   * datapath flow cached for another connection's first packet to whatever that flow
   * translates to when it is revalidated (by then, often that other connection's pin).
   * So the service's total is the pins plus the VIP rules; the controller's own count of
   * the packets it sent on only splits the VIP rules' share among the targets.
   */
  vipRulePolled(service: string, dpid: bigint, bytes: number, packets: number): void {
    let s = this.vipRules.get(service);
    if (s === undefined) this.vipRules.set(service, (s = { bySwitch: new Map(), carry: { bytes: 0, packets: 0 } }));
    const prev = s.bySwitch.get(dpid);
    if (prev !== undefined && bytes < prev.bytes) {
      s.carry.bytes += prev.bytes;
      s.carry.packets += prev.packets;
    }
    s.bySwitch.set(dpid, { bytes, packets });
  }

  /** The share of the service's VIP-rule counts that falls to one pair (by the controller's counts). */
  private vipShare(p: PairState, sent: ReadonlyMap<string, UsageCounts>): UsageCounts {
    const s = this.vipRules.get(p.service);
    if (s === undefined) return { bytes: 0, packets: 0 };
    let vb = s.carry.bytes;
    let vp = s.carry.packets;
    for (const c of s.bySwitch.values()) {
      vb += c.bytes;
      vp += c.packets;
    }
    const cb = sent.get(p.service)?.bytes ?? 0;
    const cp = sent.get(p.service)?.packets ?? 0;
    return {
      bytes: cb === 0 ? 0 : Math.round((vb * p.controllerSent.bytes) / cb),
      packets: cp === 0 ? 0 : Math.round((vp * p.controllerSent.packets) / cp),
    };
  }

  /** The aggregate of a pair's live pin flows on one switch, from a poll. */
  forwardPolled(service: string, target: string, dpid: bigint, bytes: number, packets: number, flows: number): void {
    const p = this.pair(service, target);
    const prev = p.live.get(dpid);
    const epoch = this.epochs.get(dpid) ?? 0;
    // Across a reconnect, fewer bytes than before mean flows went without a FLOW_REMOVED
    // (the switch restarted): what they had counted stays counted. Within one connection
    // a drop is only a poll and a FLOW_REMOVED crossing on the wire, and the ended flow's
    // counters are already in.
    // The flows it holds now were re-installed from the pins with counters from 0, so all
    // that was counted before is carried; connections re-installed count once.
    if (prev !== undefined && prev.epoch !== epoch && bytes < prev.bytes) {
      p.lostCarry.bytes += prev.bytes;
      p.lostCarry.packets += prev.packets;
      p.lostCarry.flows += Math.max(0, prev.flows - flows);
    }
    p.live.set(dpid, { bytes, packets, flows, epoch });
  }

  /** A switch (re)connected: its next poll may find flows gone that never sent FLOW_REMOVED. */
  switchReconnected(dpid: bigint): void {
    this.epochs.set(dpid, (this.epochs.get(dpid) ?? 0) + 1);
  }

  /** A pair's reply-counting flow on one switch, from a poll. */
  reversePolled(service: string, target: string, dpid: bigint, bytes: number, packets: number): void {
    const p = this.pair(service, target);
    const prev = p.reverse.get(dpid);
    if (prev !== undefined && bytes < prev.bytes) {
      // The flow was re-installed (reconnect, catalog edit): its counters began again.
      p.reverseCarry.bytes += prev.bytes;
      p.reverseCarry.packets += prev.packets;
    }
    p.reverse.set(dpid, { bytes, packets });
  }

  /** A poll of every switch finished at this time (ms). */
  polled(atMs: number): void {
    this.lastPollAt = atMs;
  }

  /** The controller's sent counts summed per service. */
  private sentPerService(): Map<string, UsageCounts> {
    const out = new Map<string, UsageCounts>();
    for (const q of this.pairs.values()) {
      const c = out.get(q.service) ?? { bytes: 0, packets: 0 };
      c.bytes += q.controllerSent.bytes;
      c.packets += q.controllerSent.packets;
      out.set(q.service, c);
    }
    return out;
  }

  private usageOf(p: PairState, sent: ReadonlyMap<string, UsageCounts>): PairUsage {
    let liveB = 0;
    let liveP = 0;
    let liveF = 0;
    for (const l of p.live.values()) {
      liveB += l.bytes;
      liveP += l.packets;
      liveF += l.flows;
    }
    let revB = p.reverseCarry.bytes;
    let revP = p.reverseCarry.packets;
    for (const r of p.reverse.values()) {
      revB += r.bytes;
      revP += r.packets;
    }
    const vip = this.vipShare(p, sent);
    const s = p.shown;
    s.toBytes = Math.max(s.toBytes, p.ended.bytes + p.lostCarry.bytes + liveB + vip.bytes);
    s.toPackets = Math.max(s.toPackets, p.ended.packets + p.lostCarry.packets + liveP + vip.packets);
    s.fromBytes = Math.max(s.fromBytes, revB);
    s.fromPackets = Math.max(s.fromPackets, revP);
    s.connections = Math.max(s.connections, p.ended.flows + p.lostCarry.flows + liveF);
    return {
      service: p.service,
      target: p.target,
      toService: { bytes: s.toBytes, packets: s.toPackets },
      fromService: { bytes: s.fromBytes, packets: s.fromPackets },
      connections: s.connections,
      activeConnections: liveF,
    };
  }

  /** Every pair's totals (monotonic). */
  all(): PairUsage[] {
    const sent = this.sentPerService();
    return [...this.pairs.values()].map((p) => this.usageOf(p, sent));
  }

  /** One service's pairs, or none. */
  ofService(service: string): PairUsage[] {
    const sent = this.sentPerService();
    return [...this.pairs.values()].filter((p) => p.service === service).map((p) => this.usageOf(p, sent));
  }
}
