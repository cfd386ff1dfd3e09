// The server agent's life cycle:
//   start: make the virtual subnets local, then register with the site SLR and report
//          load every interval (peering/registrant.ts: the same loop an SLR level runs
//          with the level above);
//   stop:  stop the loop, say Goodbye, then keep the VIP routes while the connections
//          the SLR pinned here finish (drain), and remove them.
// Timers come from an injected clock; the SLR from an injected RegistrationApi.
import type { TimerClock } from '../controller/clock';
import type { Log } from '../peering/log';
import type { RegistrationApi } from '../peering/registration-client';
import { errorText, Registrant, type RegistrantState } from '../peering/registrant';
import type { SubnetLoadMsg } from '../peering/wire-types';
import type { AgentConfig } from './config';
import { HealthChecker, type Probe } from './health-check';
import { FlowAdvertiser, type IcmpSender } from './flow-advertiser';
import { parseCidr, parseIpv4Address } from '../controller/net';

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
  slr: RegistrationApi;
  routes: RouteControl;
  meter: LoadSource;
  clock: TimerClock;
  log: Log;
  random?: () => number;
  version?: string;
  /** The health check's probe (agent/tcp-probe.ts in the process); required when healthCheck is enabled. */
  probe?: Probe;
  /** Flow recovery: the raw ICMP sender and the file reader (required when flowRecovery is enabled). */
  icmpSender?: IcmpSender;
  readFile?: (file: string) => Promise<string>;
}

export type AgentState = RegistrantState;

export class ServerAgent {
  private readonly registrant: Registrant;
  private readonly health: HealthChecker | null;
  private readonly advertiser: FlowAdvertiser | null;
  private routesInstalled = false;
  private started = false;

  constructor(private readonly deps: ServerAgentDeps) {
    const { config } = deps;
    this.registrant = new Registrant({
      api: deps.slr,
      id: config.serverId,
      hello: () => ({
        id: config.serverId,
        certificatePem: deps.certificatePem,
        kind: 'server',
        attachment: { ip: config.dataPlane.ip, mac: config.dataPlane.mac.toLowerCase(), mplsLabel: 0 },
        subnets: config.subnets.map((s) => ({ subnet: s.subnet, ports: s.ports })),
        version: deps.version ?? 'slr-agent',
      }),
      // Loads with the health check's verdict: a subnet whose service does not answer
      // is still offered (its pins stay) but marked unhealthy.
      sample: async () => {
        const loads = await deps.meter.sample();
        return this.health === null ? loads : loads.map((l) => (this.health!.unhealthy(l.subnet) ? { ...l, unhealthy: true } : l));
      },
      clock: deps.clock,
      log: deps.log,
      backoff: { initialMs: config.registration.initialBackoffMs, maxMs: config.registration.maxBackoffMs },
      reportIntervalMs: config.reportIntervalMs,
      random: deps.random,
      sendRtt: false,
    });
    const check = config.healthCheck;
    if (check?.enabled) {
      if (deps.probe === undefined) throw new Error('healthCheck is enabled but the agent has no probe');
      this.health = new HealthChecker({ config: check, subnets: config.subnets, probe: deps.probe, clock: deps.clock, log: deps.log, onChange: () => this.registrant.reportSoon() });
    } else {
      this.health = null;
    }
    const recovery = config.flowRecovery;
    if (recovery?.enabled) {
      if (deps.icmpSender === undefined || deps.readFile === undefined) throw new Error('flowRecovery is enabled but the agent has no ICMP sender or file reader');
      this.advertiser = new FlowAdvertiser({
        config: recovery,
        subnets: config.subnets.map((s) => ({ subnet: parseCidr(s.subnet)!, ports: s.ports })),
        serverId: config.serverId,
        serverIp: parseIpv4Address(config.dataPlane.ip) ?? 0,
        key: () => this.registrant.advertisementKey(),
        read: deps.readFile,
        procRoot: config.procRoot,
        send: deps.icmpSender,
        clock: deps.clock,
        log: deps.log,
      });
    } else {
      this.advertiser = null;
    }
  }

  /** Flow advertisements sent and socket-table walks (null: flow recovery off). */
  flowRecoveryCounters(): FlowAdvertiser['counters'] | null {
    return this.advertiser?.counters ?? null;
  }

  state(): AgentState {
    return this.registrant.state();
  }

  async start(): Promise<void> {
    if (this.started) throw new Error(`agent already ${this.state()}`);
    this.started = true;
    const { config, log } = this.deps;
    await this.deps.routes.install();
    this.routesInstalled = true;
    await this.deps.meter.prime();
    log.info({ slr: config.slr.address, subnets: config.subnets, healthCheck: config.healthCheck?.enabled === true }, 'agent started; registering with SLR');
    this.health?.start();
    this.advertiser?.start();
    this.registrant.start();
  }

  async stop(reason = 'shutdown'): Promise<void> {
    const s = this.registrant.state();
    if (s === 'stopping' || s === 'stopped') return;
    this.health?.stop();
    this.advertiser?.stop();
    await this.registrant.stop(reason);
    if (this.routesInstalled) {
      await this.drainConnections();
      await this.deps.routes.remove();
    }
    this.routesInstalled = false;
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
        log.warn({ err: errorText(err) }, 'cannot count connections; removing routes now');
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
}
