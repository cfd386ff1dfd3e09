// Active health check of this server's service, per virtual subnet: a TCP connect to the
// subnet's check address and port every interval. failuresToDown failed probes in a row
// make the subnet unhealthy; successesToUp good ones make it healthy again. The agent's
// reports carry the verdict (SubnetLoad.unhealthy), so the site SLR stops choosing this
// server for the subnet while its process is up but its service does not answer: the
// case an agent's liveness alone cannot see. A verdict change asks for a report at once.
// Timers come from an injected clock and the probe is injected, so the state machine is
// tested without sockets.
import { ipv4ToString, parsePrefix } from '../controller/net';
import type { TimerClock } from '../controller/clock';
import type { Log } from '../peering/log';

export interface HealthCheckConfig {
  enabled: boolean;
  intervalMs: number;
  timeoutMs: number;
  failuresToDown: number;
  successesToUp: number;
  /** Where to connect; absent: the subnet's first address (the VIP of a /32). */
  address?: string;
  /** Port to connect to; absent: the subnet's first service port. */
  port?: number;
}

/** One probe: resolves true when a TCP connection to host:port opened within timeoutMs. */
export type Probe = (host: string, port: number, timeoutMs: number) => Promise<boolean>;

interface SubnetCheck {
  subnet: string;
  host: string;
  port: number;
  healthy: boolean;
  failures: number;
  successes: number;
  inFlight: boolean;
}

/**
 * The address a subnet is checked at: the subnet's own address for a /32 (a VIP), else
 * its first host address; undefined for an IPv6 subnet (give healthCheck.address).
 */
export function defaultCheckAddress(subnet: string): string | undefined {
  const p = parsePrefix(subnet);
  if (typeof p === 'string') return undefined;
  return ipv4ToString(p.length === 32 ? p.base : (p.base + 1) >>> 0);
}

export class HealthChecker {
  private readonly checks: SubnetCheck[] = [];
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly deps: {
      config: HealthCheckConfig;
      subnets: ReadonlyArray<{ subnet: string; ports: readonly number[] }>;
      probe: Probe;
      clock: TimerClock;
      log: Log;
      /** A subnet's verdict changed (the agent reports at once). */
      onChange: () => void;
    },
  ) {
    const { config } = deps;
    for (const s of deps.subnets) {
      const host = config.address ?? defaultCheckAddress(s.subnet);
      if (host === undefined) throw new Error(`healthCheck: no check address for ${s.subnet}: set healthCheck.address`);
      this.checks.push({ subnet: s.subnet, host, port: config.port ?? s.ports[0]!, healthy: true, failures: 0, successes: 0, inFlight: false });
    }
  }

  /** Probes now, then every intervalMs (no-op when disabled). */
  start(): void {
    if (!this.deps.config.enabled || this.running) return;
    this.running = true;
    this.round();
  }

  stop(): void {
    this.running = false;
    this.deps.clock.clearTimeout(this.timer);
  }

  /** Whether the subnet failed its check (false for a subnet that is not checked). */
  unhealthy(subnet: string): boolean {
    return this.checks.find((c) => c.subnet === subnet)?.healthy === false;
  }

  private round(): void {
    if (!this.running) return;
    for (const c of this.checks) if (!c.inFlight) void this.probeOne(c);
    this.timer = this.deps.clock.setTimeout(() => this.round(), this.deps.config.intervalMs);
  }

  private async probeOne(c: SubnetCheck): Promise<void> {
    const { config, log } = this.deps;
    c.inFlight = true;
    let ok: boolean;
    try {
      ok = await this.deps.probe(c.host, c.port, config.timeoutMs);
    } catch {
      ok = false;
    } finally {
      c.inFlight = false;
    }
    if (!this.running) return;
    if (ok) {
      c.failures = 0;
      c.successes++;
      if (!c.healthy && c.successes >= config.successesToUp) {
        c.healthy = true;
        log.info({ subnet: c.subnet, host: c.host, port: c.port }, 'health check passes again: reporting the subnet healthy');
        this.deps.onChange();
      }
    } else {
      c.successes = 0;
      c.failures++;
      if (c.healthy && c.failures >= config.failuresToDown) {
        c.healthy = false;
        log.warn({ subnet: c.subnet, host: c.host, port: c.port, failures: c.failures }, 'health check fails: reporting the subnet unhealthy');
        this.deps.onChange();
      }
    }
  }
}
