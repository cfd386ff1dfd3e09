// One OpenFlow 1.3 switch connection: the handshake state machine, the decode loop,
// xid-matched requests, keepalive and the coalescing send queue. It works on any
// Duplex (a net.Socket, a TLSSocket or an in-memory pair in tests); bytes are
// turned into typed messages at the edge (onData) and back in the send queue.
import type { Duplex } from 'node:stream';
import * as codec from '../codec';
import type {
  FeaturesReply, MultipartReply, MultipartRequest, OfMessage, Port, PortStatus, RoleReply,
} from '../codec/types';
import type { ChannelConfig, ChannelLogger } from './config';
import { ChannelError } from './errors';
import { badTypeError, describeError, helloFailedError, malformedInputError } from './error-replies';
import { type ChannelState, runHandshakeAfterHello } from './handshake';
import { examineFirstFrame } from './hello-phase';
import { Keepalive } from './keepalive';
import { OutboundChannel } from './outbound-channel';
import { PacketInLimiter } from './packet-in-limiter';
import { receiveScheduler, type SliceWorker } from './receive-scheduler';
import { type ChannelStats, countErrorIn, newChannelStats } from './stats';
import { TroubleLog } from './trouble-log';
import { unsolicitedAction } from './unsolicited';
import { ourHelloElements } from './version-negotiation';
import { flushPendingWrites } from './write-flush';

/** Async messages received before READY are held (bounded) until the owner listens. */
const EARLY_MESSAGE_LIMIT = 1024;
/** After end(), give the peer this long to read our last bytes before destroying. */
const CLOSE_GRACE_MS = 1000;

const OFPPR_DELETE = 1;
const OFPT_ERROR = 1;
const OFPT_PACKET_IN = 10;

const noop = (): void => {};

export class SwitchConnection implements SliceWorker {
  /** Async switch messages once READY: PACKET_IN, FLOW_REMOVED, PORT_STATUS,
   * EXPERIMENTER, and ERRORs that match no outstanding request. */
  onMessage: (msg: OfMessage) => void = noop;
  onClose: (reason: string) => void = noop;
  /** Called when the send queue drops back below its bound after an overload. */
  onWritable: () => void = noop;
  readonly stats: ChannelStats = newChannelStats();

  private currentState: ChannelState = 'HELLO_WAIT';
  private featuresReply: FeaturesReply | null = null;
  private portList: Port[] = [];
  private roleReply: RoleReply | null = null;
  private reasonClosed: string | null = null;
  private early: OfMessage[] | null = [];
  private readonly framer: codec.OfFramer;
  private readonly out: OutboundChannel;
  private readonly keepalive: Keepalive;
  private readonly readyPromise: Promise<void>;
  private settleReady: { resolve: () => void; reject: (err: ChannelError) => void } = { resolve: noop, reject: noop };
  private readonly handshakeTimer: NodeJS.Timeout;
  /** Internal observers (the listener's bookkeeping), separate from the owner's onClose. */
  private readonly closeObservers: Array<(reason: string) => void> = [];
  /** True while the socket is paused and this connection waits for its next slice. */
  private deferred = false;
  private readonly limiter: PacketInLimiter | null;
  private readonly healthTimer: NodeJS.Timeout | null;
  private overloadedSince = -1;
  private readonly trouble: TroubleLog;

