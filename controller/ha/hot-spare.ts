// The hot-spare coordinator: one per controller process of a pair. It keeps the master
// lease (lease.ts over a LeaseStore), and turns what the lease says into OpenFlow
// roles through the core: a spare claims SLAVE with the holder's generation id; a
// process that takes the lease claims MASTER with its new, higher generation id on
// every switch, waits for the ROLE_REPLYs (the core writes nothing before them), and
// only then serves. The core's write gate also asks the lease, so a master whose lease
// ran out (partitioned, paused) stops writing by its own clock.
// Serving peers (the registration services, the link to the level above) can fail at a
// takeover: a master that was paused rather than killed still holds their addresses
// (its unix socket answers) until it wakes up, finds the lease taken and exits. The new
// master then tries again at its lease renewals, every PEER_RETRY_MS, for as long as it
// holds the lease, so the levels below find it as soon as the address is free.
import type { Clock } from '../clock';
import type { RoleClaimOutcome, TakeoverReconcile } from '../controller';
import type { Logger } from '../logger';
import { LeaseTracker, type LeaseHolder, type LeaseState, type LeaseTiming } from './lease';
import type { LeaseStore } from './redis-lease';

/** What the coordinator needs of the core (the Controller). */
export interface RoleHost {
  claimRole(role: 'master' | 'slave', generationId: bigint, reconcile?: TakeoverReconcile): Promise<RoleClaimOutcome[]>;
  setLeaseCheck(holds: () => boolean): void;
}

/** How often a master that could not start serving its peers tries again. */
export const PEER_RETRY_MS = 250;

export interface HotSpareHooks {
  /** Before MASTER is claimed: load the mirrored state (pins) so the first reconciliation keeps it. */
  beforeMaster?(): Promise<void>;
  /**
   * After the switches answered the first MASTER claim: start serving peers (agents,
   * level above). A rejection leaves nothing half started; it is called again every
   * PEER_RETRY_MS while this process holds the lease, until it resolves once.
   */
  afterMaster?(): Promise<void>;
  /** Another process holds the lease we held: this process must stop acting as master. */
  demoted?(holder: LeaseHolder): void;
}

export interface HotSpareCounters {
  /** Times this process became master (a new generation). */
  promotions: number;
  /** Promotions that took over from another process's lease. */
  failovers: number;
  /** Times another process took the lease from us. */
  demotions: number;
  /** Times our lease ran out by our own clock before a renewal came back. */
  lapses: number;
  /** Lease commands that failed (store down or slow). */
  storeErrors: number;
  /** MASTER claims a switch refused as stale (a newer generation is known there). */
  staleClaims: number;
  /** Attempts to start serving peers (afterMaster) that failed, to be tried again. */
  peerStartFailures: number;
}

/** The last takeover, for logs and the hot-spare test. */
export interface TakeoverReport {
  generation: string;
  /** The holder we took over from (null: nobody held the lease). */
  from: string | null;
  /** Lease granted -> pins restored -> every switch confirmed MASTER (clock ms). */
  restoreMs: number;
  claimMs: number;
  switches: number;
  refused: number;
}

export interface HotSpareOptions {
  controller: RoleHost;
  store: LeaseStore;
  timing: LeaseTiming;
  clock: Clock;
  /** Unique per process (e.g. host:pid:random): the lease's owner. */
  owner: string;
  log: Logger;
  hooks?: HotSpareHooks;
}

export class HotSpare {
  readonly tracker: LeaseTracker;
  readonly counters: HotSpareCounters = { promotions: 0, failovers: 0, demotions: 0, lapses: 0, storeErrors: 0, staleClaims: 0, peerStartFailures: 0 };
  lastTakeover: TakeoverReport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();
  private servedPeers = false;
  /** An afterMaster attempt is running (retries never overlap it). */
  private servingPeers = false;
  /** Clock time of the next afterMaster attempt after a failed one. */
  private peersRetryAt = 0;
  /** The generation our SLAVE claims carry (so a changed holder is claimed again). */
  private slaveGeneration: bigint | null = null;
  private promoting: Promise<void> | null = null;
  private wasLapsed = false;

