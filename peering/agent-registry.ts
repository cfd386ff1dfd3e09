// Live agents at a site SLR: who is registered (with which session), when each last
// reported, and expiry after missedReportsToExpire report intervals of silence.
// Pure state + timers from an injected clock; the gRPC layer is in agent-service.ts.
import { randomBytes } from 'node:crypto';
import { AgentEventSink, RegisteredAgent, SubnetLoadEvent } from './agent-events';
import { canonicalCidr } from './cidr';
import { Clock, TimerHandle } from './clock';
import { Log } from './log';
import { PeeringCounters, refusal, Refusal } from './refusals';
import { mayServe, ServerDirectory } from './server-directory';
import { SubnetLoadMsg } from './wire-types';

export interface RegistryOptions {
  clock: Clock;
  sink: AgentEventSink;
  log: Log;
  directory: ServerDirectory;
  counters: PeeringCounters;
  reportIntervalMs: number;
  missedReportsToExpire: number;
  newSessionId?: () => string;
}

interface LiveAgent {
  agent: RegisteredAgent;
  sessionId: string;
  registeredAt: number;
  lastReportAt: number | undefined;
  expiryTimer: TimerHandle;
}

export interface LiveAgentView {
  agent: RegisteredAgent;
  registeredAt: number;
  lastReportAt: number | undefined;
}

export class AgentRegistry {
  private readonly agents = new Map<string, LiveAgent>();
  private readonly newSessionId: () => string;

  constructor(private readonly opts: RegistryOptions) {
    this.newSessionId = opts.newSessionId ?? (() => randomBytes(12).toString('hex'));
  }

  /**
   * Silence allowed before expiry: N intervals, plus half an interval of grace so a
   * report that is merely a little late (timer jitter, GC) does not expire a server.
   */
  expiryMs(): number {
    return this.opts.reportIntervalMs * this.opts.missedReportsToExpire + Math.floor(this.opts.reportIntervalMs / 2);
  }

  /** Registers (or re-registers, replacing the old session) an already checked agent. */
  register(agent: RegisteredAgent): string {
    const previous = this.agents.get(agent.serverId);
    if (previous) this.opts.clock.clearTimeout(previous.expiryTimer);
    const sessionId = this.newSessionId();
    const now = this.opts.clock.now();
    this.agents.set(agent.serverId, {
      agent,
      sessionId,
      registeredAt: now,
      lastReportAt: undefined,
      expiryTimer: this.armExpiry(agent.serverId, sessionId),
    });
    this.opts.counters.registrations++;
    this.opts.log.info(
      { serverId: agent.serverId, ip: agent.ip, mac: agent.mac, subnets: agent.subnets, reregistration: !!previous },
      'agent registered',
    );
    this.emit(() => this.opts.sink.registered(agent));
    return sessionId;
  }

  /** Accepts a report as a whole or refuses it as a whole: a refusal changes nothing. */
  report(serverId: string, sessionId: string, loads: SubnetLoadMsg[]): Refusal | undefined {
    const live = this.liveSession(serverId, sessionId);
    if (!live) return refusal('not-registered', `server '${serverId}' has no live session ${sessionId || '(none)'}`);
    const allowed = this.opts.directory.lookup(serverId);
    const events: SubnetLoadEvent[] = [];
    for (const l of loads) {
      const subnet = canonicalCidr(l.subnet);
      if (!subnet) return refusal('malformed', `'${l.subnet}' is not a CIDR subnet`);
      if (!allowed || !mayServe(allowed, subnet)) {
        return refusal('unconfigured-subnet', `server '${serverId}' is not configured to serve ${subnet}`);
      }
      if (!live.agent.subnets.includes(subnet)) {
        return refusal('unannounced-subnet', `server '${serverId}' did not announce ${subnet} in its Hello`);
      }
      const bad = !Number.isFinite(l.load) || l.load < 0 || !Number.isFinite(l.cpu) || l.cpu < 0 || l.cpu > 1;
      if (bad) return refusal('malformed', `subnet ${subnet}: load ${l.load} / cpu ${l.cpu} out of range`);
      events.push({ subnet, load: l.load, connections: l.connections, cpu: l.cpu });
    }
    const now = this.opts.clock.now();
    this.opts.clock.clearTimeout(live.expiryTimer);
    live.expiryTimer = this.armExpiry(serverId, sessionId);
    live.lastReportAt = now;
    this.opts.counters.reports++;
    this.emit(() => this.opts.sink.report(serverId, now, events));
    return undefined;
  }

  goodbye(serverId: string, sessionId: string, reason: string): Refusal | undefined {
    const live = this.liveSession(serverId, sessionId);
    if (!live) return refusal('not-registered', `server '${serverId}' has no live session ${sessionId || '(none)'}`);
    this.opts.clock.clearTimeout(live.expiryTimer);
    this.agents.delete(serverId);
    this.opts.counters.deregistrations++;
    this.opts.log.info({ serverId, reason }, 'agent deregistered');
    this.emit(() => this.opts.sink.deregistered(serverId));
    return undefined;
  }

  get(serverId: string): LiveAgentView | undefined {
    const a = this.agents.get(serverId);
    return a && { agent: a.agent, registeredAt: a.registeredAt, lastReportAt: a.lastReportAt };
  }

  liveServerIds(): string[] {
    return [...this.agents.keys()];
  }

  /** Stops all expiry timers (on shutdown); emits nothing. */
  close(): void {
    for (const a of this.agents.values()) this.opts.clock.clearTimeout(a.expiryTimer);
    this.agents.clear();
  }

  private liveSession(serverId: string, sessionId: string): LiveAgent | undefined {
    const live = this.agents.get(serverId);
    return live && live.sessionId === sessionId ? live : undefined;
  }

  private armExpiry(serverId: string, sessionId: string): TimerHandle {
    return this.opts.clock.setTimeout(() => this.expire(serverId, sessionId), this.expiryMs());
  }

  private expire(serverId: string, sessionId: string): void {
    const live = this.liveSession(serverId, sessionId);
    if (!live) return;
    this.agents.delete(serverId);
    this.opts.counters.expiries++;
    this.opts.log.warn(
      { serverId, lastReportAt: live.lastReportAt, missedReports: this.opts.missedReportsToExpire },
      'agent expired: no report within the allowed intervals',
    );
    this.emit(() => this.opts.sink.expired(serverId));
  }

  private emit(deliver: () => void): void {
    try {
      deliver();
    } catch (err) {
      this.opts.log.error({ err }, 'agent event sink threw; event dropped');
    }
  }
}
