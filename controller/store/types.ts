// The controller's shared state behind one interface, with an in-memory implementation
// (embedded default) and a Redis one (several controllers, hot spare). Reads are always
// synchronous from memory: nothing on the packet-in path awaits a store.

/** One row of a load table: target j's load index s_kj for virtual subnet k. */
export interface LoadEntry {
  load: number;
  /** When the target measured it (ms since the epoch, from the reporter's clock). */
  reportedAt: number;
}

export interface LoadUpdate extends LoadEntry {
  /** Virtual subnet key, canonical "a.b.c.d/len". */
  subnet: string;
  targetId: string;
}

/** Synchronous view of the load tables, kept fresh in memory. */
export interface LoadTableReader {
  get(subnet: string, targetId: string): LoadEntry | undefined;
  /** All rows of one subnet (targetId -> entry), or undefined when none. */
  subnet(subnet: string): ReadonlyMap<string, LoadEntry> | undefined;
  subnets(): IterableIterator<string>;
}

/** Called after a row changes; entry is undefined when the row was removed. */
export type LoadListener = (subnet: string, targetId: string, entry: LoadEntry | undefined) => void;

/**
 * Mirror of the pin table for a hot spare. The claim itself is made in memory by the
 * pinning app (atomic per process); this only copies it out, asynchronously and batched.
 * Keys and values are opaque strings to the store.
 */
export interface PinMirror {
  /** False when there is nowhere to copy to (embedded store): callers skip building keys. */
  readonly active: boolean;
  /** Queues "set key=value if absent". Never blocks, never throws. */
  claim(key: string, value: string): void;
  /** Queues "delete key if it still holds value" (a peer's later claim is left alone). */
  release(key: string, value: string): void;
  /** Everything mirrored so far (for a spare taking over). */
  loadAll(): Promise<Map<string, string>>;
  /** Called when the shared copy already held another value for a claimed key. */
  onConflict(listener: (key: string, theirs: string | null) => void): () => void;
  /** Called when the shared copy was lost (backend restarted empty): claim everything again. */
  onRemirrorNeeded(listener: () => void): () => void;
}

export interface StoreStats {
  kind: 'memory' | 'redis';
  /** True while the backing service is reachable (always true in memory). */
  connected: boolean;
  /** Failed backend operations (each failed batch counts once). */
  errors: number;
  /** Writes waiting to reach the backend. */
  pendingLoadWrites: number;
  pendingPinOps: number;
  /** Pin operations dropped when the queue overflowed during an outage (then re-mirrored whole). */
  droppedPinOps?: number;
  /** Load rows received from peers (by subscription). */
  remoteLoadUpdates: number;
  /** Pin claims refused by the backend because the key already existed. */
  pinConflicts: number;
  /**
   * Times every live pin was mirrored again: the backend lost its data, another server
   * answers (a Sentinel failover, a restart from an older snapshot), or the queue overflowed.
   */
  pinRemirrors?: number;
}

export interface ControllerStore {
  readonly loads: LoadTableReader;
  readonly pins: PinMirror;
  /** Applies to the in-memory copy at once (if newer than what it holds) and persists/publishes asynchronously. */
  reportLoad(update: LoadUpdate): void;
  /** Removes every row of a target (expiry or deregistration). */
  removeTarget(targetId: string): void;
  /** Removes one row: the target no longer offers that subnet (it left its last report out). */
  withdrawLoad(subnet: string, targetId: string): void;
  onLoadChange(listener: LoadListener): () => void;
  /** Connects and loads the shared state; resolves even when the backend is down (it keeps retrying). */
  start(): Promise<void>;
  /** Flushes what it can and disconnects. */
  close(): Promise<void>;
  stats(): StoreStats;
  /** Optional: receives backend round-trip times (see controller/metrics/store-latency.ts). */
  setLatencyMetrics?(metrics: { observe(operation: string, seconds: number): void }): void;
}
