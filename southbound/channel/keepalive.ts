// Echo keepalive (spec 6.3.2: ECHO_REQUEST/REPLY "may be used to indicate the
// latency, bandwidth, and/or liveness of a controller-switch connection").
//
// Any message from the switch proves it is alive, so the hot path only bumps a
// counter (no timer reset per message). One timer ticks every `intervalMs`: a tick that saw
// no traffic since the previous one sends an ECHO_REQUEST and arms the deadline; if
// the deadline passes with still no traffic, the switch is declared dead. An idle
// switch therefore gets its echo between one and two intervals after its last
// message, and is closed `timeoutMs` after that echo.

export class Keepalive {
  /** Bumped per received chunk; compared against snapshots taken by the timers. */
  private trafficSeq = 0;
  private seqAtTick = 0;
  private seqAtEcho = 0;
  private echoOutstanding = false;
  private tickTimer: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly sendEcho: () => void,
    private readonly onDead: (reason: string) => void,
  ) {}

  start(): void {
    if (this.tickTimer !== null || this.intervalMs <= 0) return;
    // The socket keeps the process alive; the keepalive timers need not.
    this.tickTimer = setInterval(() => this.tick(), this.intervalMs).unref();
  }

  /** Called for each chunk received: cheap on purpose. */
  noteTraffic(): void {
    this.trafficSeq++;
  }

  stop(): void {
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    if (this.deadlineTimer !== null) clearTimeout(this.deadlineTimer);
    this.tickTimer = null;
    this.deadlineTimer = null;
  }

  private tick(): void {
    const seq = this.trafficSeq;
    const idle = seq === this.seqAtTick;
    this.seqAtTick = seq;
    if (!idle || this.echoOutstanding) return;
    this.echoOutstanding = true;
    this.seqAtEcho = seq;
    this.sendEcho();
    this.deadlineTimer = setTimeout(() => this.deadline(), this.timeoutMs).unref();
  }

  private deadline(): void {
    this.deadlineTimer = null;
    this.echoOutstanding = false;
    if (this.trafficSeq !== this.seqAtEcho) return; // the reply (or anything) came in time
    this.stop();
    this.onDead(`no reply to echo request within ${this.timeoutMs} ms`);
  }
}
