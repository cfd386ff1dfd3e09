// The embedded store: everything in this process. Same contract as the Redis store, so
// apps and tests do not care which one runs. By default it mirrors no pins: in one
// process the pin table is already the only copy, and a string copy of a million pins
// would cost more memory than the table itself. Tests of spares turn mirroring on.

import { LoadTableCache } from './load-table-cache';
import type { ControllerStore, LoadListener, LoadTableReader, LoadUpdate, PinMirror, StoreStats } from './types';

class MemoryPinMirror implements PinMirror {
  readonly pins = new Map<string, string>();
  constructor(readonly active: boolean) {}
  conflicts = 0;
  private readonly conflictListeners = new Set<(key: string, theirs: string | null) => void>();

  claim(key: string, value: string): void {
    if (!this.active) return;
    const theirs = this.pins.get(key);
    if (theirs === undefined) {
      this.pins.set(key, value);
      return;
    }
    if (theirs === value) return;
    this.conflicts++;
    for (const l of this.conflictListeners) l(key, theirs);
  }

  release(key: string, value: string): void {
    if (this.pins.get(key) === value) this.pins.delete(key);
  }

  async loadAll(): Promise<Map<string, string>> {
    return new Map(this.pins);
  }

  onConflict(listener: (key: string, theirs: string | null) => void): () => void {
    this.conflictListeners.add(listener);
    return () => this.conflictListeners.delete(listener);
  }

  /** The in-process copy cannot be lost on its own: never called. */
  onRemirrorNeeded(): () => void {
    return () => {};
  }
}

export interface MemoryStoreOptions {
  /** Keep a copy of claimed pins (for in-process spare tests); default false. */
  mirrorPins?: boolean;
}

export class MemoryStore implements ControllerStore {
  private readonly cache = new LoadTableCache();
  private readonly pinMirror: MemoryPinMirror;
  readonly loads: LoadTableReader = this.cache;
  readonly pins: PinMirror;

  constructor(opts: MemoryStoreOptions = {}) {
    this.pinMirror = new MemoryPinMirror(opts.mirrorPins ?? false);
    this.pins = this.pinMirror;
  }

  reportLoad(update: LoadUpdate): void {
    this.cache.apply(update);
  }

  removeTarget(targetId: string): void {
    for (const subnet of this.cache.subnetsOf(targetId)) this.cache.remove(subnet, targetId);
  }

  withdrawLoad(subnet: string, targetId: string): void {
    this.cache.remove(subnet, targetId);
  }

  onLoadChange(listener: LoadListener): () => void {
    return this.cache.onChange(listener);
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {}

  stats(): StoreStats {
    return {
      kind: 'memory',
      connected: true,
      errors: 0,
      pendingLoadWrites: 0,
      pendingPinOps: 0,
      droppedPinOps: 0,
      remoteLoadUpdates: 0,
      pinConflicts: this.pinMirror.conflicts,
    };
  }
}
