// Series read at scrape time from the service-routing app and its store: pins held,
// load index per target and subnet as this SLR sees it, packet-in outcomes. The app
// is described structurally so the core does not import apps (dependencies point one way).
import type { Registry } from 'prom-client';
import type { LoadTableReader, StoreStats } from '../store/types';
import { collectedCounter, collectedGauge } from './collected';

export interface ServiceRoutingCountersView {
  readonly newConnections: number;
  readonly repeatPacketIns: number;
  readonly noEligibleTarget: number;
  readonly undeliverable: number;
  readonly arpReplies: number;
  readonly pinsReleased: number;
}

/** A service as the catalog lists it: id, VIP prefix and the targets that serve it. */
export interface CatalogServiceView {
  readonly id: string;
  readonly subnet: string;
  readonly targetIds: readonly string[];
}

/** A target as the catalog lists it: id and admin state. */
export interface CatalogTargetView {
  readonly id: string;
  readonly adminState: string;
}

export const ADMIN_STATES = ['enabled', 'draining', 'disabled'] as const;

/** What these series read from a ServiceRoutingApp. */
export interface ServiceRoutingSource {
  readonly counters: ServiceRoutingCountersView;
  readonly pins: { readonly size: number; countForTarget?(target: string): number };
  readonly store: { readonly loads: LoadTableReader; stats(): StoreStats };
  /** Known services and targets, so their decision series can start at 0. */
  readonly catalog?: { services(): readonly CatalogServiceView[]; targets?(): readonly CatalogTargetView[]; onChange(listener: () => void): unknown };
}

const OUTCOMES: ReadonlyArray<[string, keyof ServiceRoutingCountersView]> = [
  ['new_connection', 'newConnections'],
  ['repeat', 'repeatPacketIns'],
  ['no_target', 'noEligibleTarget'],
  ['undeliverable', 'undeliverable'],
  ['arp_reply', 'arpReplies'],
];

export function registerServiceRoutingMetrics(registry: Registry, source: () => ServiceRoutingSource | undefined, now: () => number = Date.now): void {
  collectedGauge({
    registry, name: 'slr_pins', help: 'Connections pinned now (exact-match flows this SLR holds state for).',
    read: (emit) => { const s = source(); if (s) emit({}, s.pins.size); },
  });
  // Per target: how much a drain has left, and which targets take new connections.
  collectedGauge({
    registry, name: 'slr_target_pins', help: 'Connections pinned to each configured target now.', labelNames: ['target'],
    read: (emit) => {
      const s = source();
      const count = s?.pins.countForTarget?.bind(s.pins);
      if (s?.catalog?.targets && count) for (const t of s.catalog.targets()) emit({ target: t.id }, count(t.id));
    },
  });
  collectedGauge({
    registry, name: 'slr_target_admin_state', help: 'Admin state of each configured target: 1 for its current state.', labelNames: ['target', 'state'],
    read: (emit) => {
      const targets = source()?.catalog?.targets?.() ?? [];
      for (const t of targets) for (const state of ADMIN_STATES) emit({ target: t.id, state }, t.adminState === state ? 1 : 0);
    },
  });
  collectedCounter({
    registry, name: 'slr_pins_expired_total', help: 'Pins released because their flow was removed (idle timeout or delete).',
    read: (emit) => { const s = source(); if (s) emit({}, s.counters.pinsReleased); },
  });
  collectedCounter({
    registry, name: 'slr_service_routing_packet_ins_total',
    help: 'PACKET_INs the service-routing app handled, by outcome.', labelNames: ['outcome'],
    read: (emit) => {
      const s = source();
      if (s) for (const [outcome, field] of OUTCOMES) emit({ outcome }, s.counters[field]);
    },
  });
  collectedGauge({
    registry, name: 'slr_load_index', help: 'Load index s_kj of target j for virtual subnet k, as this SLR sees it.',
    labelNames: ['subnet', 'target'],
    read: (emit) => {
      const loads = source()?.store.loads;
      if (!loads) return;
      for (const subnet of loads.subnets()) {
        for (const [target, entry] of loads.subnet(subnet) ?? []) emit({ subnet, target }, entry.load);
      }
    },
  });
  collectedGauge({
    registry, name: 'slr_load_report_age_seconds', help: 'Age of the load report behind slr_load_index.',
    labelNames: ['subnet', 'target'],
    read: (emit) => {
      const loads = source()?.store.loads;
      if (!loads) return;
      const t = now();
      for (const subnet of loads.subnets()) {
        for (const [target, entry] of loads.subnet(subnet) ?? []) emit({ subnet, target }, Math.max(0, (t - entry.reportedAt) / 1000));
      }
    },
  });
  registerStoreStatsMetrics(registry, () => source()?.store.stats());
}

function registerStoreStatsMetrics(registry: Registry, stats: () => StoreStats | undefined): void {
  collectedGauge({
    registry, name: 'slr_store_up', help: '1 while the store backend is reachable.', labelNames: ['backend'],
    read: (emit) => { const s = stats(); if (s) emit({ backend: s.kind }, s.connected ? 1 : 0); },
  });
  collectedCounter({
    registry, name: 'slr_store_errors_total', help: 'Failed store backend operations (Redis command errors; a failed batch counts once).',
    labelNames: ['backend'],
    read: (emit) => { const s = stats(); if (s) emit({ backend: s.kind }, s.errors); },
  });
  collectedGauge({
    registry, name: 'slr_store_pending_writes', help: 'Writes waiting to reach the store backend.', labelNames: ['kind'],
    read: (emit) => {
      const s = stats();
      if (!s) return;
      emit({ kind: 'load' }, s.pendingLoadWrites);
      emit({ kind: 'pin' }, s.pendingPinOps);
    },
  });
  collectedCounter({
    registry, name: 'slr_store_pin_conflicts_total', help: 'Pin claims the shared store refused because another value was there.',
    read: (emit) => { const s = stats(); if (s) emit({}, s.pinConflicts); },
  });
  collectedCounter({
    registry, name: 'slr_store_pin_remirrors_total',
    help: 'Times every live pin was mirrored to the store again (Redis came back empty, another Redis answers after a failover, or the pin queue overflowed).',
    read: (emit) => { const s = stats(); if (s?.pinRemirrors !== undefined) emit({}, s.pinRemirrors); },
  });
  collectedCounter({
    registry, name: 'slr_store_remote_load_updates_total', help: 'Load rows received from peer controllers through the store.',
    read: (emit) => { const s = stats(); if (s) emit({}, s.remoteLoadUpdates); },
  });
}
