// The controller's own PACKET_IN limit per switch connection: a token bucket checked
// on the header byte, before the message is decoded or handed to the apps. It is the
// second line behind the meter the core installs on the switch's controller port
// (spec 7.3.4.4, OFPM_CONTROLLER): a switch that honours the meter never reaches it;
// one that does not (or a hostile peer) costs the controller a header check per
// excess message instead of a decode and an app decision.

export interface PacketInLimit {
  /** Sustained PACKET_INs per second allowed from one switch. */
  ratePerSec: number;
  /** Tokens the bucket holds: PACKET_INs allowed back to back after a quiet period. */
  burst: number;
}

export class PacketInLimiter {
  private tokens: number;
  private last: number;

  constructor(private readonly limit: PacketInLimit, private readonly now: () => number = () => performance.now()) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** True when one PACKET_IN may pass; false when it is over the limit. */
  take(): boolean {
    if (this.tokens >= 1) {
      this.tokens--;
      return true;
    }
    const t = this.now();
    const refill = ((t - this.last) * this.limit.ratePerSec) / 1000;
    this.last = t;
    this.tokens = Math.min(this.limit.burst, this.tokens + refill);
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}
