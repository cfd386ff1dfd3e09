// The SLR apps inside the real controller core (in-process, loopback TCP, emulated
// switch): VIP rules reconciled on connect, then one VIP packet-in answered with the
// pinned flow (flow pinning's cookie space) and the packet itself.

import { validateConfig } from '../../../../controller/config/load';
import { configSectionsOf } from '../../../../controller/app-module';
import { silentLogger } from '../../../../controller/logger';
import { startRuntime, type Runtime } from '../../../../controller/runtime';
import type { FlowMod, OfMessage, PacketOut } from '../../../../southbound/codec/types';
import { buildEthernet, buildIpv4, buildTcp } from '../../../../southbound/packet';
import { createSlrProcess, slrModule, type SlrProcess } from '../../../../cli/slr-process';
import { FakeSwitch, fakePort } from '../../../support/fake-switch';

const OFPFC_ADD = 0;

function packetIn(inPort: number, data: Buffer, cookie: bigint): OfMessage {
  return {
    type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: data.length, reason: 1, tableId: 0, cookie,
    match: [{ field: 'in_port', value: inPort }], data,
  };
}

describe('service routing in the controller', () => {
  let runtime: Runtime;
  let sw: FakeSwitch | undefined;
  let slr: SlrProcess;

  beforeEach(async () => {
    const config = validateConfig(
      {
        openflow: { port: 0, keepalive: { intervalMs: 60000, timeoutMs: 60000 } },
        serviceRouting: {
          ingress: { dpids: ['00000000000000ab'] },
          targets: [{ id: 'srv1', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 2 } }],
          services: [{ id: 'web', prefix: '192.200.0.10/32', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least' }],
          policies: { least: { type: 'least-load' } },
        },
      },
      { sections: configSectionsOf([slrModule]) },
    );
    slr = createSlrProcess(config, silentLogger())!;
    await slr.startLevels();
    runtime = await startRuntime({ config, log: silentLogger(), apps: slr.apps() });
  });

  afterEach(async () => {
    sw?.close();
    await runtime.stop();
    await slr.stop();
  });

  it('installs VIP rules on connect and pins a connection with FLOW_MOD + PACKET_OUT', async () => {
    sw = await FakeSwitch.connect(runtime.address.port, { datapathId: 0xabn, ports: [fakePort(1), fakePort(2)] });
    const rule = (await sw.waitFor((m) => m.type === 'FLOW_MOD' && m.tableId === 4 && m.priority === 100 && m.match.some((f) => f.field === 'tcp_dst'))) as FlowMod;
    expect(rule.command).toBe(OFPFC_ADD);
    expect(rule.cookie >> 48n).toBe(2n);
    expect(rule.match).toEqual(
      expect.arrayContaining([
        { field: 'ipv4_dst', value: '192.200.0.10' },
        { field: 'tcp_dst', value: 80 },
      ]),
    );

    const tcp = buildTcp({ src: '10.0.0.1', dst: '192.200.0.10', srcPort: 40000, dstPort: 80, flags: 0x02 });
    const data = buildEthernet({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:99', ethType: 0x0800, payload: buildIpv4({ src: '10.0.0.1', dst: '192.200.0.10', protocol: 6, payload: tcp }) });
    sw.send(packetIn(1, data, rule.cookie));
    const pin = (await sw.waitFor((m) => m.type === 'FLOW_MOD' && m.tableId === 3 && m.priority === 100)) as FlowMod;
    expect(pin).toMatchObject({ command: OFPFC_ADD, flags: 1, idleTimeout: 60 });
    expect(pin.cookie >> 48n).toBe(3n);
    expect(pin.instructions).toEqual([
      {
        type: 'APPLY_ACTIONS',
        actions: [
          { type: 'SET_FIELD', field: { field: 'eth_dst', value: '02:00:00:00:01:11' } },
          { type: 'OUTPUT', port: 2, maxLen: 0 },
        ],
      },
    ]);
    const po = (await sw.waitFor('PACKET_OUT')) as PacketOut;
    expect(Buffer.compare(po.data, data)).toBe(0);
    expect(slr.levels[0].pins.size).toBe(1);
  });
});
