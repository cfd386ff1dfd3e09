import { DEFAULT_FORWARDING_CONFIG } from '../../../../apps/forwarding/config';
import { ForwardingApp } from '../../../../apps/forwarding/forwarding-app';
import { LEARNED_COOKIE, TABLE_MISS_COOKIE } from '../../../../apps/forwarding/flows';
import { forwardingModule } from '../../../../apps/forwarding/module';
import { ManualClock } from '../../../../controller/clock';
import { validateConfig } from '../../../../controller/config/load';
import { configSectionsOf } from '../../../../controller/app-module';
import { silentLogger } from '../../../../controller/logger';
import type { PacketInEvent } from '../../../../controller/events';
import type { Port } from '../../../../southbound/codec/types';

const H1 = '020000000001';
const H2 = '020000000002';
const pi = (inPort: number, dst: string, src: string): PacketInEvent => ({
  type: 'packet-in', dpid: 1n, inPort, reason: 0, tableId: 0, cookie: TABLE_MISS_COOKIE, bufferId: 0xffffffff, totalLen: 60, match: [],
  data: Buffer.from(`${dst}${src}0800${'00'.repeat(46)}`, 'hex'),
});
const port = (portNo: number, linkDown: boolean): Port => ({
  portNo, hwAddr: '00:00:00:00:00:00', name: `p${portNo}`, config: 0, state: linkDown ? 1 : 0, curr: 0, advertised: 0,
  supported: 0, peer: 0, currSpeed: 0, maxSpeed: 0,
});

describe('ForwardingApp', () => {
  it('wants the table-miss flow on every switch, plus the flows it learned there', () => {
    const app = new ForwardingApp(DEFAULT_FORWARDING_CONFIG, new ManualClock());
    const fresh = [...app.desiredFlows(9n)];
    expect(fresh).toEqual([
      {
        tableId: 5, priority: 0, match: [], cookie: TABLE_MISS_COOKIE,
        instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 0xfffffffd, maxLen: 0xffff }] }],
      },
    ]);
    app.onPacketIn(pi(2, 'ffffffffffff', H2));
    app.onPacketIn(pi(1, H2, H1));
    const desired = [...app.desiredFlows(1n)];
    expect(desired).toHaveLength(2);
    expect(desired[1]).toMatchObject({ cookie: LEARNED_COOKIE, priority: 10, match: [{ field: 'in_port', value: 1 }, { field: 'eth_src', value: '02:00:00:00:00:01' }, { field: 'eth_dst', value: '02:00:00:00:00:02' }] });
    expect([...app.desiredFlows(9n)]).toHaveLength(1);
  });

  it('forgets a learned flow when the switch reports it removed', () => {
    const app = new ForwardingApp(DEFAULT_FORWARDING_CONFIG, new ManualClock());
    app.onPacketIn(pi(2, 'ffffffffffff', H2));
    app.onPacketIn(pi(1, H2, H1));
    app.onFlowRemoved({
      type: 'flow-removed', dpid: 1n, cookie: LEARNED_COOKIE, tableId: 0, priority: 10, reason: 0, idleTimeout: 60, hardTimeout: 0,
      durationSec: 61, packetCount: 1n, byteCount: 1n,
      match: [{ field: 'in_port', value: 1 }, { field: 'eth_src', value: '02:00:00:00:00:01' }, { field: 'eth_dst', value: '02:00:00:00:00:02' }],
    });
    expect([...app.desiredFlows(1n)]).toHaveLength(1);
  });

  it('reacts to a port going down but not to one coming up', () => {
    const app = new ForwardingApp(DEFAULT_FORWARDING_CONFIG, new ManualClock());
    app.onPacketIn(pi(2, 'ffffffffffff', H2));
    expect(app.onPortStatus({ type: 'port-status', dpid: 1n, change: 'modify', port: port(2, false), up: true })).toBeUndefined();
    const changes = app.onPortStatus({ type: 'port-status', dpid: 1n, change: 'modify', port: port(2, true), up: false });
    expect(changes?.map((c) => c.kind)).toEqual(['delete-flows', 'delete-flows']);
    expect(app.onPacketIn(pi(1, H2, H1))?.map((c) => c.kind)).toEqual(['packet-out']);
  });

  it('is built from its config section, and not at all when disabled', () => {
    const sections = configSectionsOf([forwardingModule]);
    const on = validateConfig({ apps: { forwarding: { idleTimeout: 30 } } }, { sections });
    expect(forwardingModule.create(on, silentLogger())).toBeInstanceOf(ForwardingApp);
    const off = validateConfig({ apps: { forwarding: { enabled: false } } }, { sections });
    expect(forwardingModule.create(off, silentLogger())).toBeUndefined();
    expect(() => validateConfig({ apps: { forwarding: { idleTimeout: -1 } } }, { sections })).toThrow(/apps.forwarding.idleTimeout/);
  });
});
