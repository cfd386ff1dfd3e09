// At most one log line per interval for a repeating event of one connection (a flood
// of ERRORs, PACKET_INs over the limit): logging each one synchronously would turn the
// flood into a second one on the log pipe. The line says how many were left out.

export class LogThrottle {
  private lastAt = -Infinity;
  private suppressed = 0;

  constructor(private readonly intervalMs: number, private readonly now: () => number = () => performance.now()) {}

  /** Calls `emit(suppressedSinceLastLine)` when the interval has passed, else counts. */
  hit(emit: (suppressed: number) => void): void {
    const t = this.now();
    if (t - this.lastAt < this.intervalMs) {
      this.suppressed++;
      return;
    }
    const n = this.suppressed;
    this.lastAt = t;
    this.suppressed = 0;
    emit(n);
  }
}
