// The recovery app (cookie space 4; it installs no flows of its own). It keeps the
// recovery rule's promise that a switch gets every desired flow back, and that a pin
// lives as long as its connection rather than its switch flow:
// - lost flows: a pin flow deleted while its pin lives is put straight back by
//   flow-pinning (FLOW_REMOVED reason DELETE), and this app then reconciles the whole
//   switch, since a delete seldom comes alone; a periodic audit counts each app's flows
//   without timeouts per cookie (one aggregate statistics request each) and reconciles a
//   switch that holds fewer than wanted (del-flows, a table reset); reconnects are
//   reconciled by the core;
// - pins outlive idle timeouts: flow-pinning keeps a pin whose flow idled out (dormant)
//   and the next packet re-installs the same flow; this app releases pins dormant for
//   longer than pinIdleLimitSec;
// - restart: the process module restores pins from the store before switches connect
//   (cli/slr-process.ts), so the first reconciliation keeps their flows.
// Decisions are pure functions in decide.ts; timers live here, outside any handler.
import type { App, AppContext, Changes, FlowSpec, ReconcileReport, SwitchDownEvent, SwitchUpEvent } from '../../controller';
import { APP_ID_COOKIE_MASK, LOCAL_COOKIE_MAX, OFPG_ANY, OFPP_ANY, OFPTT_ALL, WELL_KNOWN_APP_IDS } from '../../controller';
import type { SlrLevel } from '../../level/slr-level';
import type { FlowPinningApp } from '../flow-pinning/flow-pinning-app';
import type { RecoveryConfig } from './config';
import { dormantCutoff, lostFlows, type AuditRow } from './decide';

const ALL_COOKIE_BITS = APP_ID_COOKIE_MASK | LOCAL_COOKIE_MAX;
/** A switch that just connected is being reconciled by the core: no audit that soon. */
const AUDIT_GRACE_AFTER_CONNECT_MS = 2000;

/** An app whose flows the audit counts; staticFlows (flows without timeouts) when it has them. */
export type AuditedApp = App & { staticFlows?(dpid: bigint): Iterable<FlowSpec> };

export interface RecoveryCounters {
  /** Audits run (one per switch per interval). */
  audits: number;
  /** Audits that found a switch holding fewer flows than wanted. */
  auditsFoundLoss: number;
  /** Whole-switch reconciliations this app started (audit or lost pin flow). */
  repairs: number;
  /** Flows those reconciliations added back. */
  flowsRestored: number;
  /** Dormant pins released after pinIdleLimitSec. */
  pinsExpired: number;
}

export interface RecoveryDeps {
  levels: readonly SlrLevel[];
  pinning: FlowPinningApp;
  config: RecoveryConfig;
}

type RepairCause = 'audit' | 'pin-flow-deleted';

export class RecoveryApp implements App {
  readonly name = 'recovery';
  readonly appId = WELL_KNOWN_APP_IDS.recovery;
  readonly counters: RecoveryCounters = { audits: 0, auditsFoundLoss: 0, repairs: 0, flowsRestored: 0, pinsExpired: 0 };
  private ctx: AppContext | null = null;
  private audited: readonly AuditedApp[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  /** Switches being repaired, and those asked again meanwhile (one more run after). */
  private readonly repairing = new Set<bigint>();
  private readonly again = new Map<bigint, RepairCause>();
  private readonly auditing = new Set<bigint>();
  /** When each switch last connected (the core's clock). */
  private readonly upAt = new Map<bigint, number>();

  constructor(private readonly deps: RecoveryDeps) {
    deps.pinning.life = { keepPastIdle: deps.config.pinIdleLimitSec > 0 };
  }

  /** The apps whose flows the audit counts (every app of the process; set once they are built). */
  watchApps(apps: readonly App[]): void {
    this.audited = apps.filter((a) => a !== this && (a as AuditedApp).desiredFlows !== undefined);
  }

  start(ctx: AppContext): void {
    this.ctx = ctx;
    const cfg = this.deps.config;
    this.deps.pinning.onLostPinFlow((lost) => this.repair(lost.dpid, 'pin-flow-deleted'));
    if (cfg.auditIntervalMs > 0) this.timers.push(setInterval(() => this.auditAll(), cfg.auditIntervalMs));
    if (cfg.pinIdleLimitSec > 0) this.timers.push(setInterval(() => this.sweep(), cfg.sweepIntervalMs));
    for (const t of this.timers) t.unref();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.ctx = null;
  }

  onSwitchUp(ev: SwitchUpEvent): Changes {
    if (this.ctx !== null) this.upAt.set(ev.dpid, this.ctx.clock.now());
    return undefined;
  }

  onSwitchDown(ev: SwitchDownEvent): void {
    // The core reconciles the switch when it comes back.
    this.again.delete(ev.dpid);
    this.upAt.delete(ev.dpid);
  }

  /** Releases pins dormant for longer than pinIdleLimitSec; returns how many. */
  sweep(): number {
    const ctx = this.ctx;
    if (ctx === null) return 0;
    let n = 0;
    for (const level of this.deps.levels) {
      // Pins carry the level's wall-clock times.
      const released = level.pins.expireDormant(dormantCutoff(level.clock.now(), this.deps.config.pinIdleLimitSec));
      level.counters.pinsReleased += released;
      n += released;
    }
    this.counters.pinsExpired += n;
    return n;
  }

  private auditAll(): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    const now = ctx.clock.now();
    for (const dp of ctx.datapaths.list()) {
      if (!dp.up || this.auditing.has(dp.dpid) || this.repairing.has(dp.dpid)) continue;
      if (now - (this.upAt.get(dp.dpid) ?? -Infinity) < AUDIT_GRACE_AFTER_CONNECT_MS) continue;
      this.auditing.add(dp.dpid);
      this.audit(dp.dpid)
        .catch((err: unknown) => ctx.log.debug({ err, dpid: dp.dpidHex }, 'recovery: audit failed'))
        .finally(() => this.auditing.delete(dp.dpid));
    }
  }

