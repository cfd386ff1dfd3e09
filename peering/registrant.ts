// The registrant's life with the level above, for a server agent and for an SLR level
// alike:
//   start: register (Hello) with backoff until the level above answers, then report
//          every interval;
//   a Report refused with FAILED_PRECONDITION (the level above expired us or restarted)
//          sends the registrant back to registering; other report failures are logged
//          and the loop goes on (the level above expires us if they last);
//   stop:  stop the loop, say Goodbye (bounded by the call deadline).
// Each Report's round trip is measured and sent with the next one: the active probe of
// the routing cost between the two levels. Timers come from an injected clock; the
// level above from an injected RegistrationApi.
import { status } from '@grpc/grpc-js';
import { backoffDelay } from './backoff';
import type { TimerClock } from '../controller/clock';
import type { Log } from './log';
import type { RegistrationApi } from './registration-client';
import type { ExplainQueryMsg, FlowClassifierMsg, HelloRequestMsg, ReleaseReplyMsg, ShortcutEntryMsg, ShortcutResultMsg, SubnetLoadMsg } from './wire-types';

/** Shortcuts gathered this long go in one call (a busy SLR pins many connections a millisecond). */
const SHORTCUT_BATCH_MS = 2;
/** A Listen stream that ended while registered is opened again after this long. */
const LISTEN_RETRY_MS = 1000;
/** At most this many shortcuts a call (the level above refuses more). */
const SHORTCUT_BATCH_MAX = 500;

interface QueuedShortcut {
  entry: ShortcutEntryMsg;
  resolve: (r: ShortcutResultMsg) => void;
}

export type RegistrantState = 'idle' | 'registering' | 'registered' | 'stopping' | 'stopped';

export interface RegistrantDeps {
  api: RegistrationApi;
  /** The registrant's id (its certificate's CN). */
  id: string;
  /** The Hello, built afresh for every attempt (an SLR's subnets or label may have changed). */
  hello: () => HelloRequestMsg;
  /** The loads of one report: the whole offer (subnets left out are withdrawn above). */
  sample: () => Promise<SubnetLoadMsg[]>;
  clock: TimerClock;
  log: Log;
  backoff: { initialMs: number; maxMs: number };
  /** The registrant's own report interval, if it wants a shorter one than the level above asks. */
  reportIntervalMs?: number;
  random?: () => number;
  /** Measures round trips (ms, monotonic); default performance.now. */
  monotonicMs?: () => number;
  /**
   * Send the measured round trip with each report (default true). An SLR level does: it
   * is the routing cost between levels. A server agent does not: its management link to
   * the site SLR says nothing about the data-plane distance to the server.
   */
  sendRtt?: boolean;
  /**
   * Explains what a new connection would get from this registrant down (an SLR level's
   * steps, its own first). Given, the registrant keeps a Listen stream open with the
   * level above while registered and answers its queries (POST /v1/simulate across levels).
   */
  explain?: (flow: FlowClassifierMsg) => Promise<unknown[]>;
}

