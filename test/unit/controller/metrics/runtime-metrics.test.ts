// The controller in-process with metrics on: GET /metrics follows a switch connecting,
// sending packet-ins and leaving, as counted by the core and the channel.
import { DEFAULT_FORWARDING_CONFIG } from '../../../../apps/forwarding/config';
import { ForwardingApp } from '../../../../apps/forwarding/forwarding-app';
import { validateConfig } from '../../../../controller/config/load';
import { silentLogger } from '../../../../controller/logger';
import { ControllerMetrics } from '../../../../controller/metrics';
import { type Runtime, startRuntime } from '../../../../controller/runtime';
import type { OfMessage } from '../../../../southbound/codec/types';
import { FakeSwitch, fakePort } from '../../../support/fake-switch';

const DPID = '00000000000000ab';

function packetIn(src: string): OfMessage {
  const data = Buffer.from(`ffffffffffff${src}0800${'00'.repeat(46)}`, 'hex');
  return { type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: data.length, reason: 0, tableId: 0, cookie: 0n, match: [{ field: 'in_port', value: 1 }], data };
}

/** The value of one exact sample line ("name{labels} value") of a scrape, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function waitFor(cond: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('controller runtime with metrics', () => {
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
  });

  it('serves switch, OpenFlow and core series on GET /metrics as traffic happens', async () => {
    const config = validateConfig({ openflow: { port: 0 }, metrics: { enabled: true, port: 0 } });
    const metrics = new ControllerMetrics();
    runtime = await startRuntime({ config, log: silentLogger(), apps: [new ForwardingApp(DEFAULT_FORWARDING_CONFIG)], metrics });
    const url = `http://127.0.0.1:${runtime.metricsAddress?.port}/metrics`;
    const scrape = async (): Promise<string> => (await fetch(url)).text();

    expect(sample(await scrape(), 'slr_switches_connected')).toBe(0);
    const sw = await FakeSwitch.connect(runtime.address.port, { datapathId: 0xabn, ports: [fakePort(1), fakePort(2)] });
    await sw.waitFor((m) => m.type === 'FLOW_MOD');
    sw.send(packetIn('020000000001'));
    sw.send(packetIn('020000000002'));
    sw.send(packetIn('020000000003'));
    await waitFor(async () => sample(await scrape(), `slr_packet_ins_total{dpid="${DPID}",reason="no_match"}`) === 3, 'three packet-ins');

    const text = await scrape();
    expect(sample(text, 'slr_switches_connected')).toBe(1);
    expect(sample(text, `slr_switch_connections_total{dpid="${DPID}"}`)).toBe(1);
    expect(sample(text, `slr_openflow_messages_received_total{dpid="${DPID}",type="PACKET_IN"}`)).toBe(3);
    expect(sample(text, `slr_openflow_messages_received_total{dpid="${DPID}",type="FEATURES_REPLY"}`)).toBe(1);
    // Each broadcast from a new source is flooded: one PACKET_OUT each.
    expect(sample(text, `slr_openflow_messages_sent_total{dpid="${DPID}",type="PACKET_OUT"}`)).toBe(3);
    expect(sample(text, 'slr_packet_ins_dispatched_total')).toBe(3);
    expect(sample(text, 'slr_reconciliations_total')).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    sw.close();
    await waitFor(async () => sample(await scrape(), 'slr_switches_connected') === 0, 'the switch to leave');
    const after = await scrape();
    expect(sample(after, `slr_switch_disconnections_total{dpid="${DPID}"}`)).toBe(1);
    // Counts of a closed connection live on.
    expect(sample(after, `slr_openflow_messages_received_total{dpid="${DPID}",type="PACKET_IN"}`)).toBe(3);
  });

  it('serves nothing when the metrics section leaves it off', async () => {
    const config = validateConfig({ openflow: { port: 0 } });
    runtime = await startRuntime({ config, log: silentLogger(), apps: [], metrics: new ControllerMetrics() });
    expect(runtime.metricsAddress).toBeUndefined();
  });
});
