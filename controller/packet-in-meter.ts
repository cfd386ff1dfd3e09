// Rate limiting at the source (issue 14): each switch is told to limit what it sends
// the controller with an OpenFlow meter on the controller port. Spec 7.3.4.4 defines
// the virtual meter OFPM_CONTROLLER "for controller connection": packets the switch
// sends to the controller (PACKET_INs) pass through it. One DROP band at the
// configured rate (OFPMF_PKTPS, burst_size when given) drops the excess in the switch,
// before it costs the control channel or the controller anything. Open vSwitch
// supports it (`ovs-ofctl -O OpenFlow13 dump-meters` shows `meter=controller`).
//
// The band's packet count (spec 7.3.5.9, ofp_meter_band_stats) is what the switch
// dropped; it is read every meterStatsIntervalMs and added up per datapath (monotonic
// across reconnects and meter re-installs), exported as slr_packet_ins_limited_total
// {where="switch"} and logged per switch at most every logIntervalMs. A switch that
// refuses the meter (no meter support) is logged once per connection and left to the
// controller-side limit in the channel.
import { OFPCR_ROLE_SLAVE, OFPM_CONTROLLER, OFPMC_ADD, OFPMC_MODIFY, OFPMF_BURST, OFPMF_PKTPS, OFPMF_STATS } from '../southbound/codec/constants';
import { OFPET_METER_MOD_FAILED, OFPMMFC_METER_EXISTS } from '../southbound/codec/error-codes';
import type { MeterMod, MeterStats, MultipartRequest } from '../southbound/codec/types';
import type { DatapathEntry } from './datapath-registry';
import type { SwitchLink } from './switch-link';

export interface PacketInMeterOptions {
  ratePerSec: number;
  burst?: number;
  meterStatsIntervalMs: number;
  logIntervalMs: number;
}

interface Installed {
  entry: DatapathEntry;
  /** The band count last read on this connection (the meter's own, reset by a re-install). */
  lastBandCount: bigint;
  lastLogAt: number;
  unlogged: number;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class PacketInMeters {
  /** PACKET_INs the switches' meters dropped, by datapath (16 hex digits). */
  readonly droppedAtSwitch = new Map<string, number>();
  private readonly installed = new Map<SwitchLink, Installed>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: PacketInMeterOptions, private readonly now: () => number = () => Date.now()) {}

  meterMod(command: number): MeterMod {
    const burst = this.opts.burst;
    return {
      type: 'METER_MOD', xid: 0, command, meterId: OFPM_CONTROLLER,
      flags: OFPMF_PKTPS | OFPMF_STATS | (burst !== undefined ? OFPMF_BURST : 0),
      bands: [{ type: 'DROP', rate: this.opts.ratePerSec, burstSize: burst ?? 0 }],
    };
  }

  /** Install (or update) the meter on a switch that just connected. */
  async switchUp(entry: DatapathEntry): Promise<void> {
    const link = entry.link;
    if (link.role?.role === OFPCR_ROLE_SLAVE) return; // a slave may not write (spec 6.3.5)
    if (!link.request) {
      entry.log.warn({}, 'switch link cannot confirm requests: PACKET_IN meter not installed');
      return;
    }
    try {
      await this.addOrModify(link);
    } catch (err) {
      entry.log.warn({ err: describe(err), ratePerSec: this.opts.ratePerSec }, 'switch refused the PACKET_IN meter (OFPM_CONTROLLER): only the controller-side limit applies');
      return;
    }
    if (this.droppedAtSwitch.get(entry.dpidHex) === undefined) this.droppedAtSwitch.set(entry.dpidHex, 0);
    this.installed.set(link, { entry, lastBandCount: 0n, lastLogAt: -Infinity, unlogged: 0 });
    entry.log.info({ ratePerSec: this.opts.ratePerSec, burst: this.opts.burst }, 'PACKET_IN meter installed on the controller port');
    this.arm();
  }

  switchDown(link: SwitchLink): void {
    this.installed.delete(link);
    if (this.installed.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One read of every installed meter's band count (the timer calls this). */
  async poll(): Promise<void> {
    await Promise.all([...this.installed.values()].map((m) => this.pollOne(m)));
  }

  private async addOrModify(link: SwitchLink): Promise<void> {
    const request = link.request!.bind(link);
    try {
      await request(this.meterMod(OFPMC_ADD));
    } catch (err) {
      const e = err as { ofErrorType?: number; ofErrorCode?: number };
      // Spec 7.4.4: ADD of a meter that exists fails with METER_EXISTS; an earlier
      // connection of this switch installed it, so the rate is updated instead.
      if (e.ofErrorType !== OFPET_METER_MOD_FAILED || e.ofErrorCode !== OFPMMFC_METER_EXISTS) throw err;
      await request(this.meterMod(OFPMC_MODIFY));
    }
  }

  private async pollOne(m: Installed): Promise<void> {
    const link = m.entry.link;
    const req: MultipartRequest = { type: 'MULTIPART_REQUEST', xid: 0, flags: 0, mpType: 'METER', body: { meterId: OFPM_CONTROLLER } };
    let stats: MeterStats | undefined;
    try {
      const parts = await link.multipart(req, this.opts.meterStatsIntervalMs);
      for (const p of parts) if (p.mpType === 'METER') stats ??= p.body.find((s) => s.meterId === OFPM_CONTROLLER);
    } catch {
      return; // a switch going away or busy: the next poll tries again
    }
    if (stats === undefined || !this.installed.has(link)) return;
    let count = 0n;
    for (const b of stats.bandStats) count += b.packetBandCount;
    // A count below the last one means the meter was re-created: count from zero.
    const delta = count >= m.lastBandCount ? count - m.lastBandCount : count;
    m.lastBandCount = count;
    if (delta === 0n) return;
    const dpid = m.entry.dpidHex;
    this.droppedAtSwitch.set(dpid, (this.droppedAtSwitch.get(dpid) ?? 0) + Number(delta));
    m.unlogged += Number(delta);
    const t = this.now();
    if (t - m.lastLogAt < this.opts.logIntervalMs) return;
    m.entry.log.warn(
      { dropped: m.unlogged, droppedTotal: this.droppedAtSwitch.get(dpid), ratePerSec: this.opts.ratePerSec },
      'switch over its PACKET_IN limit: its meter dropped the excess',
    );
    m.lastLogAt = t;
    m.unlogged = 0;
  }

  private arm(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => { void this.poll(); }, this.opts.meterStatsIntervalMs);
    this.timer.unref();
  }
}
