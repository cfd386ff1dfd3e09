// The Redis store: load tables shared by every controller on one Redis, pins mirrored
// for a hot spare. Reads never touch Redis (the in-memory copy is kept fresh by
// pub/sub); writes are queued and sent as one pipeline per event-loop turn. Redis being
// down stops nothing: errors are logged and counted, writes wait in memory (coalesced),
// and on reconnect the queue is flushed and the tables reloaded.

import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { silentLogger, type Logger } from '../logger';
import { NO_STORE_LATENCY, type StoreLatencyMetrics } from '../metrics/store-latency';
import type { RedisEndpoint } from './config-schema';
import { LoadTableCache } from './load-table-cache';
import { connectClient, createRedisClient, serverRunId } from './redis-client';
import { RedisPinOutbox } from './redis-pin-outbox';
import { defineScripts, sendBatch, type PendingLoad } from './redis-batch';
import { decodeMessage, redisKeys, type RedisKeys } from './redis-codec';
import { loadMirroredPins, reloadLoadTables, rowKey } from './redis-reload';
import type { ControllerStore, LoadListener, LoadTableReader, LoadUpdate, PinMirror, StoreStats } from './types';

/** Where Redis is (url, or sentinels and a master group name: see redis-client.ts) and how to use it. */
export interface RedisStoreOptions extends RedisEndpoint {
  /** Namespace of every key and channel, so several deployments can share one Redis. */
  keyPrefix?: string;
  log?: Logger;
  /** Identifies this controller's own messages (echoes are skipped). */
  instanceId?: string;
  /** Most pin operations per pipeline; the rest go in the next turn. */
  maxPinOpsPerBatch?: number;
  /**
   * Most pin operations kept while Redis is away. Past it the queue is dropped and every
   * live pin is mirrored again on reconnect, so memory stays bounded in a long outage.
   */
  maxPendingPinOps?: number;
  /** Upper bound of the reconnect backoff. */
  maxReconnectDelayMs?: number;
  /** Wall clock for removal timestamps (compared with reporters' reportedAt). */
  now?: () => number;
}

export class RedisStore implements ControllerStore {
  private readonly cache = new LoadTableCache();
  readonly loads: LoadTableReader = this.cache;
  readonly pins: PinMirror;
  private readonly keys: RedisKeys;
  private readonly log: Logger;
  private readonly origin: string;
  private readonly maxPinOps: number;
  private latency: StoreLatencyMetrics = NO_STORE_LATENCY;
  private readonly now: () => number;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private pendingLoads = new Map<string, PendingLoad>();
  private readonly pinOutbox: RedisPinOutbox;
  private dataMarker: string | null = null;
  /** Run id of the Redis process last connected to (see checkForDataLoss). */
  private serverId: string | null = null;
  private pinRemirrors = 0;
  private readonly background = new Set<Promise<unknown>>();
  private flushScheduled = false;
  /** Flushes and reloads run one at a time, in order (see reload): a promise-chain lock. */
  private lockTail: Promise<void> = Promise.resolve();
  private lockHolders = 0;
  /** A flush is waiting for the lock: one queued flush takes everything pending. */
  private flushQueued = false;
  private cmdReady = false;
  private subscribed = false;
  private closed = false;
  private outage = false;
  private errors = 0;
  private remoteLoadUpdates = 0;
  private pinConflicts = 0;

  constructor(opts: RedisStoreOptions) {
    this.keys = redisKeys(opts.keyPrefix ?? 'slr:');
    this.log = opts.log ?? silentLogger();
    this.origin = opts.instanceId ?? randomUUID();
    this.maxPinOps = opts.maxPinOpsPerBatch ?? 10_000;
    this.now = opts.now ?? Date.now;
    const maxDelay = opts.maxReconnectDelayMs ?? 2000;
    const common = {
      lazyConnect: true,
      // Fail fast instead of queueing inside ioredis: we keep our own coalesced queue.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResubscribe: false,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, maxDelay),
    };
    // Both connections follow the master through a Sentinel failover on their own: each
    // reconnect asks the sentinels where the master is now.
    this.cmd = createRedisClient(opts, common);
    this.sub = createRedisClient(opts, common);
    defineScripts(this.cmd);
    this.pinOutbox = new RedisPinOutbox({
      maxPending: opts.maxPendingPinOps ?? 2_000_000,
      onQueued: () => this.scheduleFlush(),
      onError: (what, err) => this.noteError(what, err),
      isConnected: () => this.cmdReady,
      loadAll: () => loadMirroredPins(this.cmd, this.keys),
    });
    this.pins = this.pinOutbox.mirror;
    this.wireEvents();
  }

