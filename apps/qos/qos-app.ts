// The qos app: enforces per-service bandwidth shares and rate limits on access links
// with OpenFlow meters. Its desired state (meters and classify-table flows on each
// link's switch) is a pure function of the QoS state (shares.ts); the core reconciles
// it at (re)connect, meters before flows. A periodic audit reads the meters and the
// app's flows back from each link switch and has the core reconcile when anything is
// missing or different, so a switch that lost its meters (or the flows that name them)
// gets them back. Changes through the REST API are checked first and change nothing
// when a field is wrong.
import type { App, AppContext, FlowSpec, Logger, MeterSpec } from '../../controller';
import { WELL_KNOWN_APP_IDS, meterKey, parseDpid } from '../../controller';
import type { QosConfig } from './config-schema';
import { checkQosState, checkServiceQos, enforcementFor, grantShares, MeterIdAllocator, type QosProblem, type ServiceDirectory } from './shares';
import type { EffectiveShare, QosState, ServiceQos } from './types';

/** A refused change: every problem names its field. */
export class QosChangeError extends Error {
  override readonly name = 'QosChangeError';
  constructor(
    readonly kind: 'invalid' | 'not-found',
    readonly problems: QosProblem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
  }
}

/** What the REST API uses (northbound-api/routes/qos.ts). */
export interface QosPort {
  state(): QosState;
  shares(): EffectiveShare[];
  /** Checks and applies one service's QoS; throws QosChangeError and changes nothing when wrong. */
  setService(serviceId: string, q: ServiceQos): EffectiveShare;
  /** Removes a service's QoS (its meters go); false when it had none. */
  deleteService(serviceId: string): boolean;
  counters(): QosCounters;
}

export interface QosCounters {
  audits: number;
  /** Audits that found a link switch's meters or flows not as wanted, and had them reconciled. */
  repairs: number;
  metersRestored: number;
}

export class QosApp implements App, QosPort {
  readonly name = 'qos';
  readonly appId = WELL_KNOWN_APP_IDS.qos;
  private ctx: AppContext | null = null;
  private timer: NodeJS.Timeout | null = null;
  private current: QosState;
  private granted: EffectiveShare[];
  private readonly ids = new MeterIdAllocator();
  private readonly stats: QosCounters = { audits: 0, repairs: 0, metersRestored: 0 };
  private auditing = false;
  /** Reconciliations started by a change of shares and not finished: the audit waits for them. */
  private applying = 0;

  constructor(
    private readonly cfg: QosConfig,
    private readonly dir: ServiceDirectory,
    private readonly log: Logger,
  ) {
    this.current = { links: cfg.links, classes: cfg.classes, services: cfg.services };
    const problems = checkQosState(this.current, dir);
    if (problems.length > 0) throw new QosChangeError('invalid', problems.map((p) => ({ ...p, field: `qos${p.field.replace(/\//g, '.')}` })));
    // Slots in service-id order, so a restarted controller picks the same meter ids.
    for (const id of Object.keys(this.current.services).sort()) this.ids.slot(id);
    this.granted = grantShares(this.current);
  }

