// The core: accepts switch connections, keeps the datapath registry, delivers typed
// events to apps, sends the changes apps return (stamped with their cookie space) and
// reconciles every switch on (re)connect. Apps compute; the core sends.
import { OFPBRC_IS_SLAVE, OFPET_BAD_REQUEST, OFPET_ROLE_REQUEST_FAILED, OFPRRFC_STALE } from '../southbound/codec/error-codes';
import type {
  ErrorMsg,
  MultipartReplyBody,
  MultipartRequestBody,
  OfMessage,
  RoleReply,
} from '../southbound/codec/types';
import type { App, AppContext } from './app';
import { makeAppContext, multipartBodies } from './app-context';
import { AppRegistry, type RegisteredApp } from './app-registry';
import type { Change, Changes } from './changes';
import { type Clock, systemClock } from './clock';
import { type DatapathEntry, DatapathRegistry } from './datapath-registry';
import { dpidToHex } from './dpid';
import { fromChannelError, SlrError } from './errors';
import type { ControllerEvent, PacketInEvent, SwitchUpEvent } from './events';
import { datapathLogger, type Logger } from './logger';
import { changeToMessage } from './messages';
import { type PacketInMeterOptions, PacketInMeters } from './packet-in-meter';
import type { ReconcileReport } from './reconcile-report';
import { runReconcile } from './reconcile-runner';
import { initialRole, ROLE_NUMBERS, roleMayWrite, roleNameOf, type OfRoleName } from './roles';
import { flowRemovedEvent, packetInEvent, portStatusEvent } from './switch-events';
import type { SwitchLink } from './switch-link';

/** How the reconciliation after becoming master treats flows nobody declares. */
export type TakeoverReconcile = 'full' | 'keep-stale';

/** The role this controller wants on every switch (hot-spare mode), sent to each new connection too. */
export interface DesiredRole {
  role: 'master' | 'slave';
  generationId: bigint;
  /** 'keep-stale': the first reconciliation as master deletes nothing (a takeover keeps every live pinned flow). */
  reconcile: TakeoverReconcile;
}

/** One switch's answer to a role claim. */
export interface RoleClaimOutcome {
  dpid: bigint;
  ok: boolean;
  role?: OfRoleName | 'unknown';
  /** SlrError code when not ok (ROLE_STALE, ROLE_REFUSED, SWITCH_TIMEOUT, ...). */
  code?: string;
}

export type RoleListener = (dpid: bigint, role: OfRoleName | 'unknown', why: 'reply' | 'demoted-by-switch') => void;

export interface ControllerOptions {
  log: Logger;
  clock?: Clock;
  /** Flow read-back at reconnect; a dump of a big table takes longer than an ordinary request. */
  reconcileReadTimeoutMs?: number;
  /** Barrier every this many reconciliation messages. */
  reconcileChunkSize?: number;
  /** Limit PACKET_INs at each switch with a meter on its controller port (packet-in-meter.ts). */
  packetInMeter?: PacketInMeterOptions;
  /**
   * Hot-spare mode: write only where a ROLE_REPLY confirmed MASTER and only while the
   * lease check passes (setLeaseCheck). Connections start 'unknown' (not writable).
   */
  requireMaster?: boolean;
}

export interface ControllerCounters {
  packetIns: number;
  unclaimedPacketIns: number;
  messagesSent: number;
  sendOverloads: number;
  appErrors: number;
  reconciliations: number;
  /** Writes not sent because this controller may not write to that switch (roles.ts). */
  writesBlocked: number;
  /** PACKET_INs dropped because this controller is not allowed to act on them (slave, no lease). */
  packetInsIgnored: number;
  /** ROLE_REPLYs that changed a connection's role. */
  roleChanges: number;
  /** ROLE_REQUESTs the switch refused or did not answer. */
  roleRequestsFailed: number;
  /** Connections a switch demoted under us (a write refused with OFPBRC_IS_SLAVE). */
  demotionsBySwitch: number;
}

