// The OpenFlow side of the controller as Prometheus series, all read at scrape time
// from the channel's per-connection counters: nothing here runs per message.
import type { Registry } from 'prom-client';
import { collectedCounter, collectedGauge, type Emit } from './collected';
import { errorTypeLabel, messageTypeLabel, packetInReasonLabel } from './openflow-names';
import { type DatapathTotals, SwitchConnectionTracker } from './switch-connections';
import type { ChannelStats } from '../../southbound/channel';

/** The highest packet-in reason OpenFlow 1.3 defines (spec 7.4.1). */
const OFPR_INVALID_TTL = 2;

type PerDatapath = (dpid: string, s: ChannelStats, t: DatapathTotals) => void;

/** PACKET_INs dropped by each switch's controller-port meter, by datapath (the core's PacketInMeters). */
export type MeterDropSource = () => ReadonlyMap<string, number> | undefined;

export function registerOpenflowMetrics(registry: Registry, tracker: SwitchConnectionTracker, meterDrops: MeterDropSource = () => undefined): void {
  // One summing pass per metric per scrape: switches are few, scrapes are seconds apart.
  const each = (fn: PerDatapath) => (): void => {
    for (const t of tracker.datapaths()) fn(t.dpid, SwitchConnectionTracker.current(t), t);
  };
  const perType = (emit: Emit, dpid: string, byType: Float64Array): void => {
    for (let i = 0; i < 256; i++) if (byType[i] > 0) emit({ dpid, type: messageTypeLabel(i) }, byType[i]);
  };
  const counter = (name: string, help: string, labelNames: string[], read: (emit: Emit) => void): void => {
    collectedCounter({ registry, name, help, labelNames, read });
  };

  // Per switch, so an alert names the one that is down; a switch that never connected has
  // no series here (GET /v1/health names configured ingress switches that are missing).
  collectedGauge({
    registry, name: 'slr_switch_up', help: '1 while the switch has a connection past the handshake, 0 after it lost it.', labelNames: ['dpid'],
    read: (emit) => { for (const t of tracker.datapaths()) emit({ dpid: t.dpid }, t.live.size > 0 ? 1 : 0); },
  });
  counter('slr_switch_connections_total', 'Switch connections that completed the OpenFlow handshake.', ['dpid'],
    (emit) => { for (const t of tracker.datapaths()) emit({ dpid: t.dpid }, t.connections); });
  counter('slr_switch_disconnections_total', 'Switch connections that closed after the handshake.', ['dpid'],
    (emit) => { for (const t of tracker.datapaths()) emit({ dpid: t.dpid }, t.disconnections); });
  counter('slr_openflow_messages_received_total', 'OpenFlow messages received from switches, by message type.', ['dpid', 'type'],
    (emit) => each((dpid, s) => perType(emit, dpid, s.inByType))());
  counter('slr_openflow_messages_sent_total', 'OpenFlow messages queued to switches, by message type.', ['dpid', 'type'],
    (emit) => each((dpid, s) => perType(emit, dpid, s.outByType))());
  counter('slr_openflow_received_bytes_total', 'Bytes received on switch connections.', ['dpid'],
    (emit) => each((dpid, s) => emit({ dpid }, s.bytesIn))());
  counter('slr_openflow_sent_bytes_total', 'Bytes written to switch connections.', ['dpid'],
    (emit) => each((dpid, s) => emit({ dpid }, s.bytesOut))());
  counter('slr_openflow_socket_writes_total', 'Socket writes to switches (messages are coalesced per event-loop turn).', ['dpid'],
    (emit) => each((dpid, s) => emit({ dpid }, s.writes))());
  counter('slr_openflow_send_dropped_total', 'Messages to switches dropped because the send queue was full or closed.', ['dpid'],
    (emit) => each((dpid, s) => emit({ dpid }, s.dropped))());
  // The three OpenFlow 1.3 reasons (spec 7.4.1: OFPR_NO_MATCH, OFPR_ACTION,
  // OFPR_INVALID_TTL) start at 0 for every switch, so rate() has a series to work on from
  // the switch's first scrape, not only from a second scrape after its first packet-in.
  counter('slr_packet_ins_total', 'PACKET_IN messages received, by datapath and reason.', ['dpid', 'reason'],
    (emit) => each((dpid, s) => {
      for (let r = 0; r < 256; r++) if (s.packetInReasons[r] > 0 || r <= OFPR_INVALID_TTL) emit({ dpid, reason: packetInReasonLabel(r) }, s.packetInReasons[r]);
    })());
  counter('slr_packet_ins_limited_total',
    'PACKET_INs over the per-switch limit (openflow.packetInLimit), dropped by the switch meter (where="switch") or by the controller before decoding (where="controller").',
    ['dpid', 'where'],
    (emit) => {
      each((dpid, s) => emit({ dpid, where: 'controller' }, s.packetInsLimited))();
      for (const [dpid, n] of meterDrops() ?? []) emit({ dpid, where: 'switch' }, n);
    });
  counter('slr_openflow_receive_pauses_total',
    'Receive slices that used their whole budget (openflow.receiveSliceMessages): the switch sent a backlog and waited for the others\' turns.',
    ['dpid'], (emit) => each((dpid, s) => emit({ dpid }, s.receivePauses))());
  counter('slr_openflow_malformed_errors_received_total', 'ERROR messages from switches whose body did not decode (counted, never answered).', ['dpid'],
    (emit) => each((dpid, s) => emit({ dpid }, s.malformedErrorsIn))());
  counter('slr_openflow_refused_messages_total', 'Controller-to-switch message types a switch sent, answered with BAD_REQUEST/BAD_TYPE.', ['dpid'],
    (emit) => each((dpid, s) => emit({ dpid }, s.refusedIn))());
  counter('slr_openflow_errors_received_total', 'OpenFlow ERROR messages received from switches, by error type and code.', ['dpid', 'type', 'code'],
    (emit) => each((dpid, s) => {
      for (const [key, n] of s.errorsIn) emit({ dpid, type: errorTypeLabel(Math.floor(key / 65536)), code: String(key % 65536) }, n);
    })());
}