  start(ctx: AppContext): void {
    this.ctx = ctx;
    if (this.cfg.auditIntervalMs > 0) {
      this.timer = setInterval(() => void this.audit(), this.cfg.auditIntervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ctx = null;
  }

  desiredMeters(dpid: bigint): Iterable<MeterSpec> {
    return this.enforcement(dpid).meters;
  }

  desiredFlows(dpid: bigint): Iterable<FlowSpec> {
    return this.enforcement(dpid).flows;
  }

  private enforcement(dpid: bigint): ReturnType<typeof enforcementFor> {
    const space = this.ctx?.meters;
    const meterId = (local: number): number => space?.id(local) ?? local;
    return enforcementFor(dpid, this.current, this.granted, this.dir, this.ids, meterId, { burstMs: this.cfg.burstMs });
  }

  /** The switches of the links, as dpids. */
  private linkDpids(): bigint[] {
    return [...new Set(this.current.links.map((l) => parseDpid(l.dpid)).filter((d): d is bigint => d !== undefined))];
  }

  /**
   * Reads each connected link switch's meters and this app's flows back; when any
   * differ from what is wanted, the core reconciles this app there. Returns the
   * switches repaired.
   */
  async audit(): Promise<number> {
    const ctx = this.ctx;
    if (ctx === null || this.auditing || this.applying > 0) return 0;
    this.auditing = true;
    let repaired = 0;
    try {
      this.stats.audits++;
      for (const dpid of this.linkDpids()) {
        if (ctx.datapaths.get(dpid) === undefined) continue;
        try {
          if (await this.inStep(ctx, dpid)) continue;
          const report = await ctx.reconcile(dpid);
          const m = report.meters;
          // Another reconciliation may have put things right meanwhile: count only real repairs.
          if ((m?.added ?? 0) + (m?.modified ?? 0) + report.added === 0) continue;
          repaired++;
          this.stats.repairs++;
          this.stats.metersRestored += m?.added ?? 0;
          this.log.info({ dpid: dpid.toString(16), meters: report.meters, flowsAdded: report.added }, 'qos: restored meters or flows on a link switch');
        } catch (err) {
          this.log.warn({ err, dpid: dpid.toString(16) }, 'qos: audit of a link switch failed');
        }
      }
    } finally {
      this.auditing = false;
    }
    return repaired;
  }

  private async inStep(ctx: AppContext, dpid: bigint): Promise<boolean> {
    const want = this.enforcement(dpid);
    const replies = await ctx.multipart(dpid, { mpType: 'METER_CONFIG', body: { meterId: 0xffffffff } });
    const have = new Map<number, string>();
    for (const r of replies) if (r.mpType === 'METER_CONFIG') for (const m of r.body) have.set(m.meterId, meterKey(m.flags, m.bands));
    for (const m of want.meters) {
      if (have.get(ctx.meters.id(m.localId) ?? -1) !== meterKey(m.flags, m.bands)) return false;
    }
    const flows = await ctx.flowStats(dpid, { tableId: 0 });
    return flows.length === want.flows.length;
  }

  // --- the REST port ---

  state(): QosState {
    return structuredClone(this.current);
  }

  shares(): EffectiveShare[] {
    return this.granted.map((s) => ({ ...s }));
  }

  /** The class a service on this subnet is advertised with (the first service with a class), for the level above. */
  classOfSubnet(subnet: string): string | undefined {
    for (const [id, q] of Object.entries(this.current.services).sort(([a], [b]) => a.localeCompare(b))) {
      if (q.class !== undefined && this.dir.prefixOf(id) === subnet) return q.class;
    }
    return undefined;
  }

  counters(): QosCounters {
    return { ...this.stats };
  }

  setService(serviceId: string, q: ServiceQos): EffectiveShare {
    if (this.dir.prefixOf(serviceId) === undefined) throw new QosChangeError('not-found', [{ field: '/id', reason: `no service "${serviceId}"` }]);
    const problems = checkServiceQos(this.current, serviceId, q, this.dir, '');
    if (problems.length > 0) throw new QosChangeError('invalid', problems);
    const next: QosState = { ...this.current, services: { ...this.current.services, [serviceId]: { ...q } } };
    this.put(next);
    this.ids.slot(serviceId);
    return this.granted.find((s) => s.serviceId === serviceId)!;
  }

  deleteService(serviceId: string): boolean {
    if (!(serviceId in this.current.services)) return false;
    const services = { ...this.current.services };
    delete services[serviceId];
    this.put({ ...this.current, services });
    this.ids.release(serviceId);
    return true;
  }

  private put(next: QosState): void {
    this.current = next;
    this.granted = grantShares(next);
    this.log.info({ shares: this.granted }, 'qos: shares changed');
    const ctx = this.ctx;
    if (ctx === null) return;
    for (const dpid of this.linkDpids()) {
      if (ctx.datapaths.get(dpid) === undefined) continue;
      this.applying++;
      ctx.reconcile(dpid)
        .catch((err: unknown) => this.log.warn({ err, dpid: dpid.toString(16) }, 'qos: applying new shares failed'))
        .finally(() => this.applying--);
    }
  }
}
