// The live registrants of one level (server agents at a site, site SLRs at a system
// SLR, ...): who is registered (with which session), when each last reported, and expiry
// after missedReportsToExpire report intervals of silence. Pure state + timers from an
// injected clock; the gRPC layer is in registration-service.ts.
import { randomBytes } from 'node:crypto';
import { canonicalCidr, type FiveTuple } from '../controller/net';
import { TimerClock, TimerHandle } from '../controller/clock';
import { mayServe, PeerDirectory } from './directory';
import { Log } from './log';
import { PeeringCounters, refusal, Refusal } from './refusals';
import { RegisteredPeer, RegistrationSink, ReleaseOutcome, ShortcutOutcome, SubnetLoadEvent } from './registration-sink';
import { SubnetLoadMsg } from './wire-types';

export interface RegistryOptions {
  clock: TimerClock;
  sink: RegistrationSink;
  log: Log;
  directory: PeerDirectory;
  counters: PeeringCounters;
  reportIntervalMs: number;
  missedReportsToExpire: number;
  newSessionId?: () => string;
}

interface LivePeer {
  peer: RegisteredPeer;
  sessionId: string;
  /** The session's flow-advertisement key (see HelloReply.advertisement_key). */
  advertisementKey: Buffer;
  registeredAt: number;
  lastReportAt: number | undefined;
  expiryTimer: TimerHandle;
}

export interface LivePeerView {
  peer: RegisteredPeer;
  registeredAt: number;
  lastReportAt: number | undefined;
}

export class Registry {
  private readonly peers = new Map<string, LivePeer>();
  private readonly newSessionId: () => string;

  constructor(private readonly opts: RegistryOptions) {
    this.newSessionId = opts.newSessionId ?? (() => randomBytes(12).toString('hex'));
  }

  /**
   * Silence allowed before expiry: N intervals, plus half an interval of grace so a
   * report that is merely a little late (timer jitter, GC) does not expire anyone.
   */
  expiryMs(): number {
    return this.opts.reportIntervalMs * this.opts.missedReportsToExpire + Math.floor(this.opts.reportIntervalMs / 2);
  }

  /** Registers (or re-registers, replacing the old session) an already checked registrant. */
  register(peer: RegisteredPeer): string {
    const previous = this.peers.get(peer.id);
    if (previous) this.opts.clock.clearTimeout(previous.expiryTimer);
    const sessionId = this.newSessionId();
    const advertisementKey = randomBytes(32);
    const now = this.opts.clock.now();
    this.peers.set(peer.id, {
      peer,
      sessionId,
      advertisementKey,
      registeredAt: now,
      lastReportAt: undefined,
      expiryTimer: this.armExpiry(peer.id, sessionId),
    });
    this.opts.counters.registrations++;
    this.opts.log.info(
      { id: peer.id, kind: peer.kind, ip: peer.ip, mac: peer.mac, label: peer.label, subnets: peer.subnets, reregistration: !!previous },
      'peer registered',
    );
    this.emit(() => this.opts.sink.registered(peer, { advertisementKey }));
    return sessionId;
  }

  /** The live session's flow-advertisement key (undefined: not registered). */
  advertisementKey(id: string): Buffer | undefined {
    return this.peers.get(id)?.advertisementKey;
  }

  /**
   * Accepts a report as a whole or refuses it as a whole: a refusal changes nothing.
   * rttMs: the registrant's measured round trip (0 or less: not known).
   */
  report(id: string, sessionId: string, loads: SubnetLoadMsg[], rttMs = 0): Refusal | undefined {
    const live = this.liveSession(id, sessionId);
    if (!live) return refusal('not-registered', `'${id}' has no live session ${sessionId || '(none)'}`);
    const kind = live.peer.kind;
    const allowed = this.opts.directory.lookup(id);
    const events: SubnetLoadEvent[] = [];
    for (const l of loads) {
      const subnet = canonicalCidr(l.subnet);
      if (!subnet) return refusal('malformed', `'${l.subnet}' is not a CIDR subnet`);
      if (!allowed || !mayServe(allowed, subnet)) {
        return refusal('unconfigured-subnet', `${kind} '${id}' is not configured to serve ${subnet}`);
      }
      if (!live.peer.subnets.includes(subnet)) {
        return refusal('unannounced-subnet', `${kind} '${id}' did not announce ${subnet} in its Hello`);
      }
      const bad = !Number.isFinite(l.load) || l.load < 0 || !Number.isFinite(l.cpu) || l.cpu < 0 || l.cpu > 1;
      if (bad) return refusal('malformed', `subnet ${subnet}: load ${l.load} / cpu ${l.cpu} out of range`);
      const serviceClass = l.serviceClass ?? '';
      if (!/^[A-Za-z0-9._-]{0,63}$/.test(serviceClass)) return refusal('malformed', `subnet ${subnet}: service class ${JSON.stringify(serviceClass.slice(0, 80))} is not a name`);
      events.push({ subnet, load: l.load, connections: l.connections, cpu: l.cpu, ...(serviceClass === '' ? {} : { serviceClass }), ...(l.unhealthy === true ? { unhealthy: true } : {}) });
    }
    const now = this.opts.clock.now();
    this.opts.clock.clearTimeout(live.expiryTimer);
    live.expiryTimer = this.armExpiry(id, sessionId);
    live.lastReportAt = now;
    this.opts.counters.reports++;
    const rtt = Number.isFinite(rttMs) && rttMs > 0 ? rttMs : undefined;
    this.emit(() => this.opts.sink.report(id, now, events, rtt));
    return undefined;
  }

