// The controller core's own counters (Controller.counters) and registry state, read
// at scrape time.
import type { Registry } from 'prom-client';
import { collectedCounter, collectedGauge } from './collected';
import type { ControllerCounters } from '../controller';

/** What these series read from the Controller. */
export interface CoreSource {
  readonly counters: ControllerCounters;
  readonly datapaths: { readonly connectedCount: number };
  /** PACKET_INs dropped by the switches' controller-port meters, by datapath. */
  readonly packetInMeters?: { readonly droppedAtSwitch: ReadonlyMap<string, number> };
}

export function registerCoreMetrics(registry: Registry, source: () => CoreSource | undefined): void {
  const fromCounter = (name: string, help: string, pick: (c: ControllerCounters) => number): void => {
    collectedCounter({
      registry, name, help,
      read: (emit) => {
        const s = source();
        if (s) emit({}, pick(s.counters));
      },
    });
  };
  collectedGauge({
    registry, name: 'slr_switches_connected', help: 'Switches connected now (handshake done, not yet closed).',
    read: (emit) => {
      const s = source();
      if (s) emit({}, s.datapaths.connectedCount);
    },
  });
  fromCounter('slr_packet_ins_dispatched_total', 'PACKET_INs the core handed to apps.', (c) => c.packetIns);
  fromCounter('slr_packet_ins_unclaimed_total', 'PACKET_INs no app claimed.', (c) => c.unclaimedPacketIns);
  fromCounter('slr_app_messages_sent_total', 'Messages apps sent through the core (flows, packet-outs, groups, meters).', (c) => c.messagesSent);
  fromCounter('slr_send_overloads_total', 'App messages refused because a switch send queue was over its bound.', (c) => c.sendOverloads);
  fromCounter('slr_app_errors_total', 'App handlers that threw and changes the core rejected.', (c) => c.appErrors);
  fromCounter('slr_reconciliations_total', 'Completed reconciliations of a switch flow table.', (c) => c.reconciliations);
}