export function grpcCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number' ? err.code : undefined;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Registrant {
  private currentState: RegistrantState = 'idle';
  private sessionId = '';
  private seq = 0;
  private intervalMs = 0;
  private attempt = 0;
  private timer: unknown;
  private rttMs = 0;
  /** This session's flow-advertisement key from the HelloReply (empty: none). */
  private key: Buffer = Buffer.alloc(0);
  private shortcutQueue: QueuedShortcut[] = [];
  private shortcutTimer: ReturnType<typeof setTimeout> | null = null;
  /** The call in flight, so stop() can wait for it instead of racing it. */
  private inFlight: Promise<void> = Promise.resolve();
  private readonly monotonic: () => number;
  private cancelListen: (() => void) | null = null;
  private listenTimer: unknown;

  constructor(private readonly deps: RegistrantDeps) {
    this.monotonic = deps.monotonicMs ?? (() => performance.now());
  }

  state(): RegistrantState {
    return this.currentState;
  }

  /** The flow-advertisement key of the live session; undefined when not registered or none was given. */
  advertisementKey(): Buffer | undefined {
    return this.currentState === 'registered' && this.key.length > 0 ? this.key : undefined;
  }

  /** The last measured report round trip, ms (0 before the first). */
  lastRttMs(): number {
    return this.rttMs;
  }

  start(): void {
    if (this.currentState !== 'idle') throw new Error(`registrant already ${this.currentState}`);
    this.currentState = 'registering';
    this.schedule(0, () => this.register());
  }

  /**
   * Reports now instead of at the next interval (a health verdict changed), when
   * registered: after the step in flight, so two reports never overlap.
   */
  reportSoon(): void {
    void this.inFlight.then(() => {
      if (this.currentState !== 'registered') return;
      this.deps.clock.clearTimeout(this.timer);
      this.schedule(0, () => this.report());
    });
  }

  /** Stops reporting and says goodbye (if registered); closes the client. */
  async stop(reason = 'shutdown'): Promise<void> {
    if (this.currentState === 'stopping' || this.currentState === 'stopped') return;
    const wasRegistered = this.currentState === 'registered';
    this.currentState = 'stopping';
    this.deps.clock.clearTimeout(this.timer);
    this.stopListening();
    this.flushShortcuts();
    await this.inFlight;
    if (wasRegistered || this.sessionId) {
      try {
        await this.deps.api.goodbye({ id: this.deps.id, sessionId: this.sessionId, reason });
        this.deps.log.info({ reason }, 'deregistered from SLR');
      } catch (err) {
        this.deps.log.warn({ err: errorText(err) }, 'goodbye failed; the SLR will expire this registrant');
      }
    }
    this.deps.api.close();
    this.currentState = 'stopped';
  }

  /**
   * Tells the level above where one of its connections ended up (see Shortcut in the
   * proto). Shortcuts asked for within a couple of milliseconds go in one call; each
   * caller gets its own entry's result.
   */
  shortcut(flow: FlowClassifierMsg, labels: number[]): Promise<ShortcutResultMsg> {
    if (this.currentState !== 'registered') return Promise.resolve({ applied: false, refused: false, detail: `not registered with the level above (${this.currentState})` });
    return new Promise((resolve) => {
      this.shortcutQueue.push({ entry: { flow, labels }, resolve });
      if (this.shortcutQueue.length >= SHORTCUT_BATCH_MAX) this.flushShortcuts();
      else if (this.shortcutTimer === null) this.shortcutTimer = setTimeout(() => this.flushShortcuts(), SHORTCUT_BATCH_MS);
    });
  }

  private flushShortcuts(): void {
    if (this.shortcutTimer !== null) clearTimeout(this.shortcutTimer);
    this.shortcutTimer = null;
    const batch = this.shortcutQueue;
    this.shortcutQueue = [];
    if (batch.length === 0) return;
    const fail = (detail: string): void => {
      for (const q of batch) q.resolve({ applied: false, refused: false, detail });
    };
    this.deps.api.shortcut({ id: this.deps.id, sessionId: this.sessionId, entries: batch.map((q) => q.entry) }).then(
      (reply) => batch.forEach((q, i) => q.resolve(reply.results[i] ?? { applied: false, refused: false, detail: 'no result for this entry' })),
      (err: unknown) => fail(`the level above did not take the shortcuts: ${errorText(err)}`),
    );
  }

  /** Hands a connection back to the level above (see Release in the proto). */
  async release(flow: FlowClassifierMsg, reason: string): Promise<ReleaseReplyMsg> {
    if (this.currentState !== 'registered') return { released: false, detail: `not registered with the level above (${this.currentState})` };
    return this.deps.api.release({ id: this.deps.id, sessionId: this.sessionId, flow, reason });
  }

  private schedule(ms: number, step: () => Promise<void>): void {
    this.timer = this.deps.clock.setTimeout(() => {
      if (this.currentState === 'stopping' || this.currentState === 'stopped') return;
      this.inFlight = step().catch((err) => this.deps.log.error({ err: errorText(err) }, 'registrant step failed'));
    }, ms);
  }

  private async register(): Promise<void> {
    const { log } = this.deps;
    try {
      const reply = await this.deps.api.hello(this.deps.hello());
      if (this.currentState !== 'registering') return;
      this.sessionId = reply.sessionId;
      this.key = reply.advertisementKey !== undefined && reply.advertisementKey.length > 0 ? Buffer.from(reply.advertisementKey) : Buffer.alloc(0);
      this.seq = 0;
      this.attempt = 0;
      this.intervalMs = this.chooseInterval(reply.reportIntervalMs);
      this.currentState = 'registered';
      log.info({ sessionId: reply.sessionId, reportIntervalMs: this.intervalMs, expiryMs: reply.expiryMs }, 'registered with SLR');
      this.listen();
      this.schedule(0, () => this.report());
    } catch (err) {
      if (this.currentState !== 'registering') return;
      const delay = backoffDelay(this.attempt++, { initialMs: this.deps.backoff.initialMs, maxMs: this.deps.backoff.maxMs, random: this.deps.random });
      // Refusals are configuration problems an operator must see; unreachable is expected at boot.
      const refused = grpcCode(err) === status.PERMISSION_DENIED || grpcCode(err) === status.INVALID_ARGUMENT;
      (refused ? log.error : log.warn).call(log, { err: errorText(err), retryInMs: delay, attempt: this.attempt }, 'registration failed');
      this.schedule(delay, () => this.register());
    }
  }

  /** Opens the Listen stream for this session (when the registrant can explain). */
  private listen(): void {
    const { api, explain } = this.deps;
    if (explain === undefined || api.listen === undefined) return;
    this.stopListening();
    const sessionId = this.sessionId;
    this.cancelListen = api.listen(
      { id: this.deps.id, sessionId },
      (q) => this.onQuery(q, sessionId),
      (err) => {
        this.cancelListen = null;
        if (this.currentState !== 'registered' || this.sessionId !== sessionId) return;
        this.deps.log.debug({ err: err && errorText(err) }, 'explain stream ended; opening it again');
        this.listenTimer = this.deps.clock.setTimeout(() => {
          if (this.currentState === 'registered' && this.sessionId === sessionId) this.listen();
        }, LISTEN_RETRY_MS);
      },
    );
  }

  private stopListening(): void {
    this.deps.clock.clearTimeout(this.listenTimer);
    const cancel = this.cancelListen;
    this.cancelListen = null;
    cancel?.();
  }

  private onQuery(q: ExplainQueryMsg, sessionId: string): void {
    const { api, explain, log } = this.deps;
    if (explain === undefined || api.answer === undefined || q.flow === null) return;
    const reply = (stepsJson: string, error: string): void => {
      api.answer?.({ id: this.deps.id, sessionId, queryId: q.queryId, stepsJson, error })
        .catch((err: unknown) => log.debug({ err: errorText(err), queryId: q.queryId }, 'explain answer not taken'));
    };
    explain(q.flow).then(
      (steps) => reply(JSON.stringify(steps), ''),
      (err: unknown) => reply('', errorText(err) || 'explain failed'),
    );
  }

  private chooseInterval(slrIntervalMs: number): number {
    const mine = this.deps.reportIntervalMs;
    if (!slrIntervalMs) return mine ?? 1000;
    return mine === undefined ? slrIntervalMs : Math.min(mine, slrIntervalMs);
  }

  private async report(): Promise<void> {
    const { log } = this.deps;
    try {
      const loads = await this.deps.sample();
      const sentAt = this.monotonic();
      const reply = await this.deps.api.report({
        id: this.deps.id,
        sessionId: this.sessionId,
        seq: ++this.seq,
        measuredAtMs: this.deps.clock.now(),
        loads,
        rttMs: this.deps.sendRtt === false ? 0 : this.rttMs,
      });
      this.rttMs = Math.max(0, this.monotonic() - sentAt);
      if (reply.reportIntervalMs) this.intervalMs = this.chooseInterval(reply.reportIntervalMs);
      log.debug({ seq: this.seq, loads, rttMs: this.rttMs }, 'load reported');
    } catch (err) {
      if (this.currentState !== 'registered') return;
      if (grpcCode(err) === status.FAILED_PRECONDITION) {
        log.warn({ err: errorText(err) }, 'SLR no longer knows this registrant; registering again');
        this.sessionId = '';
        this.stopListening();
        this.currentState = 'registering';
        this.schedule(0, () => this.register());
        return;
      }
      log.warn({ err: errorText(err), seq: this.seq }, 'report failed');
    }
    if (this.currentState === 'registered') this.schedule(this.intervalMs, () => this.report());
  }
}
