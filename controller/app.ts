// The contract between the core and an app. Handlers are synchronous functions of the
// app's state and the event that return the changes the app wants; the core sends
// them. Nothing here awaits on the packet-in path.
import type { Logger } from './logger';
import type { Clock } from './clock';
import type { Change, Changes, FlowFilter, FlowSpec } from './changes';
import type {
  DatapathInfo,
  FlowRemovedEvent,
  PacketInEvent,
  PortStatusEvent,
  SwitchDownEvent,
  SwitchErrorEvent,
  SwitchUpEvent,
} from './events';
import type { AggregateStats, FlowStats, MultipartReplyBody, MultipartRequestBody } from '../southbound/codec/types';
import type { ReconcileReport } from './reconcile-report';
import type { MeterSpace, MeterSpec } from './meter-space';

export interface DatapathDirectory {
  get(dpid: bigint): DatapathInfo | undefined;
  list(): DatapathInfo[];
}

/** What the core gives each app at start. Every write is confined to the app's cookie space. */
export interface AppContext {
  readonly appId: number;
  readonly name: string;
  readonly log: Logger;
  readonly clock: Clock;
  readonly datapaths: DatapathDirectory;
  /** This app's meter ids (the core allocates each app its own range; see meter-space.ts). */
  readonly meters: MeterSpace;
  /**
   * Sends changes outside an event handler (timers, REST calls, store updates).
   * Returns false if the switch is not connected or its send queue is full.
   */
  apply(dpid: bigint, changes: Change[]): boolean;
  /** Resolves once the switch has processed everything sent before (spec 6.2). */
  barrier(dpid: bigint): Promise<void>;
  /** This app's flows on a switch (its cookie space only), optionally narrowed. */
  flowStats(dpid: bigint, filter?: FlowFilter): Promise<FlowStats[]>;
  /**
   * Packet, byte and flow counts summed over this app's flows that the filter covers
   * (multipart AGGREGATE, spec 7.3.5.3): one small reply however many flows match, e.g.
   * all flows carrying one cookie.
   */
  aggregateStats(dpid: bigint, filter?: FlowFilter): Promise<AggregateStats>;
  /** Any other statistics or description request (port stats, groups, meters, ...). */
  multipart(dpid: bigint, body: MultipartRequestBody): Promise<MultipartReplyBody[]>;
  /** Re-runs reconciliation of this app's desired flows on one switch (e.g. after a state reload). */
  reconcile(dpid: bigint): Promise<ReconcileReport>;
  /**
   * Reconciles every app's desired flows on one switch, as at a reconnect (for recovery:
   * a switch found to have lost flows). Concurrent whole-switch runs share one.
   */
  reconcileSwitch(dpid: bigint): Promise<ReconcileReport>;
}

export interface App {
  /** Stable, unique, used in logs and config (apps.<name>). */
  readonly name: string;
  /** Fixed cookie-space id, 1..0xfffe (see WELL_KNOWN_APP_IDS): the same across restarts. */
  readonly appId: number;
  start?(ctx: AppContext): void | Promise<void>;
  stop?(): void | Promise<void>;
  /**
   * Every flow this app wants on the switch right now, generated on demand (not stored
   * by the core). Used at (re)connect to reconcile; apps without it are never reconciled
   * and their flows are left alone.
   */
  desiredFlows?(dpid: bigint): Iterable<FlowSpec>;
  /**
   * Every meter this app wants on the switch right now (ids local to its meter space).
   * Reconciled before the flows, so flows that name a meter never precede it; meters
   * of its space it no longer wants are deleted.
   */
  desiredMeters?(dpid: bigint): Iterable<MeterSpec>;
  onSwitchUp?(ev: SwitchUpEvent): Changes;
  onSwitchDown?(ev: SwitchDownEvent): void;
  onPortStatus?(ev: PortStatusEvent): Changes;
  /**
   * Return undefined when the packet is not for this app, so the next app sees it.
   * PACKET_INs sent by a flow carrying an app's cookie go to that app only.
   */
  onPacketIn?(ev: PacketInEvent): Changes;
  /** Only FLOW_REMOVEDs from this app's own cookie space arrive here. */
  onFlowRemoved?(ev: FlowRemovedEvent): Changes;
  onSwitchError?(ev: SwitchErrorEvent): void;
}