  constructor(private readonly opts: HotSpareOptions) {
    this.tracker = new LeaseTracker(opts.timing, opts.clock);
    opts.controller.setLeaseCheck(() => this.tracker.holds());
  }

  get state(): LeaseState {
    return this.tracker.state;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops renewing; a master stops writing and gives the lease up so the spare need not wait. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    const gen = this.tracker.generation;
    const held = this.tracker.state === 'master';
    this.tracker.released();
    if (held && gen !== null) {
      try {
        await this.opts.store.release(this.opts.owner, gen);
        this.opts.log.info({ generation: gen.toString() }, 'hot spare: lease released');
      } catch {
        // It expires by itself.
      }
    }
    await this.promoting?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().catch((err: unknown) => this.opts.log.error({ err }, 'hot spare: tick failed'));
      void this.ticking.then(() => this.schedule(this.delay()));
    }, Math.max(0, delayMs));
  }

  private delay(): number {
    const a = this.tracker.next();
    return a.kind === 'wait' ? a.untilMs - this.opts.clock.now() : 0;
  }

  /** One step of the lease loop (tests call it directly). */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const action = this.tracker.next();
    if (action.kind === 'wait') return;
    const { store, owner, timing, clock } = this.opts;
    const sentAt = clock.now();
    this.tracker.attempt(sentAt);
    this.noteLapse();
    if (action.kind === 'renew') {
      const gen = this.tracker.generation as bigint;
      let ok: boolean;
      try {
        ok = await store.renew(owner, gen, timing.ttlMs);
      } catch (err) {
        this.storeError(err);
        return;
      }
      if (ok) {
        this.tracker.granted(sentAt, gen);
        this.retryPeers();
        return;
      }
      // Not ours any more: taken (demoted) or expired (try to take it again at once).
      let holder: LeaseHolder | null = null;
      try {
        holder = await store.holder();
      } catch (err) {
        this.storeError(err);
      }
      if (holder !== null && holder.owner !== owner) this.lost(holder);
      else this.tracker.released();
      return;
    }
    let res;
    try {
      res = await store.acquire(owner, timing.ttlMs);
    } catch (err) {
      this.storeError(err);
      return;
    }
    if (res.granted) {
      const from = this.tracker.currentHolder;
      if (this.tracker.granted(sentAt, res.generation)) this.promote(res.generation, from);
      return;
    }
    if (res.holder === null) return;
    if (res.holder.owner === owner) return; // our own lease under an older generation: it expires
    if (this.tracker.state !== 'spare') {
      this.lost(res.holder);
      return;
    }
    this.tracker.heldBy(res.holder);
    if (this.slaveGeneration !== res.holder.generation) this.claimSlave(res.holder);
  }

  private noteLapse(): void {
    const lapsed = this.tracker.state === 'lapsed';
    if (lapsed && !this.wasLapsed) {
      this.counters.lapses++;
      this.opts.log.warn({ generation: this.tracker.generation?.toString() }, 'hot spare: master lease ran out before a renewal came back: writing nothing until it is renewed');
    }
    this.wasLapsed = lapsed;
  }

  private storeError(err: unknown): void {
    this.counters.storeErrors++;
    this.tracker.unreachable();
    if (this.counters.storeErrors % 50 === 1) {
      this.opts.log.warn({ err: err instanceof Error ? err.message : String(err), errors: this.counters.storeErrors }, 'hot spare: lease store unreachable');
    }
  }

  private lost(holder: LeaseHolder): void {
    const wasMaster = this.tracker.heldBy(holder);
    if (wasMaster || this.tracker.generation !== null) {
      this.counters.demotions++;
      this.opts.log.error({ holder: holder.owner, generation: holder.generation.toString() }, 'hot spare: another controller holds the master lease: this one writes nothing more');
      this.claimSlave(holder);
      this.opts.hooks?.demoted?.(holder);
    }
  }

  private claimSlave(holder: LeaseHolder): void {
    this.slaveGeneration = holder.generation;
    this.opts.log.info({ master: holder.owner, generation: holder.generation.toString() }, 'hot spare: standing by as slave');
    void this.opts.controller.claimRole('slave', holder.generation).then((outcomes) => {
      const refused = outcomes.filter((o) => !o.ok);
      // A switch that saw a newer generation refuses a slave claim as stale: claim again with the next holder's.
      if (refused.length > 0) {
        this.slaveGeneration = null;
        this.opts.log.warn({ refused: refused.map((o) => ({ dpid: o.dpid.toString(16), code: o.code })) }, 'hot spare: switches refused the slave claim');
      }
    });
  }

  private promote(generation: bigint, from: LeaseHolder | null): void {
    const run = async (): Promise<void> => {
      const { clock, log, controller, hooks } = this.opts;
      const t0 = clock.now();
      this.counters.promotions++;
      if (from !== null) this.counters.failovers++;
      log.info({ generation: generation.toString(), from: from?.owner ?? null }, 'hot spare: master lease taken: restoring state, then claiming MASTER');
      try {
        await hooks?.beforeMaster?.();
      } catch (err) {
        log.error({ err }, 'hot spare: restoring mirrored state failed: claiming MASTER anyway');
      }
      const t1 = clock.now();
      const outcomes = await controller.claimRole('master', generation, 'keep-stale');
      const t2 = clock.now();
      const refused = outcomes.filter((o) => !o.ok);
      const stale = refused.filter((o) => o.code === 'ROLE_STALE');
      this.lastTakeover = {
        generation: generation.toString(), from: from?.owner ?? null,
        restoreMs: t1 - t0, claimMs: t2 - t1, switches: outcomes.length, refused: refused.length,
      };
      log.info({ ...this.lastTakeover }, 'hot spare: master on every switch that answered');
      if (stale.length > 0) {
        // A switch knows a newer generation (a store that lost its counter): give the lease
        // up so the next acquire gets a fresh, higher generation.
        this.counters.staleClaims += stale.length;
        log.warn({ switches: stale.map((o) => o.dpid.toString(16)) }, 'hot spare: MASTER claim refused as stale: taking a newer generation');
        this.tracker.released();
        await this.opts.store.release(this.opts.owner, generation).catch(() => undefined);
      }
      await this.servePeers();
    };
    this.chain(run, 'hot spare: promotion failed');
  }

  /** Runs after the promotion steps before it (one at a time). */
  private chain(step: () => Promise<void>, failure: string): void {
    const prev = this.promoting ?? Promise.resolve();
    this.promoting = prev.then(step).catch((err: unknown) => this.opts.log.error({ err }, failure));
  }

  /** One attempt to start serving peers, once per mastership; a failure is tried again by retryPeers. */
  private async servePeers(): Promise<void> {
    if (this.servedPeers || this.servingPeers || this.stopped) return;
    const { hooks, log, clock } = this.opts;
    this.servingPeers = true;
    try {
      await hooks?.afterMaster?.();
      this.servedPeers = true;
      if (this.counters.peerStartFailures > 0) log.info({ failedAttempts: this.counters.peerStartFailures }, 'hot spare: serving peers');
    } catch (err) {
      this.counters.peerStartFailures++;
      this.peersRetryAt = clock.now() + PEER_RETRY_MS;
      // The first failure and then one in twenty: a paused old master may hold the address for a while.
      if (this.counters.peerStartFailures % 20 === 1) {
        log.warn({ err: err instanceof Error ? err.message : String(err), failedAttempts: this.counters.peerStartFailures, retryInMs: PEER_RETRY_MS },
          'hot spare: cannot serve peers yet; trying again');
      }
    } finally {
      this.servingPeers = false;
    }
  }

  /** At a renewal: start serving peers again if the last attempt failed and its retry is due. */
  private retryPeers(): void {
    if (this.servedPeers || this.servingPeers || this.stopped || this.counters.peerStartFailures === 0) return;
    if (!this.tracker.holds() || this.opts.clock.now() < this.peersRetryAt) return;
    this.peersRetryAt = Number.POSITIVE_INFINITY; // queued: the attempt sets the next one if it fails
    this.chain(() => this.servePeers(), 'hot spare: serving peers failed');
  }
}
