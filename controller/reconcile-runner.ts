// Drives one reconciliation on a connected switch: read its flows back (multipart
// FLOW, all tables), stream every reconciling app's desired flows through the
// FlowReconciler, send ADDs for what is missing and DELETE_STRICTs for what is stale,
// then a barrier. Desired flows are generated on demand, never stored by the core.
import { OFPG_ANY, OFPM_ALL, OFPMC_ADD, OFPMC_DELETE, OFPMC_MODIFY, OFPP_ANY, OFPTT_ALL } from '../southbound/codec/constants';
import type { FlowStats, MeterConfig, OfMessage } from '../southbound/codec/types';
import type { RegisteredApp } from './app-registry';
import { APP_ID_COOKIE_MASK, appIdOfCookie } from './cookies';
import { fromChannelError, SlrError } from './errors';
import type { Logger } from './logger';
import { flowAddMessage, strictDelete } from './messages';
import { FlowReconciler } from './reconcile';
import { planMeters, type MeterWanted } from './meter-reconcile';
import type { ReconcileReport } from './reconcile-report';
import type { SwitchLink } from './switch-link';

export interface ReconcileRun {
  link: SwitchLink;
  dpidHex: string;
  /** Apps whose desired flows are reconciled (usually all with desiredFlows). */
  apps: readonly RegisteredApp[];
  /** When reconciling a single app, read back only its cookie space. */
  onlyAppId?: number;
  log: Logger;
  readTimeoutMs: number;
  /** A barrier every this many messages keeps the send queue bounded on huge tables. */
  chunkSize: number;
  /** Checked before every message: a controller that lost the right to write stops mid-run. */
  mayWrite?: () => boolean;
  /** False: flows nobody declares are left (a takeover keeps live pins a mirror may have missed). Default true. */
  deleteStale?: boolean;
}

/** Desired flows compared between two turns of the event loop. */
const YIELD_EVERY = 5000;

async function readFlows(run: ReconcileRun): Promise<FlowStats[]> {
  const confine = run.onlyAppId !== undefined;
  const replies = await run.link.multipart(
    {
      type: 'MULTIPART_REQUEST',
      xid: 0,
      flags: 0,
      mpType: 'FLOW',
      body: {
        tableId: OFPTT_ALL,
        outPort: OFPP_ANY,
        outGroup: OFPG_ANY,
        cookie: confine ? BigInt(run.onlyAppId ?? 0) << 48n : 0n,
        cookieMask: confine ? APP_ID_COOKIE_MASK : 0n,
        match: [],
      },
    },
    run.readTimeoutMs,
  );
  const flows: FlowStats[] = [];
  for (const r of replies) if (r.mpType === 'FLOW') for (const f of r.body) flows.push(f);
  return flows;
}

class ChunkedSender {
  sent = 0;
  constructor(private readonly run: ReconcileRun) {}

  async send(msg: OfMessage): Promise<void> {
    if (this.run.mayWrite && !this.run.mayWrite()) throw new SlrError('NOT_MASTER', `${this.run.dpidHex}: lost the right to write during reconciliation`);
    if (!this.run.link.send(msg)) {
      // Queue over its limit: let the switch catch up once, then give up loudly.
      await this.run.link.barrier();
      if (!this.run.link.send(msg)) throw new SlrError('RECONCILE_FAILED', `${this.run.dpidHex}: send queue stays full`);
    }
    this.sent++;
    if (this.sent % this.run.chunkSize === 0) await this.run.link.barrier();
  }
}

async function readMeters(run: ReconcileRun): Promise<MeterConfig[]> {
  const replies = await run.link.multipart(
    { type: 'MULTIPART_REQUEST', xid: 0, flags: 0, mpType: 'METER_CONFIG', body: { meterId: OFPM_ALL } },
    run.readTimeoutMs,
  );
  const meters: MeterConfig[] = [];
  for (const r of replies) if (r.mpType === 'METER_CONFIG') meters.push(...r.body);
  return meters;
}

/**
 * Meters first: a flow naming a meter the switch lacks is refused (OFPMMFC_UNKNOWN_METER).
 * Only apps that declare desiredMeters take part; without them no meter is read.
 */
