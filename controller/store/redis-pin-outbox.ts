// The pin side of the Redis store: mirror operations waiting for Redis, bounded. Past
// the bound (a long outage under churn) the queue is dropped and, once Redis can take
// it, every live pin is mirrored again through the owners' re-mirror listeners.

import { PinOpQueue, type PinOp } from './pin-op-queue';
import type { PinMirror } from './types';

export interface PinOutboxHooks {
  maxPending: number;
  /** Something was queued: arrange a flush. */
  onQueued(): void;
  /** A failure to count and log (overflow, a throwing listener). */
  onError(what: string, err: unknown): void;
  /** Whether Redis is reachable now. */
  isConnected(): boolean;
  loadAll(): Promise<Map<string, string>>;
}

export class RedisPinOutbox {
  readonly mirror: PinMirror;
  private readonly queue = new PinOpQueue();
  private readonly conflictListeners = new Set<(key: string, theirs: string | null) => void>();
  private readonly remirrorListeners = new Set<() => void>();
  private overflowedFlag = false;
  private remirroring = false;
  dropped = 0;

  constructor(private readonly hooks: PinOutboxHooks) {
    this.mirror = {
      active: true,
      claim: (key, value) => this.push({ kind: 'claim', key, value }),
      release: (key, value) => this.push({ kind: 'release', key, value }),
      loadAll: () => hooks.loadAll(),
      onConflict: (listener) => {
        this.conflictListeners.add(listener);
        return () => this.conflictListeners.delete(listener);
      },
      onRemirrorNeeded: (listener) => {
        this.remirrorListeners.add(listener);
        return () => this.remirrorListeners.delete(listener);
      },
    };
  }

  get size(): number {
    return this.queue.size;
  }

  /** True when ops were dropped and a full re-mirror is owed. */
  get overflowed(): boolean {
    return this.overflowedFlag;
  }

  drain(max: number): PinOp[] {
    return this.queue.drain(max);
  }

  requeueFront(ops: readonly PinOp[]): void {
    this.queue.requeueFront(ops);
  }

  reportConflict(key: string, theirs: string): void {
    for (const l of this.conflictListeners) l(key, theirs);
  }

  private push(op: PinOp): void {
    if (this.overflowedFlag) {
      // Everything live is re-mirrored later: single ops add nothing meanwhile.
      this.dropped++;
      return;
    }
    this.queue.push(op);
    // Live pins must all fit during a re-mirror, whatever the bound: the pin table bounds them.
    if (this.queue.size > this.hooks.maxPending && !this.remirroring) {
      this.dropped += this.queue.drain(Infinity).length;
      this.overflowedFlag = true;
      this.hooks.onError('pin mirror', new Error(`more than ${this.hooks.maxPending} pin operations queued; dropped, will re-mirror`));
      // Connected (a burst, not an outage): re-mirror on the next turn; otherwise on reconnect.
      if (this.hooks.isConnected()) setImmediate(() => this.hooks.isConnected() && this.overflowedFlag && this.remirror());
      return;
    }
    this.hooks.onQueued();
  }

  /** Asks the pin owners to mirror every live pin again. */
  remirror(): void {
    this.overflowedFlag = false;
    this.remirroring = true;
    try {
      for (const l of this.remirrorListeners) {
        try {
          l();
        } catch (err) {
          this.hooks.onError('re-mirroring pins', err);
        }
      }
    } finally {
      this.remirroring = false;
    }
  }
}
