// Switch connection series: connections/disconnections by datapath, messages by type,
// packet-ins by reason and errors by type/code, summed over a datapath's connections.
import { Registry } from 'prom-client';
import { registerOpenflowMetrics } from '../../../../controller/metrics/openflow-metrics';
import { type ObservedConnection, SwitchConnectionTracker } from '../../../../controller/metrics/switch-connections';
import { countErrorIn, newChannelStats } from '../../../../southbound/channel/stats';
import { seriesLines, seriesValue } from './metric-values';

const OFPT_HELLO = 0;
const OFPT_PACKET_IN = 10;
const OFPT_FLOW_MOD = 14;

class FakeConn implements ObservedConnection {
  readonly stats = newChannelStats();
  private closers: Array<(reason: string) => void> = [];
  constructor(readonly datapathId: bigint) {}
  whenClosed(fn: (reason: string) => void): void {
    this.closers.push(fn);
  }
  close(): void {
    for (const fn of this.closers) fn('test');
  }
}

function setup(): { registry: Registry; tracker: SwitchConnectionTracker } {
  const registry = new Registry();
  const tracker = new SwitchConnectionTracker();
  registerOpenflowMetrics(registry, tracker);
  return { registry, tracker };
}

describe('switch connection metrics', () => {
  it('counts connections and disconnections per datapath', async () => {
    const { registry, tracker } = setup();
    const a1 = new FakeConn(1n);
    tracker.track(a1);
    tracker.track(new FakeConn(2n));
    const dpid1 = '0000000000000001';
    expect(await seriesValue(registry, 'slr_switch_connections_total', { dpid: dpid1 })).toBe(1);
    expect(await seriesValue(registry, 'slr_switch_disconnections_total', { dpid: dpid1 })).toBe(0);
    a1.close();
    a1.close(); // a second close notification of the same connection counts once
    tracker.track(new FakeConn(1n));
    expect(await seriesValue(registry, 'slr_switch_connections_total', { dpid: dpid1 })).toBe(2);
    expect(await seriesValue(registry, 'slr_switch_disconnections_total', { dpid: dpid1 })).toBe(1);
    expect(await seriesValue(registry, 'slr_switch_connections_total', { dpid: '0000000000000002' })).toBe(1);
  });

  it('has an up gauge per switch: 0 once its connection is gone, 1 again when it is back', async () => {
    const { registry, tracker } = setup();
    const a = new FakeConn(1n);
    tracker.track(a);
    tracker.track(new FakeConn(2n));
    expect(await seriesLines(registry, 'slr_switch_up')).toEqual(['{"dpid":"0000000000000001"} 1', '{"dpid":"0000000000000002"} 1']);
    a.close();
    expect(await seriesValue(registry, 'slr_switch_up', { dpid: '0000000000000001' })).toBe(0);
    expect(await seriesValue(registry, 'slr_switch_up', { dpid: '0000000000000002' })).toBe(1);
    tracker.track(new FakeConn(1n));
    expect(await seriesValue(registry, 'slr_switch_up', { dpid: '0000000000000001' })).toBe(1);
  });

  it('reports messages by type name and keeps counting across a reconnect', async () => {
    const { registry, tracker } = setup();
    const first = new FakeConn(0xabn);
    tracker.track(first);
    first.stats.inByType[OFPT_PACKET_IN] += 3;
    first.stats.inByType[OFPT_HELLO] += 1;
    first.stats.outByType[OFPT_FLOW_MOD] += 2;
    first.stats.bytesIn += 500;
    first.close();
    const second = new FakeConn(0xabn);
    tracker.track(second);
    second.stats.inByType[OFPT_PACKET_IN] += 4;
    second.stats.bytesIn += 100;
    const dpid = '00000000000000ab';
    expect(await seriesValue(registry, 'slr_openflow_messages_received_total', { dpid, type: 'PACKET_IN' })).toBe(7);
    expect(await seriesValue(registry, 'slr_openflow_messages_received_total', { dpid, type: 'HELLO' })).toBe(1);
    expect(await seriesValue(registry, 'slr_openflow_messages_sent_total', { dpid, type: 'FLOW_MOD' })).toBe(2);
    expect(await seriesValue(registry, 'slr_openflow_received_bytes_total', { dpid })).toBe(600);
    second.stats.bytesOut += 900;
    second.stats.writes += 3;
    second.stats.dropped += 2;
    first.stats.bytesOut += 50; // folded in when it closed: later changes to a closed connection's stats do not count
    expect(await seriesValue(registry, 'slr_openflow_sent_bytes_total', { dpid })).toBe(900);
    expect(await seriesValue(registry, 'slr_openflow_socket_writes_total', { dpid })).toBe(3);
    expect(await seriesValue(registry, 'slr_openflow_send_dropped_total', { dpid })).toBe(2);
    // Types never seen make no series.
    expect(await seriesLines(registry, 'slr_openflow_messages_sent_total')).toEqual([`{"dpid":"${dpid}","type":"FLOW_MOD"} 2`]);
  });

  it('reports packet-ins by reason and errors by type and code', async () => {
    const { registry, tracker } = setup();
    const conn = new FakeConn(3n);
    tracker.track(conn);
    conn.stats.packetInReasons[0] += 5;
    conn.stats.packetInReasons[1] += 2;
    conn.stats.packetInReasons[9] += 1; // not a 1.3 reason: its number is the label
    countErrorIn(conn.stats, 5, 1); // FLOW_MOD_FAILED / TABLE_FULL
    countErrorIn(conn.stats, 5, 1);
    countErrorIn(conn.stats, 2, 4);
    const dpid = '0000000000000003';
    expect(await seriesLines(registry, 'slr_packet_ins_total')).toEqual([
      `{"dpid":"${dpid}","reason":"9"} 1`,
      `{"dpid":"${dpid}","reason":"action"} 2`,
      `{"dpid":"${dpid}","reason":"invalid_ttl"} 0`,
      `{"dpid":"${dpid}","reason":"no_match"} 5`,
    ]);
    // A switch that sent no packet-in yet has the 1.3 reasons at 0 (rate() needs the series early).
    tracker.track(new FakeConn(4n));
    expect((await seriesLines(registry, 'slr_packet_ins_total')).filter((l) => l.includes('0000000000000004'))).toEqual([
      '{"dpid":"0000000000000004","reason":"action"} 0',
      '{"dpid":"0000000000000004","reason":"invalid_ttl"} 0',
      '{"dpid":"0000000000000004","reason":"no_match"} 0',
    ]);
    expect(await seriesValue(registry, 'slr_openflow_errors_received_total', { dpid, type: 'flow_mod_failed', code: '1' })).toBe(2);
    expect(await seriesValue(registry, 'slr_openflow_errors_received_total', { dpid, type: 'bad_action', code: '4' })).toBe(1);
  });
});