  private wireEvents(): void {
    this.cmd.on('ready', () => {
      this.cmdReady = true;
      if (this.outage) this.log.info('redis store: connection back, catching up');
      this.outage = false;
      this.track(this.catchUp());
    });
    this.cmd.on('close', () => {
      if (this.cmdReady && !this.closed) this.log.warn('redis store: connection lost; serving from memory');
      this.cmdReady = false;
      this.outage = !this.closed;
    });
    const onError = (which: string) => (err: Error) => {
      this.errors++;
      this.log.debug({ err: err.message, connection: which }, 'redis store: connection error');
    };
    this.cmd.on('error', onError('command'));
    this.sub.on('error', onError('subscriber'));
    this.sub.on('ready', () => this.track(this.subscribe()));
    this.sub.on('close', () => {
      this.subscribed = false;
    });
    this.sub.on('message', (channel: string, text: string) => {
      if (channel === this.keys.loadChannel) this.onMessage(text);
    });
  }

  private track(p: Promise<unknown>): void {
    const guarded = p.catch((err: unknown) => this.noteError('background task', err));
    this.background.add(guarded);
    void guarded.finally(() => this.background.delete(guarded));
  }

  private noteError(what: string, err: unknown): void {
    this.errors++;
    this.log.warn({ err: err instanceof Error ? err.message : String(err) }, `redis store: ${what} failed`);
  }

  private async subscribe(): Promise<void> {
    await this.sub.subscribe(this.keys.loadChannel);
    this.subscribed = true;
    // Messages published while we were not subscribed are lost: reload to cover the gap.
    if (this.cmdReady) await this.reload();
  }

  private async catchUp(): Promise<void> {
    await this.checkForDataLoss();
    await this.flush();
    await this.reload();
  }

  /**
   * A marker key set once per Redis dataset: when it changes between two connections,
   * Redis restarted empty (or was flushed) and everything mirrored before is gone, so the
   * pin owners are asked to mirror their pins again. Load rows heal in reload().
   *
   * The marker survives a Sentinel failover (the promoted replica has a copy), but its
   * copy may lack the last writes the old master acknowledged: replication is
   * asynchronous (Redis docs, "Redis replication"; Sentinel docs on losing acknowledged
   * writes). A restart that loaded an older snapshot is the same case. So when another
   * Redis process answers than before (another run id), every pin is mirrored again too.
   */
  private async checkForDataLoss(): Promise<void> {
    // A fresh value per attempt: if we end up setting it, it differs from any we saw before.
    const candidate = randomUUID();
    const previous = await this.cmd.set(this.keys.marker, candidate, 'NX', 'GET');
    const current = previous ?? candidate;
    const lost = this.dataMarker !== null && current !== this.dataMarker;
    this.dataMarker = current;
    const runId = await this.readRunId();
    const moved = !lost && this.serverId !== null && runId !== undefined && runId !== this.serverId;
    if (runId !== undefined) this.serverId = runId;
    if (lost) this.log.warn('redis store: Redis lost its data; mirroring pins again');
    if (moved) this.log.warn('redis store: another Redis server answers (failover or restart); mirroring pins again');
    if (lost || moved || this.pinOutbox.overflowed) {
      this.pinRemirrors++;
      this.pinOutbox.remirror();
    }
  }

  /** The server's run id; undefined (no opinion) when it cannot be read. */
  private async readRunId(): Promise<string | undefined> {
    try {
      return await serverRunId(this.cmd);
    } catch (err) {
      this.noteError('reading the server run id', err);
      return undefined;
    }
  }

  async start(): Promise<void> {
    const connect = async (r: Redis, which: string) => {
      try {
        await connectClient(r);
      } catch (err) {
        // ioredis keeps retrying in the background; the controller runs from memory meanwhile.
        this.outage = true;
        this.noteError(`initial ${which} connect`, err);
      }
    };
    await Promise.all([connect(this.cmd, 'command'), connect(this.sub, 'subscriber')]);
    await this.settle();
  }

  /** Runs fn after every earlier locked task, never two at once. */
  private withLock(fn: () => Promise<void>): Promise<void> {
    this.lockHolders++;
    const run = this.lockTail.then(fn).finally(() => {
      this.lockHolders--;
      if (this.cmdReady && (this.pendingLoads.size > 0 || this.pinOutbox.size > 0)) this.scheduleFlush();
    });
    this.lockTail = run.catch(() => undefined);
    return run;
  }

