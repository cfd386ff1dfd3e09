// Server-side recovery (patent Fig. 10, DESIGN.md section 4, recovery 4): every
// pollIntervalMs the agent looks for connections to its VIPs that stalled (the kernel
// keeps retransmitting and hears nothing back: agent/stall-scan.ts) and, for each one,
// sends the client an ICMP echo request from the VIP whose data is the connection's
// flow advertisement, signed with the key of its registration session. The client's
// echo reply goes to the VIP along the client's own path, so it reaches whichever SLR
// now receives that client's packets, and that SLR re-pins the connection to this
// server. At most one echo per connection per repeatMs. Timers, files, the clock and
// the sender are injected.
import type { TimerClock } from '../controller/clock';
import { buildFlowAdvertisement, buildIcmpEcho, ipv4ToString, type Cidr } from '../controller/net';
import type { Log } from '../peering/log';
import { stalledConnections, type StallFilter } from './stall-scan';
import { parseTcpCounter } from './tcp-snmp';

export interface FlowRecoveryConfig {
  enabled: boolean;
  pollIntervalMs: number;
  minRetransmits: number;
  repeatMs: number;
}

/** Sends one ICMP message (header and data, checksummed) from src to dst. */
export type IcmpSender = (src: string, dst: string, icmp: Buffer) => Promise<void>;

export interface FlowAdvertiserCounters {
  scans: number;
  advertised: number;
  sendErrors: number;
}

const IPPROTO_TCP = 6;

export class FlowAdvertiser {
  readonly counters: FlowAdvertiserCounters = { scans: 0, advertised: 0, sendErrors: 0 };
  private readonly filters: StallFilter[];
  private readonly lastSent = new Map<string, number>();
  private lastRetrans: number | undefined;
  private timer: unknown = null;
  private running = false;
  private busy = false;
  private seq = 0;

  constructor(
    private readonly deps: {
      config: FlowRecoveryConfig;
      subnets: ReadonlyArray<{ subnet: Cidr; ports: readonly number[] }>;
      serverId: string;
      /** The server's data-plane address (uint32). */
      serverIp: number;
      /** The live session's key (undefined: not registered, nothing is sent). */
      key: () => Buffer | undefined;
      read: (file: string) => Promise<string>;
      procRoot: string;
      send: IcmpSender;
      /** Wall clock (ms since the epoch): the SLR checks the advertisement's age. */
      clock: TimerClock;
      log: Log;
    },
  ) {
    this.filters = deps.subnets.filter((s) => s.subnet.family === 4).map((s) => ({ subnet: s.subnet, ports: new Set(s.ports) }));
  }

  start(): void {
    if (!this.deps.config.enabled || this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.deps.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = this.deps.clock.setTimeout(() => {
      void this.poll().finally(() => {
        if (this.running) this.schedule();
      });
    }, this.deps.config.pollIntervalMs);
  }

  /** One look: a walk of the socket table only when the kernel retransmitted since the last one. */
  async poll(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      const { read, procRoot } = this.deps;
      const retrans = parseTcpCounter(await read(`${procRoot}/net/snmp`), 'RetransSegs');
      const moved = retrans === undefined || this.lastRetrans === undefined || retrans !== this.lastRetrans;
      this.lastRetrans = retrans;
      if (!moved) return 0;
      const key = this.deps.key();
      if (key === undefined) return 0;
      this.counters.scans++;
      const stalled = stalledConnections(await read(`${procRoot}/net/tcp`), this.filters, this.deps.config.minRetransmits);
      const now = this.deps.clock.now();
      let sent = 0;
      for (const c of stalled) {
        const id = `${c.remoteIp}:${c.remotePort}>${c.localIp}:${c.localPort}`;
        if (now - (this.lastSent.get(id) ?? -Infinity) < this.deps.config.repeatMs) continue;
        this.lastSent.set(id, now);
        const data = buildFlowAdvertisement({
          tuple: { proto: IPPROTO_TCP, srcIp: c.remoteIp, srcPort: c.remotePort, dstIp: c.localIp, dstPort: c.localPort },
          serverIp: this.deps.serverIp, serverId: this.deps.serverId, sentAtMs: now,
        }, key);
        this.seq = (this.seq + 1) & 0xffff;
        const icmp = buildIcmpEcho({ kind: 'request', id: c.localPort, seq: this.seq, payload: data });
        const client = `${ipv4ToString(c.remoteIp)}:${c.remotePort}`;
        try {
          await this.deps.send(ipv4ToString(c.localIp), ipv4ToString(c.remoteIp), icmp);
          this.counters.advertised++;
          sent++;
          this.deps.log.info({ client, vip: `${ipv4ToString(c.localIp)}:${c.localPort}`, retransmits: c.retransmits }, 'recovery: stalled connection: flow advertisement sent to its client');
        } catch (err) {
          this.counters.sendErrors++;
          this.deps.log.warn({ client, err: err instanceof Error ? err.message : String(err) }, 'recovery: could not send a flow advertisement');
        }
      }
      // Forget connections not seen for a while, so the map stays small.
      for (const [id, at] of this.lastSent) if (now - at > 10 * this.deps.config.repeatMs) this.lastSent.delete(id);
      return sent;
    } catch (err) {
      this.deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'recovery: cannot read the socket table');
      return 0;
    } finally {
      this.busy = false;
    }
  }
}
