// xid-matched requests of one connection. Each outstanding request is one entry
// keyed by xid; the reply with that xid settles it, an OFPT_ERROR with that xid
// rejects it with the switch's error type/code (spec 7.4.4: the error echoes the
// offending request's xid), and a timer rejects it if neither comes.
import type { MultipartReply, OfMessage, OfMessageType } from '../codec/types';
import { ChannelError } from './errors';

/** OFPMPF_REPLY_MORE (spec 7.3.5): more parts of this multipart reply follow. */
const REPLY_MORE = 1;

type Settle = { resolve: (value: unknown) => void; reject: (err: ChannelError) => void };

interface PendingBase extends Settle {
  /** Every xid this entry answers to (two for a confirmed message + barrier). */
  xids: number[];
  timer: NodeJS.Timeout;
  what: string;
}
/** Resolves with the one reply of type `expected`. */
interface PendingReply extends PendingBase { kind: 'reply'; expected: OfMessageType }
/** Collects MULTIPART_REPLY parts until one arrives without REPLY_MORE. */
interface PendingMultipart extends PendingBase { kind: 'multipart'; parts: MultipartReply[] }
/** A message the switch never answers, followed by a barrier: an ERROR with the
 * message's xid rejects, the BARRIER_REPLY resolves (spec 6.2: the barrier reply
 * comes only after the switch finished every earlier message). */
interface PendingConfirm extends PendingBase { kind: 'confirm'; barrierXid: number }
type Pending = PendingReply | PendingMultipart | PendingConfirm;

/** The reply type of each request type that has one. */
export const REPLY_TYPE: Partial<Record<OfMessageType, OfMessageType>> = {
  ECHO_REQUEST: 'ECHO_REPLY',
  FEATURES_REQUEST: 'FEATURES_REPLY',
  GET_CONFIG_REQUEST: 'GET_CONFIG_REPLY',
  BARRIER_REQUEST: 'BARRIER_REPLY',
  ROLE_REQUEST: 'ROLE_REPLY',
  GET_ASYNC_REQUEST: 'GET_ASYNC_REPLY',
  QUEUE_GET_CONFIG_REQUEST: 'QUEUE_GET_CONFIG_REPLY',
  MULTIPART_REQUEST: 'MULTIPART_REPLY',
};

export type PendingKind =
  | { kind: 'reply'; expected: OfMessageType }
  | { kind: 'multipart' }
  | { kind: 'confirm'; barrierXid: number };

export class PendingRequests {
  private readonly byXid = new Map<number, Pending>();
  private nextXid = 1;

  get size(): number {
    return this.byXid.size;
  }

  /** A fresh non-zero xid not used by any outstanding request. Wraps at 2^32. */
  allocateXid(): number {
    for (;;) {
      const xid = this.nextXid;
      this.nextXid = xid >= 0xffffffff ? 1 : xid + 1;
      if (!this.byXid.has(xid)) return xid;
    }
  }

  has(xid: number): boolean {
    return this.byXid.has(xid);
  }

  /** Register a request; `xid` (and a confirm's barrierXid) must not be in use. */
  add(xid: number, kind: PendingKind, timeoutMs: number, what: string, settle: Settle): void {
    const xids = kind.kind === 'confirm' ? [xid, kind.barrierXid] : [xid];
    const timer = setTimeout(() => {
      this.settle(entry, new ChannelError('TIMEOUT', `${what} (xid ${xid}) timed out after ${timeoutMs} ms`));
    }, timeoutMs).unref(); // the socket, not a pending reply, keeps the process alive
    const base = { ...settle, xids, timer, what };
    const entry: Pending =
      kind.kind === 'reply' ? { ...base, kind: 'reply', expected: kind.expected }
      : kind.kind === 'multipart' ? { ...base, kind: 'multipart', parts: [] }
      : { ...base, kind: 'confirm', barrierXid: kind.barrierXid };
    for (const x of xids) this.byXid.set(x, entry);
  }

  /** Reject one outstanding request early (e.g. its message could not be sent). */
  fail(xid: number, err: ChannelError): void {
    const entry = this.byXid.get(xid);
    if (entry !== undefined) this.settle(entry, err);
  }

  /**
   * Offer an incoming message. Returns true if it answered an outstanding request
   * (then the caller must not deliver it elsewhere).
   */
  offer(msg: OfMessage): boolean {
    const entry = this.byXid.get(msg.xid);
    if (entry === undefined) return false;
    if (msg.type === 'ERROR') {
      const err = new ChannelError(
        'OF_ERROR',
        `switch rejected ${entry.what}: error type ${msg.errType} code ${msg.errCode}`,
        msg.errType, msg.errCode, msg.data,
      );
      this.settle(entry, err);
      return true;
    }
    switch (entry.kind) {
      case 'reply':
        if (msg.type !== entry.expected) return false;
        this.settle(entry, undefined, msg);
        return true;
      case 'multipart':
        if (msg.type !== 'MULTIPART_REPLY') return false;
        entry.parts.push(msg);
        if ((msg.flags & REPLY_MORE) !== 0) {
          // A long reply (a big flow table) is alive as long as parts keep coming.
          entry.timer.refresh();
        } else {
          this.settle(entry, undefined, entry.parts);
        }
        return true;
      case 'confirm':
        if (msg.type !== 'BARRIER_REPLY' || msg.xid !== entry.barrierXid) return false;
        this.settle(entry, undefined, msg);
        return true;
    }
  }

  /** Reject everything outstanding (the connection closed). */
  rejectAll(err: ChannelError): void {
    const entries = new Set(this.byXid.values());
    for (const entry of entries) this.settle(entry, err);
  }

  private settle(entry: Pending, err: ChannelError | undefined, value?: unknown): void {
    clearTimeout(entry.timer);
    for (const x of entry.xids) {
      if (this.byXid.get(x) === entry) this.byXid.delete(x);
    }
    if (err !== undefined) entry.reject(err);
    else entry.resolve(value);
  }
}