async function reconcileMeters(run: ReconcileRun, sender: ChunkedSender, report: ReconcileReport): Promise<number[]> {
  const withMeters = run.apps.filter((e) => e.app.desiredMeters !== undefined);
  if (withMeters.length === 0) return [];
  const dpid = run.link.datapathId;
  const desired: MeterWanted[] = [];
  for (const entry of withMeters) {
    const space = entry.meters;
    if (!space) continue;
    for (const m of entry.app.desiredMeters!.call(entry.app, dpid)) {
      const meterId = space.id(m.localId);
      if (meterId === undefined) {
        entry.log.warn({ localId: m.localId }, 'reconcile: desired meter id outside 1..65535');
        continue;
      }
      desired.push({ meterId, flags: m.flags, bands: m.bands });
    }
  }
  let actual: MeterConfig[] | undefined;
  try {
    actual = await readMeters(run);
  } catch (err) {
    const wrapped = fromChannelError(err, 'meter read-back');
    if (wrapped.code === 'SWITCH_CLOSED') throw wrapped;
    run.log.warn({ err: wrapped }, 'reconcile: cannot read meters; adding desired meters only');
  }
  const ids = new Set(withMeters.map((e) => e.app.appId));
  const plan = planMeters(actual ?? [], desired, (appId) => actual !== undefined && ids.has(appId));
  // Without a read-back an ADD may meet an existing meter: MODIFY is then the safe command.
  const addCommand = actual === undefined ? OFPMC_MODIFY : OFPMC_ADD;
  for (const m of plan.add) await sender.send({ type: 'METER_MOD', xid: 0, command: addCommand, flags: m.flags, meterId: m.meterId, bands: m.bands });
  for (const m of plan.modify) await sender.send({ type: 'METER_MOD', xid: 0, command: OFPMC_MODIFY, flags: m.flags, meterId: m.meterId, bands: m.bands });
  report.meters = { added: plan.add.length, modified: plan.modify.length, deleted: plan.remove.length, kept: plan.kept };
  if (plan.add.length + plan.modify.length > 0) {
    try {
      await run.link.barrier();
    } catch (err) {
      throw new SlrError('RECONCILE_FAILED', `${run.dpidHex}: barrier after adding meters failed`, { cause: err });
    }
  }
  // Deleted last (after the flows), so no flow still naming one is refused meanwhile.
  return plan.remove;
}

export async function runReconcile(run: ReconcileRun): Promise<ReconcileReport> {
  const report: ReconcileReport = { dpidHex: run.dpidHex, actual: 0, kept: 0, added: 0, deleted: 0, foreign: 0, readBack: true };
  const staleMeters = await reconcileMeters(run, new ChunkedSender(run), report);
  let actual: FlowStats[] = [];
  try {
    actual = await readFlows(run);
  } catch (err) {
    const wrapped = fromChannelError(err, 'flow read-back');
    if (wrapped.code === 'SWITCH_CLOSED') throw wrapped;
    // Without the switch's view nothing may be deleted; adding what we want is still safe.
    report.readBack = false;
    run.log.warn({ err: wrapped }, 'reconcile: cannot read flows; adding desired flows only');
  }
  report.actual = actual.length;
  const reconciler = new FlowReconciler();
  for (let i = 0; i < actual.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    reconciler.addActual(actual[i]);
  }
  actual = [];
  const sender = new ChunkedSender(run);
  const dpid = run.link.datapathId;
  const reconciling = new Set<number>();
  let considered = 0;

  for (const entry of run.apps) {
    const desired = entry.app.desiredFlows;
    if (!desired) continue;
    reconciling.add(entry.app.appId);
    for (const flow of desired.call(entry.app, dpid)) {
      let msg;
      try {
        msg = flowAddMessage(entry.space, flow);
      } catch (err) {
        entry.log.warn({ err }, 'reconcile: desired flow rejected');
        continue;
      }
      // A million kept pins would otherwise hold the event loop (and packet-ins) for seconds.
      if (++considered % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (reconciler.consider(msg.tableId, msg.priority, msg.match, msg.cookie, msg.instructions) === 'kept') {
        report.kept++;
      } else {
        await sender.send(msg);
        report.added++;
      }
    }
  }

  if (report.readBack) {
    const { stale, foreign } = reconciler.leftovers((appId) => reconciling.has(appId));
    if (run.deleteStale === false) {
      report.keptStale = stale.length;
      if (stale.length > 0) run.log.info({ flows: stale.length }, 'reconcile: takeover keeps flows no app declares (live pins younger than the mirror)');
    } else {
      for (const f of stale) {
        await sender.send(strictDelete(f.cookie, f.tableId, f.priority, f));
        report.deleted++;
      }
    }
    report.foreign = foreign.length;
    for (const f of foreign.slice(0, 20)) {
      run.log.info(
        { cookie: `0x${f.cookie.toString(16)}`, appId: appIdOfCookie(f.cookie), tableId: f.tableId, priority: f.priority },
        'reconcile: leaving a flow no registered app owns',
      );
    }
  }
  for (const meterId of staleMeters) {
    await sender.send({ type: 'METER_MOD', xid: 0, command: OFPMC_DELETE, flags: 0, meterId, bands: [] });
  }
  try {
    await run.link.barrier();
  } catch (err) {
    throw new SlrError('RECONCILE_FAILED', `${run.dpidHex}: barrier after reconciliation failed`, { cause: err });
  }
  return report;
}
