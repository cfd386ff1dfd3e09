// The controller core's own counters (Controller.counters) and registry state, read
// at scrape time.
import type { Registry } from 'prom-client';
import { collectedCounter, collectedGauge } from './collected';
import type { ControllerCounters } from '../controller';
import type { DatapathRole } from '../roles';

/** What these series read from the Controller. */
export interface CoreSource {
  readonly counters: ControllerCounters;
  readonly datapaths: {
    readonly connectedCount: number;
    /** Every known datapath with this controller's role there (slr_openflow_role). */
    list?(): ReadonlyArray<{ readonly dpidHex: string; readonly up: boolean; readonly role: DatapathRole }>;
  };
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
  fromCounter('slr_writes_blocked_total', 'App messages not sent because this controller may not write to that switch (slave, no ROLE_REPLY yet, or no master lease).', (c) => c.writesBlocked ?? 0);
  fromCounter('slr_packet_ins_ignored_total', 'PACKET_INs dropped unhandled because this controller may not answer them (slave, or master without its lease).', (c) => c.packetInsIgnored ?? 0);
  fromCounter('slr_role_changes_total', 'ROLE_REPLYs that set this controller\'s role on a switch.', (c) => c.roleChanges ?? 0);
  fromCounter('slr_role_requests_failed_total', 'ROLE_REQUESTs a switch refused (OFPET_ROLE_REQUEST_FAILED: stale generation, ...) or did not answer.', (c) => c.roleRequestsFailed ?? 0);
  fromCounter('slr_role_demotions_by_switch_total', 'Writes a switch refused as from a slave (OFPBRC_IS_SLAVE): another controller became master there.', (c) => c.demotionsBySwitch ?? 0);
  fromCounter('slr_reconciliations_total', 'Completed reconciliations of a switch flow table.', (c) => c.reconciliations);
}