  /**
   * A lower SLR's shortcut for one of its connections. The session must be live; whether
   * the connection is the registrant's to move is the level's to say (its pins).
   */
  async shortcut(id: string, sessionId: string, flow: FiveTuple, labels: number[]): Promise<Refusal | ShortcutOutcome> {
    const live = this.liveSession(id, sessionId);
    if (!live) return refusal('not-registered', `'${id}' has no live session ${sessionId || '(none)'}`);
    if (live.peer.kind === 'server') return refusal('malformed', `a server cannot move connections ('${id}')`);
    const sink = this.opts.sink.shortcut;
    if (sink === undefined) return { applied: false, detail: 'this SLR takes no shortcuts' };
    this.opts.counters.shortcuts++;
    const outcome = await sink.call(this.opts.sink, id, flow, labels);
    return outcome.refused === true ? refusal('foreign-flow', outcome.detail) : { applied: outcome.applied, detail: outcome.detail };
  }

  /** A lower SLR hands back a connection it has no target for. */
  release(id: string, sessionId: string, flow: FiveTuple, reason: string): Refusal | ReleaseOutcome {
    const live = this.liveSession(id, sessionId);
    if (!live) return refusal('not-registered', `'${id}' has no live session ${sessionId || '(none)'}`);
    if (live.peer.kind === 'server') return refusal('malformed', `a server cannot release connections ('${id}')`);
    const sink = this.opts.sink.release;
    if (sink === undefined) return { released: false, detail: 'this SLR takes no releases' };
    this.opts.counters.releases++;
    const outcome = sink.call(this.opts.sink, id, flow, reason);
    return outcome.refused === true ? refusal('foreign-flow', outcome.detail) : { released: outcome.released, detail: outcome.detail };
  }

  goodbye(id: string, sessionId: string, reason: string): Refusal | undefined {
    const live = this.liveSession(id, sessionId);
    if (!live) return refusal('not-registered', `'${id}' has no live session ${sessionId || '(none)'}`);
    this.opts.clock.clearTimeout(live.expiryTimer);
    this.peers.delete(id);
    this.opts.counters.deregistrations++;
    this.opts.log.info({ id, kind: live.peer.kind, reason }, 'peer deregistered');
    this.emit(() => this.opts.sink.deregistered(id));
    return undefined;
  }

  /** Whether a call naming this session is the registrant's current one (servers excluded when asked). */
  checkSession(id: string, sessionId: string, rpc: string): Refusal | undefined {
    const live = this.liveSession(id, sessionId);
    if (!live) return refusal('not-registered', `'${id}' has no live session ${sessionId || '(none)'}`);
    if (live.peer.kind === 'server') return refusal('malformed', `a server takes no part in ${rpc} ('${id}')`);
    return undefined;
  }

  get(id: string): LivePeerView | undefined {
    const a = this.peers.get(id);
    return a && { peer: a.peer, registeredAt: a.registeredAt, lastReportAt: a.lastReportAt };
  }

  liveIds(): string[] {
    return [...this.peers.keys()];
  }

  /** Stops all expiry timers (on shutdown); emits nothing. */
  close(): void {
    for (const a of this.peers.values()) this.opts.clock.clearTimeout(a.expiryTimer);
    this.peers.clear();
  }

  private liveSession(id: string, sessionId: string): LivePeer | undefined {
    const live = this.peers.get(id);
    return live && live.sessionId === sessionId ? live : undefined;
  }

  private armExpiry(id: string, sessionId: string): TimerHandle {
    return this.opts.clock.setTimeout(() => this.expire(id, sessionId), this.expiryMs());
  }

  private expire(id: string, sessionId: string): void {
    const live = this.liveSession(id, sessionId);
    if (!live) return;
    this.peers.delete(id);
    this.opts.counters.expiries++;
    this.opts.log.warn(
      { id, kind: live.peer.kind, lastReportAt: live.lastReportAt, missedReports: this.opts.missedReportsToExpire },
      'peer expired: no report within the allowed intervals',
    );
    this.emit(() => this.opts.sink.expired(id));
  }

  private emit(deliver: () => void): void {
    try {
      deliver();
    } catch (err) {
      this.opts.log.error({ err }, 'registration sink threw; event dropped');
    }
  }
}