  /** What each audited app wants on a switch without timeouts, counted per (app, cookie). */
  desiredCounts(dpid: bigint): AuditRow[] {
    const rows = new Map<string, AuditRow>();
    for (const app of this.audited) {
      const flows = app.staticFlows ? app.staticFlows(dpid) : app.desiredFlows?.(dpid) ?? [];
      for (const f of flows) {
        if ((f.idleTimeout ?? 0) !== 0 || (f.hardTimeout ?? 0) !== 0) continue;
        const key = `${app.appId}|${f.cookie}`;
        const row = rows.get(key);
        if (row) row.desired++;
        else rows.set(key, { appId: app.appId, cookie: f.cookie ?? 0n, desired: 1, actual: 0 });
      }
    }
    return [...rows.values()];
  }

  /** One audit of one switch: aggregate flow counts by cookie against what the apps want. */
  async audit(dpid: bigint): Promise<AuditRow[]> {
    const ctx = this.ctx;
    if (ctx === null) return [];
    const rows = this.desiredCounts(dpid);
    for (const row of rows) {
      const replies = await ctx.multipart(dpid, {
        mpType: 'AGGREGATE',
        body: {
          tableId: OFPTT_ALL, outPort: OFPP_ANY, outGroup: OFPG_ANY,
          cookie: (BigInt(row.appId) << 48n) | row.cookie, cookieMask: ALL_COOKIE_BITS, match: [],
        },
      });
      for (const r of replies) if (r.mpType === 'AGGREGATE') row.actual += r.body.flowCount;
    }
    this.counters.audits++;
    const lost = lostFlows(rows);
    if (lost.length > 0) {
      this.counters.auditsFoundLoss++;
      ctx.log.warn({ dpid: ctx.datapaths.get(dpid)?.dpidHex, lost: lost.map((r) => ({ app: r.appId, cookie: Number(r.cookie), desired: r.desired, actual: r.actual })) },
        'recovery: switch lost flows; reconciling it');
      this.repair(dpid, 'audit');
    }
    return lost;
  }

  /** Reconciles a whole switch; a request while one runs makes exactly one more run after it. */
  private repair(dpid: bigint, cause: RepairCause): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    if (this.repairing.has(dpid)) {
      this.again.set(dpid, cause);
      return;
    }
    this.repairing.add(dpid);
    const started = ctx.clock.now();
    this.counters.repairs++;
    ctx.reconcileSwitch(dpid).then(
      (report: ReconcileReport) => {
        this.counters.flowsRestored += report.added;
        ctx.log.info({ dpid: report.dpidHex, cause, added: report.added, kept: report.kept, deleted: report.deleted, ms: ctx.clock.now() - started },
          'recovery: switch flows restored');
      },
      (err: unknown) => ctx.log.warn({ err, cause }, 'recovery: reconciling a switch failed'),
    ).finally(() => {
      this.repairing.delete(dpid);
      const next = this.again.get(dpid);
      this.again.delete(dpid);
      if (next !== undefined && ctx.datapaths.get(dpid)?.up) this.repair(dpid, next);
    });
  }
}