  constructor(
    private readonly stream: Duplex,
    private readonly cfg: ChannelConfig,
    private readonly log: ChannelLogger,
    readonly remote: string,
  ) {
    this.framer = new codec.OfFramer(cfg.maxMessageLen);
    this.out = new OutboundChannel(stream, codec, this.stats, cfg.maxSendQueueBytes, cfg.requestTimeoutMs);
    this.out.onBelowBound = () => this.safely('onWritable', () => this.onWritable());
    this.keepalive = new Keepalive(
      cfg.echoIntervalMs, cfg.echoTimeoutMs,
      () => { this.send({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.alloc(0) }); },
      (reason) => this.close(reason),
    );
    this.readyPromise = new Promise<void>((resolve, reject) => { this.settleReady = { resolve, reject }; });
    // Nobody may be waiting on ready(); a rejection must not become unhandled.
    this.readyPromise.catch(noop);
    this.handshakeTimer = setTimeout(
      () => this.close(`handshake not finished within ${cfg.handshakeTimeoutMs} ms (state ${this.currentState})`),
      cfg.handshakeTimeoutMs,
    ).unref();

    this.limiter = cfg.packetInLimit ? new PacketInLimiter(cfg.packetInLimit) : null;
    this.trouble = new TroubleLog(this.stats, log, () => ({ remote, dpid: this.dpidText() }), cfg.logIntervalMs);
    // A peer that never reads keeps our send queue over its bound; past
    // sendStallTimeoutMs it is cut off instead of holding that memory forever.
    const stall = cfg.sendStallTimeoutMs;
    this.healthTimer = stall > 0 ? setInterval(() => this.checkSendStall(stall), Math.min(1000, stall)).unref() : null;

    stream.on('data', this.onData);
    stream.on('error', (err: Error) => {
      this.log.warn({ remote, err: err.message }, 'switch socket error');
      this.close(`socket error: ${err.message}`);
    });
    stream.on('end', () => this.close('switch closed the connection'));
    stream.on('close', () => this.close('connection closed'));

    // Spec 6.3.1: each side sends HELLO as soon as the connection is up.
    this.send({ type: 'HELLO', xid: 0, elements: ourHelloElements() });
  }

  get state(): ChannelState {
    return this.currentState;
  }
  get datapathId(): bigint {
    return this.featuresReply?.datapathId ?? 0n;
  }
  get features(): FeaturesReply {
    if (this.featuresReply === null) throw new ChannelError('HANDSHAKE', 'features are known only after FEATURES_REPLY');
    return this.featuresReply;
  }
  /** Ports from the handshake's PORT_DESC, kept current by PORT_STATUS messages. */
  get ports(): Port[] {
    return this.portList;
  }
  /** The ROLE_REPLY of the handshake, when a role was configured. */
  get role(): RoleReply | null {
    return this.roleReply;
  }
  get closeReason(): string | null {
    return this.reasonClosed;
  }
  /** Bytes accepted by send() and not yet taken by the kernel. */
  get queuedBytes(): number {
    return this.out.queuedBytes;
  }

