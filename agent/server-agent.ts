// The server agent's life cycle:
//   start: make the virtual subnets local, then register (Hello) with backoff until the
//          SLR answers, then report every interval;
//   a Report refused with FAILED_PRECONDITION (the SLR expired us or restarted) sends
//          the agent back to registering; other report failures are logged and the
//          loop goes on (the SLR expires us if they last);
//   stop:  stop the loop, say Goodbye (bounded by the call deadline), remove routes.
// Timers come from an injected clock; the SLR from an injected SlrApi.
import { status } from '@grpc/grpc-js';
import { Clock } from '../peering/clock';
import { Log } from '../peering/log';
import { SubnetLoadMsg } from '../peering/wire-types';
import { backoffDelay } from './backoff';
import { AgentConfig } from './config';
import { SlrApi } from './slr-client';

/** How often a draining agent counts the connections it still holds. */
const DRAIN_POLL_MS = 250;

export interface LoadSource {
  prime(): Promise<void>;
  sample(): Promise<SubnetLoadMsg[]>;
}

export interface RouteControl {
  install(): Promise<void>;
  remove(): Promise<void>;
}

export interface ServerAgentDeps {
  config: AgentConfig;
  certificatePem: string;
  slr: SlrApi;
  routes: RouteControl;
  meter: LoadSource;
  clock: Clock;
  log: Log;
  random?: () => number;
  version?: string;
}

export type AgentState = 'idle' | 'registering' | 'registered' | 'stopping' | 'stopped';

function grpcCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number' ? err.code : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ServerAgent {
  private currentState: AgentState = 'idle';
  private sessionId = '';
  private seq = 0;
  private intervalMs = 0;
  private attempt = 0;
  private timer: unknown;
  private routesInstalled = false;
  /** The call in flight, so stop() can wait for it instead of racing it. */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ServerAgentDeps) {}

  state(): AgentState {
    return this.currentState;
  }

  async start(): Promise<void> {
    if (this.currentState !== 'idle') throw new Error(`agent already ${this.currentState}`);
    const { config, log } = this.deps;
    await this.deps.routes.install();
    this.routesInstalled = true;
    await this.deps.meter.prime();
    log.info({ slr: config.slr.address, subnets: config.subnets }, 'agent started; registering with SLR');
    this.currentState = 'registering';
    this.schedule(0, () => this.register());
  }

  async stop(reason = 'shutdown'): Promise<void> {
    if (this.currentState === 'stopping' || this.currentState === 'stopped') return;
    const wasRegistered = this.currentState === 'registered';
    this.currentState = 'stopping';
    this.deps.clock.clearTimeout(this.timer);
    await this.inFlight;
    if (wasRegistered || this.sessionId) {
      try {
        await this.deps.slr.goodbye({ serverId: this.deps.config.serverId, sessionId: this.sessionId, reason });
        this.deps.log.info({ reason }, 'deregistered from SLR');
      } catch (err) {
        this.deps.log.warn({ err: message(err) }, 'goodbye failed; the SLR will expire this server');
      }
    }
    this.deps.slr.close();
    if (this.routesInstalled) {
      await this.drainConnections();
      await this.deps.routes.remove();
    }
    this.routesInstalled = false;
    this.currentState = 'stopped';
  }

  /**
   * After goodbye the SLR sends no new connections, but its pins keep the existing ones
   * coming here: the VIP routes stay until those connections end (or the drain time is
   * up), so a drained server finishes its transfers instead of cutting them.
   */
  private async drainConnections(): Promise<void> {
    const { config, clock, log, meter } = this.deps;
    const limitMs = config.routes.drainTimeoutMs;
    if (limitMs <= 0) return;
    const deadline = clock.now() + limitMs;
    for (let first = true; ; first = false) {
      let open = 0;
      try {
        open = (await meter.sample()).reduce((n, l) => n + l.connections, 0);
      } catch (err) {
        log.warn({ err: message(err) }, 'cannot count connections; removing routes now');
        return;
      }
      if (open === 0) return;
      if (clock.now() >= deadline) {
        log.warn({ open, drainTimeoutMs: limitMs }, 'drain time is up; removing routes with connections still open');
        return;
      }
      if (first) log.info({ open, drainTimeoutMs: limitMs }, 'draining: keeping the VIP routes until open connections end');
      await new Promise<void>((resolve) => clock.setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  private schedule(ms: number, step: () => Promise<void>): void {
    this.timer = this.deps.clock.setTimeout(() => {
      if (this.currentState === 'stopping' || this.currentState === 'stopped') return;
      this.inFlight = step().catch((err) => this.deps.log.error({ err: message(err) }, 'agent step failed'));
    }, ms);
  }

  private async register(): Promise<void> {
    const { config, log } = this.deps;
    try {
      const reply = await this.deps.slr.hello({
        serverId: config.serverId,
        certificatePem: this.deps.certificatePem,
        ip: config.dataPlane.ip,
        mac: config.dataPlane.mac.toLowerCase(),
        subnets: config.subnets.map((s) => ({ subnet: s.subnet, ports: s.ports })),
        agentVersion: this.deps.version ?? 'slr-agent',
      });
      if (this.currentState !== 'registering') return;
      this.sessionId = reply.sessionId;
      this.seq = 0;
      this.attempt = 0;
      this.intervalMs = this.chooseInterval(reply.reportIntervalMs);
      this.currentState = 'registered';
      log.info(
        { sessionId: reply.sessionId, reportIntervalMs: this.intervalMs, expiryMs: reply.expiryMs },
        'registered with SLR',
      );
      this.schedule(0, () => this.report());
    } catch (err) {
      if (this.currentState !== 'registering') return;
      const delay = backoffDelay(this.attempt++, {
        initialMs: config.registration.initialBackoffMs,
        maxMs: config.registration.maxBackoffMs,
        random: this.deps.random,
      });
      // Refusals are configuration problems an operator must see; unreachable is expected at boot.
      const refused = grpcCode(err) === status.PERMISSION_DENIED || grpcCode(err) === status.INVALID_ARGUMENT;
      (refused ? log.error : log.warn).call(log, { err: message(err), retryInMs: delay, attempt: this.attempt }, 'registration failed');
      this.schedule(delay, () => this.register());
    }
  }

  private chooseInterval(slrIntervalMs: number): number {
    const mine = this.deps.config.reportIntervalMs;
    if (!slrIntervalMs) return mine ?? 1000;
    return mine === undefined ? slrIntervalMs : Math.min(mine, slrIntervalMs);
  }

  private async report(): Promise<void> {
    const { config, log } = this.deps;
    try {
      const loads = await this.deps.meter.sample();
      const reply = await this.deps.slr.report({
        serverId: config.serverId,
        sessionId: this.sessionId,
        seq: ++this.seq,
        measuredAtMs: this.deps.clock.now(),
        loads,
      });
      if (reply.reportIntervalMs) this.intervalMs = this.chooseInterval(reply.reportIntervalMs);
      log.debug({ seq: this.seq, loads }, 'load reported');
    } catch (err) {
      if (this.currentState !== 'registered') return;
      if (grpcCode(err) === status.FAILED_PRECONDITION) {
        log.warn({ err: message(err) }, 'SLR no longer knows this server; registering again');
        this.sessionId = '';
        this.currentState = 'registering';
        this.schedule(0, () => this.register());
        return;
      }
      log.warn({ err: message(err), seq: this.seq }, 'report failed');
    }
    if (this.currentState === 'registered') this.schedule(this.intervalMs, () => this.report());
  }
}
