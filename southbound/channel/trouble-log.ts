// Repeated trouble from one switch connection, counted in its stats and logged at
// most once per `logIntervalMs` per kind with the number of lines left out: malformed
// ERRORs, refused message types, PACKET_INs over the limit, async messages before
// READY. Logging each of them synchronously would turn a flood into a second flood on
// the log pipe.
import type { ChannelLogger } from './config';
import { describeError } from './error-replies';
import { LogThrottle } from './log-throttle';
import { type ChannelStats, countErrorIn } from './stats';

export class TroubleLog {
  private readonly errors: LogThrottle;
  private readonly refused: LogThrottle;
  private readonly limited: LogThrottle;
  private readonly early: LogThrottle;

  constructor(
    private readonly stats: ChannelStats,
    private readonly log: ChannelLogger,
    private readonly where: () => { remote: string; dpid?: string },
    intervalMs: number,
  ) {
    this.errors = new LogThrottle(intervalMs);
    this.refused = new LogThrottle(intervalMs);
    this.limited = new LogThrottle(intervalMs);
    this.early = new LogThrottle(intervalMs);
  }

  /** An ERROR whose body does not decode (spec 7.4.4: never answered): counted under
   * its type/code when the fixed part is there. */
  malformedError(frame: Buffer, err: unknown): void {
    this.stats.malformedErrorsIn++;
    if (frame.length >= 12) countErrorIn(this.stats, frame.readUInt16BE(8), frame.readUInt16BE(10));
    this.errors.hit((suppressed) => {
      this.log.warn({ ...this.where(), reason: describeError(err), suppressed }, 'malformed ERROR from switch: counted, not answered');
    });
  }

  /** A controller-to-switch type from a switch, answered BAD_REQUEST/BAD_TYPE by the caller. */
  refusedType(type: string): void {
    this.stats.refusedIn++;
    this.refused.hit((suppressed) => {
      this.log.warn({ ...this.where(), type, suppressed }, 'switch sent a controller-to-switch message: answered BAD_TYPE');
    });
  }

  packetInLimited(ratePerSec: number | undefined): void {
    this.stats.packetInsLimited++;
    this.limited.hit((suppressed) => {
      this.log.warn({ ...this.where(), limited: this.stats.packetInsLimited, suppressed, ratePerSec }, 'switch over its PACKET_IN limit: dropping the excess');
    });
  }

  earlyDropped(type: string): void {
    this.early.hit((suppressed) => {
      this.log.warn({ ...this.where(), type, suppressed }, 'dropping async message received before READY');
    });
  }
}