export class Controller {
  readonly datapaths = new DatapathRegistry();
  readonly apps = new AppRegistry();
  readonly clock: Clock;
  readonly counters: ControllerCounters = {
    packetIns: 0, unclaimedPacketIns: 0, messagesSent: 0, sendOverloads: 0, appErrors: 0, reconciliations: 0,
    writesBlocked: 0, packetInsIgnored: 0, roleChanges: 0, roleRequestsFailed: 0, demotionsBySwitch: 0,
  };
  /** Present when openflow.packetInLimit.meter is on. */
  readonly packetInMeters: PacketInMeters | undefined;
  private readonly log: Logger;
  private readonly contexts = new Map<number, AppContext>();
  private readonly reconciling = new Map<bigint, Promise<ReconcileReport>>();
  private started = false;
  private stopped = false;
  private readonly requireMaster: boolean;
  private leaseHolds: () => boolean = () => true;
  private desired: DesiredRole | null = null;
  /** Per datapath: the latest role request sent, so a late reply to an older one is not applied. */
  private readonly roleSeq = new Map<bigint, number>();
  private readonly roleListeners: RoleListener[] = [];
  /** Datapaths whose next reconciliation as master must not delete (a takeover). */
  private readonly keepStaleOnce = new Set<bigint>();

  constructor(private readonly opts: ControllerOptions) {
    this.log = opts.log;
    this.requireMaster = opts.requireMaster === true;
    this.clock = opts.clock ?? systemClock;
    this.packetInMeters = opts.packetInMeter ? new PacketInMeters(opts.packetInMeter) : undefined;
  }

  register(app: App): void {
    if (this.started) throw new SlrError('APP_INVALID', `app "${app.name}" registered after start`);
    const reg = this.apps.register(app, this.log);
    this.contexts.set(app.appId, makeAppContext(this, reg));
  }