  /** Run `fn` when the connection closes, in addition to onClose (which the owner
   * replaces freely). Runs at once if already closed. */
  whenClosed(fn: (reason: string) => void): void {
    if (this.reasonClosed !== null) fn(this.reasonClosed);
    else this.closeObservers.push(fn);
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  /**
   * Queue a message; it leaves with everything else sent in this event-loop turn.
   * xid 0 gets a fresh xid. Returns false when the queue is above its bound: the
   * message is still queued unless the hard cap was reached (then it is dropped and
   * counted in stats.dropped). Throws ChannelError('ENCODE') for an invalid message.
   */
  send(msg: OfMessage): boolean {
    return this.out.send(msg);
  }

  /**
   * Send a request and resolve with its reply (matched by xid). A message type
   * without a reply (FLOW_MOD, SET_CONFIG, ...) is followed by a barrier and resolves
   * with the BARRIER_REPLY once the switch has processed it. A MULTIPART_REQUEST
   * resolves with all parts merged into one reply. An ERROR with the request's xid
   * rejects with ChannelError('OF_ERROR') carrying the OpenFlow type/code.
   */
  request<T extends OfMessage = OfMessage>(msg: OfMessage, timeoutMs: number = this.cfg.requestTimeoutMs): Promise<T> {
    return this.out.request<T>(msg, timeoutMs);
  }

  /** Send a multipart request and collect every part until REPLY_MORE is clear. */
  multipart(msg: MultipartRequest, timeoutMs: number = this.cfg.requestTimeoutMs): Promise<MultipartReply[]> {
    return this.out.multipart(msg, timeoutMs);
  }

  /** Resolves once the switch has processed every message sent before it (spec 6.2). */
  async barrier(timeoutMs: number = this.cfg.requestTimeoutMs): Promise<void> {
    await this.request({ type: 'BARRIER_REQUEST', xid: 0 }, timeoutMs);
  }

  /** ROLE_REQUEST (spec 6.3.5); role is an OFPCR_ROLE_* number. */
  setRole(role: number, generationId: bigint): Promise<RoleReply> {
    return this.request<RoleReply>({ type: 'ROLE_REQUEST', xid: 0, role, generationId });
  }

  /** Close the connection; idempotent. Outstanding requests reject with CLOSED. */
  close(reason: string): void {
    if (this.reasonClosed !== null) return;
    this.reasonClosed = reason;
    const wasReady = this.currentState === 'READY';
    this.currentState = 'CLOSED';
    this.early = null;
    clearTimeout(this.handshakeTimer);
    if (this.healthTimer !== null) clearInterval(this.healthTimer);
    this.keepalive.stop();
    this.out.close(reason); // flushes first, so a final ERROR still leaves
    this.settleReady.reject(new ChannelError(wasReady ? 'CLOSED' : 'HANDSHAKE', `connection closed before READY: ${reason}`));
    this.endStream();
    this.log.info({ remote: this.remote, dpid: this.dpidText(), reason }, 'switch connection closed');
    for (const observer of this.closeObservers) this.safely('close observer', () => observer(reason));
    this.safely('onClose', () => this.onClose(reason));
  }

  // ------------------------------------------------------------ inbound

  /** Input from the socket: buffered in the framer, then one slice is handled now. */
  private readonly onData = (chunk: Buffer): void => {
    if (this.reasonClosed !== null) return;
    this.stats.bytesIn += chunk.length;
    this.keepalive.noteTraffic();
    this.framer.push(chunk);
    // Already waiting for a round (a chunk that was in flight when we paused): its
    // frames are handled in that round.
    if (this.deferred) return;
    if (this.runSlice()) {
      this.deferred = true;
      this.stats.receivePauses++;
      this.stream.pause();
      receiveScheduler.defer(this);
    }
    // The answers to this slice leave now, not after the rest of the turn.
    flushPendingWrites();
  };

  /**
   * Handle up to `receiveSliceMessages` buffered frames (the receive scheduler calls
   * this once per round while we are deferred). True when the budget ran out, so more
   * may be left; false when the framer is empty or the connection closed.
   */
  runSlice(): boolean {
    if (this.reasonClosed !== null) return false;
    try {
      return this.handleFrames(this.cfg.receiveSliceMessages);
    } catch (err) {
      // Last line of defence: a bug on this path must cost one connection, not the
      // process (an exception thrown from a 'data' listener would be uncaught).
      this.log.error({ remote: this.remote, err: describeError(err) }, 'unexpected error on the receive path');
      this.close(`internal error: ${describeError(err)}`);
      return false;
    }
  }

  /** The receive scheduler found us caught up: read the socket again. */
  caughtUp(): void {
    this.deferred = false;
    if (this.reasonClosed === null) this.stream.resume();
  }

  private handleFrames(budget: number): boolean {
    for (let n = 0; n < budget; n++) {
      let frame: Buffer | null;
      try {
        frame = this.framer.next();
      } catch (err) {
        const start = this.unframedStart();
        // Spec 7.4.4: a header typed ERROR is not answered even when its length cannot
        // be framed; the stream cannot be resynchronised, so the connection still ends.
        if (start !== null && start.length >= 2 && start[1] === OFPT_ERROR) {
          this.trouble.malformedError(start, err);
          this.close(`unframeable ERROR: ${describeError(err)}`);
        } else {
          this.rejectInput(err, start);
        }
        return false;
      }
      if (frame === null) return false;
      this.stats.msgsIn++;
      this.stats.inByType[frame[1]]++;
      this.handleFrame(frame);
      if (this.reasonClosed !== null) return false;
    }
    return true;
  }

  /** The buffered bytes from where the framer stopped (the frame with the bad length),
   * at most 64 of them, for the ERROR's data. */
  private unframedStart(): Buffer | null {
    const left = this.framer.bufferedBytes;
    return left > 0 ? this.framer.peek(64) : null;
  }

  private handleFrame(frame: Buffer): void {
    if (this.currentState === 'HELLO_WAIT') {
      this.handleFirstFrame(frame);
      return;
    }
    // Over the controller-side limit: dropped on the header byte, before any decoding.
    if (frame[1] === OFPT_PACKET_IN && this.limiter !== null && this.currentState === 'READY' && !this.limiter.take()) {
      this.trouble.packetInLimited(this.cfg.packetInLimit?.ratePerSec);
      return;
    }
    let msg: OfMessage;
    try {
      msg = codec.decodeMessage(frame);
    } catch (err) {
      if (frame[1] === OFPT_ERROR) this.trouble.malformedError(frame, err);
      else this.rejectInput(err, frame);
      return;
    }
    this.dispatch(msg, frame);
  }

  private dispatch(msg: OfMessage, frame: Buffer): void {
    if (msg.type === 'PACKET_IN') {
      this.stats.packetInReasons[msg.reason]++;
      this.deliver(msg);
      return;
    }
    if (msg.type === 'ERROR') {
      // Spec 7.4.4: an ERROR reports a problem; it is logged and counted, handed to the
      // request it answers or to the core, and never answered with an ERROR.
      countErrorIn(this.stats, msg.errType, msg.errCode);
      if (!this.out.offer(msg)) {
        this.log.debug({ remote: this.remote, errType: msg.errType, errCode: msg.errCode, xid: msg.xid }, 'unsolicited error from switch');
        this.deliver(msg);
      }
      return;
    }
    if (this.out.offer(msg)) return;
    switch (unsolicitedAction(msg.type)) {
      case 'deliver':
        this.deliver(msg);
        return;
      case 'echo':
        // Spec 6.3.2, 7.5.3: answer with the same xid (even 0) and payload.
        this.out.sendAsIs({ type: 'ECHO_REPLY', xid: msg.xid, data: (msg as { data: Buffer }).data });
        return;
      case 'bad-type':
        this.refuseType(msg.type, frame);
        return;
      case 'ignore':
        // A late reply (its request timed out), an ECHO_REPLY, a second HELLO (6.3.1).
        this.log.debug({ remote: this.remote, type: msg.type, xid: msg.xid }, 'dropping unmatched message');
    }
  }

  /** Spec 6.1.1: only a controller initiates these; 7.4.4 answers an unsupported type
   * with BAD_REQUEST/BAD_TYPE. The connection stays up. */
  private refuseType(type: string, frame: Buffer): void {
    this.out.sendAsIs(badTypeError(frame));
    this.trouble.refusedType(type);
  }

  /** Closes a peer that has not read for sendStallTimeoutMs while we had data for it. */
  private checkSendStall(timeoutMs: number): void {
    if (this.reasonClosed !== null) return;
    const now = performance.now();
    if (!this.out.overloaded) {
      this.overloadedSince = -1;
      return;
    }
    if (this.overloadedSince < 0) this.overloadedSince = now;
    else if (now - this.overloadedSince >= timeoutMs) {
      this.close(`switch does not read: send queue above ${this.cfg.maxSendQueueBytes} bytes for ${timeoutMs} ms`);
    }
  }

  private deliver(msg: OfMessage): void {
    const early = this.early;
    if (early !== null) {
      if (early.length < EARLY_MESSAGE_LIMIT) early.push(msg);
      else {
        this.trouble.earlyDropped(msg.type);
      }
      return;
    }
    if (msg.type === 'PORT_STATUS') this.applyPortStatus(msg);
    try {
      this.onMessage(msg);
    } catch (err) {
      this.log.error({ remote: this.remote, type: msg.type, err: describeError(err) }, 'onMessage handler threw');
    }
  }

  /** Keep `ports` current (spec 7.4.3: OFPPR_ADD 0, DELETE 1, MODIFY 2). A new array
   * each time, so a list handed out earlier never changes under its holder. */
  private applyPortStatus(msg: PortStatus): void {
    const others = this.portList.filter((p) => p.portNo !== msg.desc.portNo);
    this.portList = msg.reason === OFPPR_DELETE ? others : [...others, msg.desc];
  }

  /** HELLO_WAIT: only a HELLO of a compatible version is acceptable (spec 6.3.1). */
  private handleFirstFrame(frame: Buffer): void {
    const verdict = examineFirstFrame(frame);
    switch (verdict.kind) {
      case 'malformed':
        this.rejectInput(verdict.error, frame);
        return;
      case 'hello-failed':
        this.log.warn({ remote: this.remote, reason: verdict.reason }, 'HELLO failed');
        this.out.sendAsIs(helloFailedError(verdict.xid, verdict.reason));
        this.close(`hello failed: ${verdict.reason}`);
        return;
      case 'peer-error':
        if (verdict.errType >= 0) countErrorIn(this.stats, verdict.errType, verdict.errCode);
        else this.stats.malformedErrorsIn++;
        this.log.warn({ remote: this.remote, errType: verdict.errType, errCode: verdict.errCode }, 'switch refused our HELLO');
        this.close(`switch answered HELLO with error type ${verdict.errType} code ${verdict.errCode}`);
        return;
      case 'negotiated':
        break;
    }
    this.log.debug({ remote: this.remote, viaBitmap: verdict.viaBitmap }, 'OpenFlow 1.3 negotiated');
    runHandshakeAfterHello(
      {
        setState: (s) => { if (this.reasonClosed === null) this.currentState = s; },
        request: (m, t) => this.request(m, t),
        multipart: (m, t) => this.multipart(m, t),
      },
      { timeoutMs: this.cfg.handshakeTimeoutMs, missSendLen: this.cfg.missSendLen, role: this.cfg.role },
    ).then(
      (res) => this.becomeReady(res.features, res.ports, res.role ?? null),
      (err: unknown) => this.close(`handshake failed: ${describeError(err)}`),
    );
  }

  private becomeReady(features: FeaturesReply, ports: Port[], role: RoleReply | null): void {
    if (this.reasonClosed !== null) return;
    clearTimeout(this.handshakeTimer);
    this.featuresReply = features;
    this.portList = ports;
    this.roleReply = role;
    this.currentState = 'READY';
    this.keepalive.start();
    this.log.info({ remote: this.remote, dpid: this.dpidText(), ports: ports.length }, 'switch ready');
    this.settleReady.resolve();
    // Owners attach onMessage when ready() resolves (a microtask); messages that came
    // during the handshake are handed over after that, in arrival order.
    setImmediate(() => {
      const early = this.early;
      this.early = null;
      if (early === null) return;
      for (const msg of early) {
        if (this.reasonClosed !== null) return;
        this.deliver(msg);
      }
    });
  }

  /** Malformed input: answer with an OpenFlow ERROR and close this connection only. */
  private rejectInput(err: unknown, frame: Buffer | null): void {
    const reason = describeError(err);
    this.log.warn({ remote: this.remote, dpid: this.dpidText(), reason }, 'malformed message from switch');
    this.out.sendAsIs(malformedInputError(err, frame));
    this.close(`malformed input: ${reason}`);
  }

  private endStream(): void {
    const stream = this.stream;
    try {
      stream.end();
    } catch (err) {
      this.log.debug({ remote: this.remote, err: describeError(err) }, 'end() failed');
    }
    if (stream.destroyed) return;
    const timer = setTimeout(() => stream.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    stream.once('close', () => clearTimeout(timer));
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ remote: this.remote, err: describeError(err) }, `${what} handler threw`);
    }
  }

  private dpidText(): string | undefined {
    return this.featuresReply === null ? undefined : `0x${this.featuresReply.datapathId.toString(16).padStart(16, '0')}`;
  }
}
