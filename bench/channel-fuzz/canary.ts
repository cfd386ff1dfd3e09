// The healthy switch that must stay served: one PACKET_IN outstanding at a time, the
// next one `gapMs` after the answer (a FLOW_MOD or PACKET_OUT), the round trip of each
// kept. Every PACKET_IN has a new destination MAC, so the L2 forwarding app answers
// each with one flooding PACKET_OUT. A PACKET_IN unanswered for `stallMs` counts as a
// stall and is sent again.
import { packetInBytes, RawSwitch } from './raw-switch';

const OFPT_PACKET_OUT = 13;
const OFPT_FLOW_MOD = 14;

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  stalls: number;
}

export function summarize(samples: number[], stalls: number): LatencySummary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]);
  return { samples: s.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: s.length ? s[s.length - 1] : NaN, stalls };
}

export class Canary {
  private readonly rtts: number[] = [];
  private readonly stallAt: number[] = [];
  private sentAt = 0n;
  private outstanding = false;
  private xid = 1;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  private constructor(readonly sw: RawSwitch, private readonly gapMs: number, private readonly stallMs: number) {
    sw.onFrame = (type) => {
      if (!this.outstanding || (type !== OFPT_PACKET_OUT && type !== OFPT_FLOW_MOD)) return;
      this.outstanding = false;
      this.rtts.push(Number(process.hrtime.bigint() - this.sentAt) / 1e6);
      this.schedule();
    };
  }

  static async start(host: string, port: number, opts: { dpid?: bigint; gapMs?: number; stallMs?: number; warmupMs?: number } = {}): Promise<Canary> {
    const sw = await RawSwitch.open(host, port, { dpid: opts.dpid ?? 0xca0a7n });
    const c = new Canary(sw, opts.gapMs ?? 2, opts.stallMs ?? 1000);
    // Let the controller finish READY and its reconciliation, then warm both sides'
    // JIT for `warmupMs` before anything is measured.
    await new Promise((r) => setTimeout(r, 300));
    c.running = true;
    c.send();
    await new Promise((r) => setTimeout(r, opts.warmupMs ?? 2000));
    return c;
  }

  get connected(): boolean {
    return !this.sw.isClosed;
  }

  /** A position to summarize from. */
  mark(): { rtt: number; stall: number } {
    return { rtt: this.rtts.length, stall: this.stallAt.length };
  }

  since(m: { rtt: number; stall: number }): LatencySummary {
    return summarize(this.rtts.slice(m.rtt), this.stallAt.length - m.stall);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.watchdog) clearTimeout(this.watchdog);
    this.sw.close();
  }

  private schedule(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    if (!this.running) return;
    this.timer = setTimeout(() => this.send(), this.gapMs);
  }

  private send(): void {
    if (!this.running || this.sw.isClosed) return;
    const x = this.xid++;
    const bytes = packetInBytes(x, 0xa, 0x100000 + (x & 0xfffff));
    this.outstanding = true;
    this.sentAt = process.hrtime.bigint();
    this.sw.write(bytes);
    this.watchdog = setTimeout(() => {
      if (!this.outstanding) return;
      this.stallAt.push(Date.now());
      this.outstanding = false;
      this.send();
    }, this.stallMs);
  }
}