  /** Waits for in-flight background work (reloads, flushes); returns early while Redis is down. */
  async settle(): Promise<void> {
    while (this.background.size > 0 || this.flushScheduled || this.lockHolders > 0) {
      await Promise.all([...this.background]);
      await this.lockTail;
      if (this.flushScheduled) await new Promise((r) => setImmediate(r));
      if (!this.cmdReady) break;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settle();
    if (this.cmdReady) await this.flush();
    this.closed = true;
    for (const r of [this.cmd, this.sub]) {
      try {
        if (r.status === 'ready') await r.quit();
        else r.disconnect();
      } catch {
        r.disconnect();
      }
    }
  }

  reportLoad(update: LoadUpdate): void {
    if (!this.cache.apply(update)) return;
    this.queueLoad({ subnet: update.subnet, targetId: update.targetId, entry: { load: update.load, reportedAt: update.reportedAt } });
  }

  removeTarget(targetId: string): void {
    for (const subnet of this.cache.subnetsOf(targetId)) this.withdrawLoad(subnet, targetId);
  }

  withdrawLoad(subnet: string, targetId: string): void {
    if (!this.cache.remove(subnet, targetId)) return;
    this.queueLoad({ subnet, targetId, entry: null, removedAt: this.now() });
  }

  onLoadChange(listener: LoadListener): () => void {
    return this.cache.onChange(listener);
  }

  private queueLoad(p: PendingLoad): void {
    const k = rowKey(p.subnet, p.targetId);
    this.pendingLoads.set(k, p);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    // One pipeline per event-loop turn, however many writes the turn produced, sent one
    // turn later: a pin is claimed while its PACKET_IN is handled, before the channel's
    // own setImmediate that writes the FLOW_MOD and PACKET_OUT, so a single hop would put
    // the Redis pipeline (built, encoded and written: ~150 us measured on the wire by
    // bench:site) in front of the answer to the switch in 94 % of connections. The
    // immediate queued from inside an immediate runs in the next turn's check phase,
    // after the switch writes, and the loop does not sleep in between.
    setImmediate(() => setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    }));
  }

  private flush(): Promise<void> {
    if (!this.cmdReady || this.flushQueued) return Promise.resolve();
    this.flushQueued = true;
    return this.withLock(async () => {
      this.flushQueued = false;
      if (this.cmdReady) await this.flushLocked();
    });
  }

  private async flushLocked(): Promise<void> {
    if (this.pendingLoads.size === 0 && this.pinOutbox.size === 0) return;
    const loads = this.pendingLoads;
    this.pendingLoads = new Map();
    const pinOps = this.pinOutbox.drain(this.maxPinOps);
    const started = performance.now();
    try {
      const outcome = await sendBatch(this.cmd, this.keys, this.origin, [...loads.values()], pinOps);
      this.latency.observe(pinOps.length > 0 ? 'pin_batch' : 'load_write', (performance.now() - started) / 1000);
      for (const err of outcome.commandErrors) this.noteError('command', err);
      for (const [key, theirs] of outcome.conflicts) {
        this.pinConflicts++;
        this.pinOutbox.reportConflict(key, theirs);
      }
    } catch (err) {
      // Nothing of the batch is known to have landed: put it back (newer writes win).
      for (const [k, p] of loads) if (!this.pendingLoads.has(k)) this.pendingLoads.set(k, p);
      this.pinOutbox.requeueFront(pinOps);
      this.noteError('write batch', err);
    }
  }

  private onMessage(text: string): void {
    const m = decodeMessage(text);
    if (m === undefined) {
      this.noteError('decoding a load message', new Error(text.slice(0, 80)));
      return;
    }
    if (m.origin === this.origin) return;
    for (const [subnet, targetId, load, reportedAt] of m.set) {
      if (this.cache.apply({ subnet, targetId, load, reportedAt })) this.remoteLoadUpdates++;
    }
    for (const [subnet, targetId, removedAt] of m.removed) {
      if (this.cache.removeIfNotNewer(subnet, targetId, removedAt)) this.remoteLoadUpdates++;
    }
  }

  /** Reloads the load tables under the flush lock (see reloadLoadTables). */
  private reload(): Promise<void> {
    return this.withLock(async () => {
      const started = performance.now();
      await reloadLoadTables(this.cmd, this.keys, this.cache, this.pendingLoads);
      this.latency.observe('reload', (performance.now() - started) / 1000);
    });
  }

  setLatencyMetrics(metrics: StoreLatencyMetrics): void {
    this.latency = metrics;
  }

  stats(): StoreStats {
    return {
      kind: 'redis',
      connected: this.cmdReady && this.subscribed,
      errors: this.errors,
      pendingLoadWrites: this.pendingLoads.size,
      pendingPinOps: this.pinOutbox.size,
      droppedPinOps: this.pinOutbox.dropped,
      remoteLoadUpdates: this.remoteLoadUpdates,
      pinConflicts: this.pinConflicts,
      pinRemirrors: this.pinRemirrors,
    };
  }
}
