// The core: accepts switch connections, keeps the datapath registry, delivers typed
// events to apps, sends the changes apps return (stamped with their cookie space) and
// reconciles every switch on (re)connect. Apps compute; the core sends.
import { OFPCR_ROLE_EQUAL, OFPCR_ROLE_MASTER, OFPCR_ROLE_SLAVE } from '../southbound/codec/constants';
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
import { flowRemovedEvent, packetInEvent, portStatusEvent } from './switch-events';
import type { SwitchLink } from './switch-link';

const ROLE_NUMBERS = { equal: OFPCR_ROLE_EQUAL, master: OFPCR_ROLE_MASTER, slave: OFPCR_ROLE_SLAVE } as const;

export interface ControllerOptions {
  log: Logger;
  clock?: Clock;
  /** Flow read-back at reconnect; a dump of a big table takes longer than an ordinary request. */
  reconcileReadTimeoutMs?: number;
  /** Barrier every this many reconciliation messages. */
  reconcileChunkSize?: number;
  /** Limit PACKET_INs at each switch with a meter on its controller port (packet-in-meter.ts). */
  packetInMeter?: PacketInMeterOptions;
}

export interface ControllerCounters {
  packetIns: number;
  unclaimedPacketIns: number;
  messagesSent: number;
  sendOverloads: number;
  appErrors: number;
  reconciliations: number;
}

export class Controller {
  readonly datapaths = new DatapathRegistry();
  readonly apps = new AppRegistry();
  readonly clock: Clock;
  readonly counters: ControllerCounters = {
    packetIns: 0, unclaimedPacketIns: 0, messagesSent: 0, sendOverloads: 0, appErrors: 0, reconciliations: 0,
  };
  /** Present when openflow.packetInLimit.meter is on. */
  readonly packetInMeters: PacketInMeters | undefined;
  private readonly log: Logger;
  private readonly contexts = new Map<number, AppContext>();
  private readonly reconciling = new Map<bigint, Promise<ReconcileReport>>();
  private started = false;
  private stopped = false;

  constructor(private readonly opts: ControllerOptions) {
    this.log = opts.log;
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
    if (this.packetInMeters) void this.packetInMeters.switchUp(entry);
    // A slave may not write (spec 6.3.5): whoever is master keeps the flows right.
    if (link.role?.role === OFPCR_ROLE_SLAVE) {
      log.info({}, 'connected as slave: not reconciling');
      return;
    }
    void this.reconcile(dpid).catch(() => undefined);
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
  async setRole(dpid: bigint, role: 'equal' | 'master' | 'slave', generationId: bigint): Promise<RoleReply> {
    const entry = this.datapaths.connected(dpid);
    if (!entry?.link.setRole) throw new SlrError('UNKNOWN_DATAPATH', `no connected switch ${dpidToHex(dpid)} that takes role requests`);
    let reply: RoleReply;
    try {
      reply = await entry.link.setRole(ROLE_NUMBERS[role], generationId);
    } catch (err) {
      throw fromChannelError(err, `role request to ${entry.dpidHex}`);
    }
    entry.log.info({ role, generationId: generationId.toString() }, 'role changed');
    if (role !== 'slave') void this.reconcile(dpid).catch(() => undefined);
    return reply;
  }

  /** Reconciles all apps (or one) on a connected switch; concurrent calls for all apps share a run. */
  reconcile(dpid: bigint, appId?: number): Promise<ReconcileReport> {
    const entry = this.datapaths.connected(dpid);
    if (!entry) return Promise.reject(new SlrError('UNKNOWN_DATAPATH', `no connected switch ${dpidToHex(dpid)}`));
    const only = appId === undefined ? undefined : this.apps.get(appId);
    const run = runReconcile({
      link: entry.link,
      dpidHex: entry.dpidHex,
      apps: only ? [only] : this.apps.all(),
      onlyAppId: only?.app.appId,
      log: entry.log,
      readTimeoutMs: this.opts.reconcileReadTimeoutMs ?? 30_000,
      chunkSize: this.opts.reconcileChunkSize ?? 2000,
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

  private onSwitchClose(link: SwitchLink, reason: string): void {
    this.packetInMeters?.switchDown(link);
    const entry = this.datapaths.detach(link, this.clock.now());
    if (!entry) return; // an old, replaced connection: the switch is still up
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

