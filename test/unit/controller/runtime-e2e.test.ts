// The whole controller in-process (listener, core, forwarding app) against the emulated
// switch over loopback TCP: handshake, table-miss flow, packet-ins answered.
import { ForwardingApp } from '../../../apps/forwarding/forwarding-app';
import { DEFAULT_FORWARDING_CONFIG } from '../../../apps/forwarding/config';
import { validateConfig } from '../../../controller/config/load';
import { silentLogger } from '../../../controller/logger';
import { type Runtime, startRuntime } from '../../../controller/runtime';
import type { FlowMod, FlowStats, OfMessage, PacketOut } from '../../../southbound/codec/types';
import { FakeSwitch, fakePort } from '../../support/fake-switch';

const OFPFC_ADD = 0;
const OFPFC_DELETE_STRICT = 4;
const OFPP_CONTROLLER = 0xfffffffd;
const OFPP_FLOOD = 0xfffffffb;

function frame(dst: string, src: string): Buffer {
  return Buffer.from(`${dst}${src}0800${'00'.repeat(46)}`, 'hex');
}

function packetIn(inPort: number, data: Buffer, cookie = 0n): OfMessage {
  return {
    type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: data.length, reason: 0, tableId: 0, cookie,
    match: [{ field: 'in_port', value: inPort }], data,
  };
}

describe('controller end to end (in-process, loopback TCP)', () => {
  let runtime: Runtime;
  const switches: FakeSwitch[] = [];

  beforeEach(async () => {
    const config = validateConfig({ openflow: { port: 0, keepalive: { intervalMs: 60000, timeoutMs: 60000 } } });
    runtime = await startRuntime({ config, log: silentLogger(), apps: [new ForwardingApp({ ...DEFAULT_FORWARDING_CONFIG, idleTimeout: 45 })] });
  });

  afterEach(async () => {
    for (const sw of switches.splice(0)) sw.close();
    await runtime.stop();
  });

  it('installs the table-miss flow after reading flows back, then answers packet-ins with FLOW_MOD + PACKET_OUT', async () => {
    const sw = await FakeSwitch.connect(runtime.address.port, { datapathId: 0xabn, ports: [fakePort(1), fakePort(2)] });
    switches.push(sw);

    const miss = (await sw.waitFor((m) => m.type === 'FLOW_MOD' && m.priority === 0)) as FlowMod;
    expect(miss.command).toBe(OFPFC_ADD);
    expect(miss.cookie >> 48n).toBe(1n);
    expect(miss.match).toEqual([]);
    expect(miss.instructions).toEqual([{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: OFPP_CONTROLLER, maxLen: 0xffff }] }]);
    const flowRead = sw.received.findIndex((m) => m.type === 'MULTIPART_REQUEST' && m.mpType === 'FLOW');
    expect(flowRead).toBeGreaterThanOrEqual(0);
    expect(flowRead).toBeLessThan(sw.received.indexOf(miss));
    await sw.waitFor((m) => m.type === 'BARRIER_REQUEST' && sw.received.indexOf(m) > sw.received.indexOf(miss));
    expect(runtime.controller.datapaths.get(0xabn)?.up).toBe(true);

    // A learning frame from the destination host: unknown broadcast -> flood.
    const dst = '060000010000';
    sw.send(packetIn(2, frame('ffffffffffff', dst), miss.cookie));
    const flood = (await sw.waitFor('PACKET_OUT')) as PacketOut;
    expect(flood.actions).toEqual([{ type: 'OUTPUT', port: OFPP_FLOOD, maxLen: 0 }]);
    expect(flood.inPort).toBe(2);

    // A data frame towards it: exact flow tagged with eth_src, and the packet itself.
    const data = frame(dst, '020100000007');
    sw.send(packetIn(1, data, miss.cookie));
    const fm = (await sw.waitFor((m) => m.type === 'FLOW_MOD' && m.priority === 10)) as FlowMod;
    expect(fm).toMatchObject({ command: OFPFC_ADD, idleTimeout: 45, flags: 1, bufferId: 0xffffffff });
    expect(fm.match).toEqual([
      { field: 'in_port', value: 1 },
      { field: 'eth_src', value: '02:01:00:00:00:07' },
      { field: 'eth_dst', value: '06:00:00:01:00:00' },
    ]);
    const po = (await sw.waitFor((m) => m.type === 'PACKET_OUT' && m !== flood)) as PacketOut;
    expect(po.actions).toEqual([{ type: 'OUTPUT', port: 2, maxLen: 0 }]);
    expect(Buffer.compare(po.data, data)).toBe(0);
  });

  it('keeps, deletes and leaves flows a reconnecting switch still holds', async () => {
    const foreign: FlowStats = {
      tableId: 0, durationSec: 5, durationNsec: 0, priority: 100, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie: 0x1234n,
      packetCount: 0n, byteCount: 0n, match: [{ field: 'eth_type', value: 0x0806 }], instructions: [],
    };
    const staleLearned: FlowStats = {
      ...foreign, tableId: 5, cookie: (1n << 48n) | 2n, priority: 10,
      match: [{ field: 'in_port', value: 1 }, { field: 'eth_src', value: '02:00:00:00:00:01' }, { field: 'eth_dst', value: '02:00:00:00:00:02' }],
      instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 2, maxLen: 0 }] }],
    };
    const tableMiss: FlowStats = {
      ...foreign, tableId: 5, cookie: (1n << 48n) | 1n, priority: 0, match: [],
      instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: OFPP_CONTROLLER, maxLen: 0xffff }] }],
    };
    const sw = await FakeSwitch.connect(runtime.address.port, {
      datapathId: 7n,
      onRequest: (msg, s) => {
        if (msg.type !== 'MULTIPART_REQUEST' || msg.mpType !== 'FLOW') return false;
        s.send({ type: 'MULTIPART_REPLY', xid: msg.xid, flags: 0, mpType: 'FLOW', body: [foreign, staleLearned, tableMiss] });
        return true;
      },
    });
    switches.push(sw);
    await sw.waitFor((m) => m.type === 'FLOW_MOD');
    const report = await waitForReport(runtime, 7n);
    expect(report).toMatchObject({ actual: 3, kept: 1, added: 0, deleted: 1, foreign: 1, readBack: true });
    const mods = sw.received.filter((m): m is FlowMod => m.type === 'FLOW_MOD');
    expect(mods).toHaveLength(1);
    expect(mods[0]).toMatchObject({ command: OFPFC_DELETE_STRICT, cookie: staleLearned.cookie, priority: 10, cookieMask: (1n << 64n) - 1n, tableId: 5 });
  });
});

async function waitForReport(runtime: Runtime, dpid: bigint): Promise<unknown> {
  for (let i = 0; i < 100; i++) {
    const p = runtime.controller.lastReconcile(dpid);
    if (p) return p;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no reconciliation started');
}