  async start(): Promise<void> {
    this.started = true;
    for (const reg of this.apps.all()) {
      await reg.app.start?.(this.contextOf(reg));
      reg.log.info({ appId: reg.app.appId }, 'app started');
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.packetInMeters?.stop();
    for (const entry of this.datapaths.list()) if (entry.up) entry.link.close('controller stopping');
    for (const reg of [...this.apps.all()].reverse()) {
      try {
        await reg.app.stop?.();
      } catch (err) {
        reg.log.error({ err }, 'app failed to stop');
      }
    }
  }

  contextOf(reg: RegisteredApp): AppContext {
    const ctx = this.contexts.get(reg.app.appId);
    if (!ctx) throw new SlrError('INTERNAL', `no context for app ${reg.app.name}`);
    return ctx;
  }

  connectedLink(dpid: bigint): SwitchLink | undefined {
    return this.datapaths.connected(dpid)?.link;
  }

  /** Called with every connection that completed the handshake. */
  attach(link: SwitchLink): void {
    if (this.stopped) {
      link.close('controller stopping');
      return;
    }
    const dpid = link.datapathId;
    const log = datapathLogger(this.log, dpid);
    const { entry, replaced } = this.datapaths.attach(link, log, this.clock.now());
    entry.role = initialRole(link.role, this.requireMaster, this.clock.now());
    if (replaced) {
      log.warn({ remote: link.remote }, 'switch reconnected: replacing its old connection');
      replaced.close('replaced by a new connection from the same datapath');
    }
    link.onMessage = (msg) => this.onSwitchMessage(entry, msg);
    link.onClose = (reason) => this.onSwitchClose(link, reason);
    log.info({ remote: link.remote, ports: entry.ports.size, nTables: entry.nTables }, 'switch up');

    const ev: SwitchUpEvent = { type: 'switch-up', dpid, datapath: entry };
    for (const reg of this.apps.all()) {
      if (reg.app.onSwitchUp) this.applyFrom(reg, entry, () => reg.app.onSwitchUp?.(ev), ev);
    }
    if (this.desired !== null) {
      // Hot-spare mode: claim the process's role first; writes wait for the reply.
      const d = this.desired;
      void this.setRole(dpid, d.role, d.generationId).catch(() => undefined);
      return;
    }
    // A slave may not write (spec 6.3.5): whoever is master keeps the flows right.
    if (!this.mayWrite(entry)) {
      log.info({ role: entry.role.role }, 'connected without the right to write: not reconciling');
      return;
    }
    if (this.packetInMeters) void this.packetInMeters.switchUp(entry);
    void this.reconcile(dpid).catch(() => undefined);
  }

  /** True when this controller may write to the switch now (roles.ts). */
  mayWrite(entry: DatapathEntry): boolean {
    return roleMayWrite(entry.role, this.requireMaster, this.requireMaster ? this.leaseHolds() : true);
  }

  /** Hot-spare mode: writes need this to return true as well (the master lease is held). */
  setLeaseCheck(holds: () => boolean): void {
    this.leaseHolds = holds;
  }

  /** Called when a connection's role changes (a ROLE_REPLY, or a switch refusing a write as slave). */
  onRoleChange(listener: RoleListener): () => void {
    this.roleListeners.push(listener);
    return () => {
      const i = this.roleListeners.indexOf(listener);
      if (i >= 0) this.roleListeners.splice(i, 1);
    };
  }

  /** The role claimed for every switch (null until claimRole). */
  get desiredRole(): DesiredRole | null {
    return this.desired;
  }

  /**
   * Claims a role on every connected switch and on each that connects later, and waits
   * for every answer. A controller becoming master writes to a switch only after that
   * switch's ROLE_REPLY (spec 6.3.5); with reconcile 'keep-stale' its first
   * reconciliation there adds what is missing and deletes nothing.
   */
  async claimRole(role: 'master' | 'slave', generationId: bigint, reconcile: TakeoverReconcile = 'full'): Promise<RoleClaimOutcome[]> {
    this.desired = { role, generationId, reconcile };
    const entries = this.datapaths.list().filter((e) => e.up);
    return Promise.all(entries.map(async (e): Promise<RoleClaimOutcome> => {
      try {
        const reply = await this.setRole(e.dpid, role, generationId);
        return { dpid: e.dpid, ok: true, role: roleNameOf(reply.role) };
      } catch (err) {
        return { dpid: e.dpid, ok: false, code: err instanceof SlrError ? err.code : 'INTERNAL' };
      }
    }));
  }

  /** Any multipart request to a connected switch (for the REST API and tools). */
  multipart(dpid: bigint, body: MultipartRequestBody): Promise<MultipartReplyBody[]> {
    const link = this.connectedLink(dpid);
    if (!link) return Promise.reject(new SlrError('UNKNOWN_DATAPATH', `no connected switch ${dpidToHex(dpid)}`));
    return multipartBodies(link, body, `${body.mpType} request to ${dpidToHex(dpid)}`);
  }

  /**
   * Changes this controller's role on one switch and waits for the switch to confirm
   * (spec 6.3.5: a new master must not write before the reply). A switch becoming
   * master is reconciled afterwards.
   */
  async setRole(dpid: bigint, role: OfRoleName, generationId: bigint): Promise<RoleReply> {
    const entry = this.datapaths.connected(dpid);
    if (!entry?.link.setRole) throw new SlrError('UNKNOWN_DATAPATH', `no connected switch ${dpidToHex(dpid)} that takes role requests`);
    const seq = (this.roleSeq.get(dpid) ?? 0) + 1;
    this.roleSeq.set(dpid, seq);
    const wasWritable = this.mayWrite(entry);
    if (role !== 'master' && entry.role.role === 'master') {
      // Stepping down: stop writing before the switch confirms.
      entry.role = { ...entry.role, role: 'unknown', changedAt: this.clock.now() };
    }
    let reply: RoleReply;
    try {
      reply = await entry.link.setRole(ROLE_NUMBERS[role], generationId);
    } catch (err) {
      this.counters.roleRequestsFailed++;
      const wrapped = roleError(fromChannelError(err, `role request (${role}, generation ${generationId}) to ${entry.dpidHex}`));
      entry.log.warn({ role, generationId: generationId.toString(), code: wrapped.code, err: wrapped.message }, 'switch refused the role request');
      throw wrapped;
    }
    // A newer request (or a reconnect) superseded this one: its reply decides.
    if (this.roleSeq.get(dpid) !== seq || this.datapaths.connected(dpid) !== entry) return reply;
    const confirmed = roleNameOf(reply.role);
    entry.role = { role: confirmed, generationId: reply.generationId, changedAt: this.clock.now(), demotedBySwitch: false };
    this.counters.roleChanges++;
    entry.log.info({ role: confirmed, generationId: reply.generationId.toString() }, 'role changed');
    this.emitRole(dpid, confirmed, 'reply');
    if (!wasWritable && this.mayWrite(entry)) {
      if (this.desired?.role === 'master' && this.desired.reconcile === 'keep-stale') this.keepStaleOnce.add(dpid);
      if (this.packetInMeters) void this.packetInMeters.switchUp(entry);
      void this.reconcile(dpid).catch(() => undefined);
    }
    return reply;
  }

  private emitRole(dpid: bigint, role: OfRoleName | 'unknown', why: 'reply' | 'demoted-by-switch'): void {
    for (const l of this.roleListeners) {
      try {
        l(dpid, role, why);
      } catch (err) {
        this.log.error({ err }, 'role listener threw');
      }
    }
  }

  /** Reconciles all apps (or one) on a connected switch; concurrent calls for all apps share a run. */
  reconcile(dpid: bigint, appId?: number): Promise<ReconcileReport> {
    const entry = this.datapaths.connected(dpid);
    if (!entry) return Promise.reject(new SlrError('UNKNOWN_DATAPATH', `no connected switch ${dpidToHex(dpid)}`));
    if (!this.mayWrite(entry)) {
      return Promise.reject(new SlrError('NOT_MASTER', `${entry.dpidHex}: not reconciling, this controller may not write there (role ${entry.role.role})`));
    }
    const only = appId === undefined ? undefined : this.apps.get(appId);
    const keepStale = only === undefined && this.keepStaleOnce.delete(dpid);
    const run = runReconcile({
      link: entry.link,
      dpidHex: entry.dpidHex,
      apps: only ? [only] : this.apps.all(),
      onlyAppId: only?.app.appId,
      log: entry.log,
      readTimeoutMs: this.opts.reconcileReadTimeoutMs ?? 30_000,
      chunkSize: this.opts.reconcileChunkSize ?? 2000,
      mayWrite: () => this.mayWrite(entry),
      deleteStale: !keepStale,
    }).then(
      (report) => {
        this.counters.reconciliations++;
        entry.log.info({ ...report }, 'reconciled');
        return report;
      },
      (err: unknown) => {
        if (entry.link === this.datapaths.connected(dpid)?.link) entry.log.error({ err }, 'reconciliation failed');
        throw err;
      },
    );
    if (!only) this.reconciling.set(dpid, run);
    return run;
  }

  /** The latest whole-switch reconciliation started for dpid (tests and the REST API wait on it). */
  lastReconcile(dpid: bigint): Promise<ReconcileReport> | undefined {
    return this.reconciling.get(dpid);
  }

  /** Sends an app's changes to one switch; false if unknown/down or any send overloaded. */
  applyChanges(reg: RegisteredApp, dpid: bigint, changes: Change[]): boolean {
    const entry = this.datapaths.connected(dpid);
    if (!entry) return false;
    return this.send(reg, entry, changes);
  }

  private send(reg: RegisteredApp, entry: DatapathEntry, changes: Change[]): boolean {
    if (!this.mayWrite(entry)) {
      this.counters.writesBlocked += changes.length;
      return false;
    }
    let ok = true;
    for (let i = 0; i < changes.length; i++) {
      let msg: OfMessage;
      try {
        msg = changeToMessage(reg.space, changes[i], reg.meters);
      } catch (err) {
        this.counters.appErrors++;
        reg.log.warn({ err, dpid: entry.dpidHex, kind: changes[i].kind }, 'change rejected');
        ok = false;
        continue;
      }
      if (entry.link.send(msg)) {
        this.counters.messagesSent++;
      } else {
        // Rate-limited: an overloaded switch would otherwise flood the log too.
        if (this.counters.sendOverloads++ % 10_000 === 0) {
          entry.log.warn({ overloads: this.counters.sendOverloads, app: reg.app.name }, 'switch send queue full: dropping messages');
        }
        ok = false;
      }
    }
    return ok;
  }

  /** Runs one handler with error isolation and sends what it returns. */
  private applyFrom(reg: RegisteredApp, entry: DatapathEntry, handler: () => Changes, ev: ControllerEvent): Changes {
    let changes: Changes;
    try {
      changes = handler();
    } catch (err) {
      this.counters.appErrors++;
      reg.log.error({ err, event: ev.type, dpid: entry.dpidHex }, 'app handler threw');
      return undefined;
    }
    if (changes && changes.length > 0) this.send(reg, entry, changes);
    return changes;
  }

  private onSwitchMessage(entry: DatapathEntry, msg: OfMessage): void {
    if (!entry.up) return;
    switch (msg.type) {
      case 'PACKET_IN':
        this.onPacketIn(entry, msg);
        return;
      case 'FLOW_REMOVED': {
        const owner = this.apps.ownerOf(msg.cookie);
        if (!owner?.app.onFlowRemoved) return;
        const ev = flowRemovedEvent(entry.dpid, msg);
        this.applyFrom(owner, entry, () => owner.app.onFlowRemoved?.(ev), ev);
        return;
      }
      case 'PORT_STATUS': {
        const ev = portStatusEvent(entry.dpid, msg);
        if (ev.change === 'delete') entry.ports.delete(msg.desc.portNo);
        else entry.ports.set(msg.desc.portNo, msg.desc);
        entry.log.info({ port: msg.desc.portNo, name: msg.desc.name, change: ev.change, up: ev.up }, 'port status');
        for (const reg of this.apps.all()) {
          if (reg.app.onPortStatus) this.applyFrom(reg, entry, () => reg.app.onPortStatus?.(ev), ev);
        }
        return;
      }
      case 'ERROR':
        this.onSwitchError(entry, msg);
        return;
      default:
        entry.log.debug({ type: msg.type }, 'unhandled switch message');
    }
  }

  /** Hot path: owner app first (by the cookie of the flow that sent it), then the rest in order. */
  private onPacketIn(entry: DatapathEntry, msg: OfMessage & { type: 'PACKET_IN' }): void {
    // A slave (or a master without its lease) leaves the packet to whoever may answer it.
    if (!this.mayWrite(entry)) {
      this.counters.packetInsIgnored++;
      return;
    }
    this.counters.packetIns++;
    const apps = this.apps.all();
    const owner = this.apps.ownerOf(msg.cookie);
    const ev = packetInEvent(entry.dpid, msg, owner !== undefined);
    if (owner && this.packetInTo(owner, entry, ev)) return;
    for (let i = 0; i < apps.length; i++) {
      const reg = apps[i];
      if (reg !== owner && this.packetInTo(reg, entry, ev)) return;
    }
    this.counters.unclaimedPacketIns++;
  }

  /** True when the app claimed the packet. No closure per packet: this runs ~10^5 times/s. */
  private packetInTo(reg: RegisteredApp, entry: DatapathEntry, ev: PacketInEvent): boolean {
    const handler = reg.app.onPacketIn;
    if (!handler) return false;
    let changes: Changes;
    try {
      changes = handler.call(reg.app, ev);
    } catch (err) {
      this.counters.appErrors++;
      reg.log.error({ err, event: ev.type, dpid: entry.dpidHex }, 'app handler threw');
      return false;
    }
    if (changes === undefined) return false;
    if (changes.length > 0) this.send(reg, entry, changes);
    return true;
  }

  private onSwitchError(entry: DatapathEntry, msg: ErrorMsg): void {
    if (msg.errType === OFPET_BAD_REQUEST && msg.errCode === OFPBRC_IS_SLAVE) this.demotedBySwitch(entry);
    entry.log.warn({ errType: msg.errType, errCode: msg.errCode, data: msg.data.subarray(0, 64).toString('hex') }, 'switch error');
    const ev = { type: 'switch-error', dpid: entry.dpid, errType: msg.errType, errCode: msg.errCode, data: msg.data } as const;
    for (const reg of this.apps.all()) {
      if (!reg.app.onSwitchError) continue;
      try {
        reg.app.onSwitchError(ev);
      } catch (err) {
        this.counters.appErrors++;
        reg.log.error({ err }, 'app handler threw on switch-error');
      }
    }
  }

  /** The switch refused a write as from a slave: another controller claimed master there. */
  private demotedBySwitch(entry: DatapathEntry): void {
    this.counters.demotionsBySwitch++;
    if (entry.role.role === 'slave') return;
    entry.role = { ...entry.role, role: 'slave', changedAt: this.clock.now(), demotedBySwitch: true };
    entry.log.warn({ generationId: entry.role.generationId?.toString() ?? null }, 'switch refused a write as from a slave: another controller is master here; writing nothing more');
    this.emitRole(entry.dpid, 'slave', 'demoted-by-switch');
  }

  private onSwitchClose(link: SwitchLink, reason: string): void {
    this.packetInMeters?.switchDown(link);
    const entry = this.datapaths.detach(link, this.clock.now());
    if (!entry) return; // an old, replaced connection: the switch is still up
    this.keepStaleOnce.delete(entry.dpid);
    entry.log.info({ reason }, 'switch down');
    const ev = { type: 'switch-down', dpid: entry.dpid, reason } as const;
    for (const reg of this.apps.all()) {
      try {
        reg.app.onSwitchDown?.(ev);
      } catch (err) {
        this.counters.appErrors++;
        reg.log.error({ err }, 'app handler threw on switch-down');
      }
    }
  }
}


/** A refused ROLE_REQUEST gets its own code: STALE tells the caller to claim again with a newer generation. */
function roleError(err: SlrError): SlrError {
  if (err.code !== 'SWITCH_REJECTED' || err.details?.ofErrorType !== OFPET_ROLE_REQUEST_FAILED) return err;
  const code = err.details.ofErrorCode === OFPRRFC_STALE ? 'ROLE_STALE' : 'ROLE_REFUSED';
  return new SlrError(code, err.message, { cause: err, details: err.details });
}
