// The sending half of a switch connection: xid assignment, the coalescing send queue
// and the table of outstanding requests. SwitchConnection feeds it the replies it
// decodes (offer) and closes it; everything that sends goes through here.
import type { MultipartReply, MultipartRequest, OfMessage } from '../codec/types';
import { ChannelError } from './errors';
import { describeError } from './error-replies';
import { mergeMultipartParts } from './multipart-merge';
import { type PendingKind, PendingRequests, REPLY_TYPE } from './pending-requests';
import { type ByteSink, type EnqueueResult, type MessageEncoder, SendQueue } from './send-queue';
import type { ChannelStats } from './stats';

type Settle = { resolve: (value: unknown) => void; reject: (err: ChannelError) => void };

export class OutboundChannel {
  private readonly pending = new PendingRequests();
  private readonly queue: SendQueue;
  private closedReason: string | null = null;

  constructor(
    sink: ByteSink,
    encoder: MessageEncoder,
    private readonly stats: ChannelStats,
    maxQueueBytes: number,
    private readonly defaultTimeoutMs: number,
  ) {
    this.queue = new SendQueue(sink, encoder, stats, maxQueueBytes);
  }

  set onBelowBound(fn: () => void) {
    this.queue.onBelowBound = fn;
  }

  get queuedBytes(): number {
    return this.queue.queuedBytes;
  }

  /** Above maxQueueBytes: the peer is not reading as fast as we write. */
  get overloaded(): boolean {
    return this.queue.overloaded;
  }

  get outstandingRequests(): number {
    return this.pending.size;
  }

  /** Fire and forget; xid 0 gets a fresh xid. False = above the bound or dropped. */
  send(msg: OfMessage): boolean {
    return this.enqueue(msg, msg.xid === 0 ? this.pending.allocateXid() : 0) === 'ok';
  }

  /** Queue a message exactly as given (for ERROR replies that reuse the peer's xid). */
  sendAsIs(msg: OfMessage): void {
    try {
      this.enqueue(msg, 0);
    } catch {
      // An ERROR we built ourselves cannot fail to encode; nothing else comes here.
    }
  }

  request<T extends OfMessage>(msg: OfMessage, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    if (msg.type === 'MULTIPART_REQUEST') {
      return this.multipart(msg, timeoutMs).then((parts) => mergeMultipartParts(parts) as T);
    }
    return new Promise<T>((resolve, reject) => {
      const expected = REPLY_TYPE[msg.type];
      const xid = this.pickXid(msg);
      const what = `${msg.type} request`;
      const settle: Settle = { resolve: resolve as (v: unknown) => void, reject };
      if (expected !== undefined) {
        this.start(msg, xid, { kind: 'reply', expected }, timeoutMs, what, settle);
        return;
      }
      let barrierXid = this.pending.allocateXid();
      if (barrierXid === xid) barrierXid = this.pending.allocateXid(); // a caller-chosen xid
      if (this.start(msg, xid, { kind: 'confirm', barrierXid }, timeoutMs, what, settle)) {
        this.enqueueFor({ type: 'BARRIER_REQUEST', xid: barrierXid }, 0, xid);
      }
    });
  }

  multipart(msg: MultipartRequest, timeoutMs = this.defaultTimeoutMs): Promise<MultipartReply[]> {
    return new Promise<MultipartReply[]>((resolve, reject) => {
      const xid = this.pickXid(msg);
      const settle: Settle = { resolve: resolve as (v: unknown) => void, reject };
      this.start(msg, xid, { kind: 'multipart' }, timeoutMs, `MULTIPART ${msg.mpType} request`, settle);
    });
  }

  /** Offer a decoded message from the switch; true if it answered a request. */
  offer(msg: OfMessage): boolean {
    return this.pending.offer(msg);
  }

  /** Write what is queued now, then refuse everything and reject what is pending. */
  close(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.queue.flush(); // a final ERROR queued just before still leaves
    this.queue.close();
    this.pending.rejectAll(new ChannelError('CLOSED', `connection closed: ${reason}`));
  }

  /** The caller's xid when it gave one that is free, else a fresh one. */
  private pickXid(msg: OfMessage): number {
    return msg.xid === 0 || this.pending.has(msg.xid) ? this.pending.allocateXid() : msg.xid;
  }

  /** Register and queue a request; false if it was rejected at once. */
  private start(msg: OfMessage, xid: number, kind: PendingKind, timeoutMs: number, what: string, settle: Settle): boolean {
    if (this.closedReason !== null) {
      settle.reject(new ChannelError('CLOSED', `connection closed: ${this.closedReason}`));
      return false;
    }
    this.pending.add(xid, kind, timeoutMs, what, settle);
    return this.enqueueFor(msg, xid === msg.xid ? 0 : xid, xid);
  }

  /** Queue a message belonging to request `requestXid`, failing it if it cannot go. */
  private enqueueFor(msg: OfMessage, xidOverride: number, requestXid: number): boolean {
    let result: EnqueueResult;
    try {
      result = this.enqueue(msg, xidOverride);
    } catch (err) {
      this.pending.fail(requestXid, err instanceof ChannelError ? err : new ChannelError('ENCODE', describeError(err)));
      return false;
    }
    if (result === 'dropped') {
      this.pending.fail(requestXid, new ChannelError('OVERLOAD', `send queue full: ${msg.type} dropped`));
      return false;
    }
    return true;
  }

  private enqueue(msg: OfMessage, xidOverride: number): EnqueueResult {
    if (this.closedReason !== null) {
      this.stats.dropped++;
      return 'dropped';
    }
    try {
      return this.queue.enqueue(msg, xidOverride);
    } catch (err) {
      throw new ChannelError('ENCODE', `cannot encode ${msg.type}: ${describeError(err)}`);
    }
  }
}
