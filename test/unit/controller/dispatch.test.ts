import type { App, AppContext } from '../../../controller/app';
import { type Changes, packetOut } from '../../../controller/changes';
import { Controller } from '../../../controller/controller';
import type { ControllerEvent, PacketInEvent } from '../../../controller/events';
import { silentLogger } from '../../../controller/logger';
import type { PacketIn } from '../../../southbound/codec/types';
import { FakeLink, port, settle } from './support/fake-link';

class RecordingApp implements App {
  readonly events: ControllerEvent[] = [];
  ctx: AppContext | undefined;
  claim: (ev: PacketInEvent) => Changes = () => undefined;
  constructor(readonly name: string, readonly appId: number) {}
  start(ctx: AppContext): void {
    this.ctx = ctx;
  }
  onSwitchUp(ev: ControllerEvent): Changes {
    this.events.push(ev);
    return undefined;
  }
  onSwitchDown(ev: ControllerEvent): void {
    this.events.push(ev);
  }
  onPortStatus(ev: ControllerEvent): Changes {
    this.events.push(ev);
    return undefined;
  }
  onPacketIn(ev: PacketInEvent): Changes {
    this.events.push(ev);
    return this.claim(ev);
  }
  onFlowRemoved(ev: ControllerEvent): Changes {
    this.events.push(ev);
    return undefined;
  }
  onSwitchError(ev: ControllerEvent): void {
    this.events.push(ev);
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

const frame = Buffer.from('ffffffffffff020000000001080045', 'hex');
function packetIn(cookie: bigint, inPort = 3): PacketIn {
  return {
    type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: frame.length, reason: 0, tableId: 0, cookie,
    match: [{ field: 'in_port', value: inPort }], data: frame,
  };
}

async function setup(): Promise<{ ctl: Controller; a: RecordingApp; b: RecordingApp; link: FakeLink }> {
  const ctl = new Controller({ log: silentLogger() });
  const a = new RecordingApp('a', 1);
  const b = new RecordingApp('b', 2);
  ctl.register(a);
  ctl.register(b);
  await ctl.start();
  const link = new FakeLink(5n);
  ctl.attach(link);
  await settle();
  return { ctl, a, b, link };
}

describe('event dispatch', () => {
  it('announces a switch and lists it with its ports', async () => {
    const { ctl, a, b } = await setup();
    expect(a.types()).toEqual(['switch-up']);
    expect(b.types()).toEqual(['switch-up']);
    const info = ctl.datapaths.get(5n);
    expect(info?.up).toBe(true);
    expect(info?.dpidHex).toBe('0000000000000005');
    expect([...(info?.ports.keys() ?? [])]).toEqual([1, 2, 3]);
    expect(a.ctx?.datapaths.list().map((d) => d.dpid)).toEqual([5n]);
  });

  it('routes a packet-in to the app owning the cookie first, with the cookie made local', async () => {
    const { a, b, link } = await setup();
    b.claim = (ev) => [packetOut(ev.inPort, [{ type: 'OUTPUT', port: 1, maxLen: 0 }], ev.data)];
    link.deliver(packetIn((2n << 48n) | 0x77n));
    expect(a.types()).not.toContain('packet-in');
    const ev = b.events.find((e) => e.type === 'packet-in') as PacketInEvent;
    expect(ev).toMatchObject({ dpid: 5n, inPort: 3, cookie: 0x77n, data: frame });
    const [po] = link.sentOfType('PACKET_OUT');
    expect(po).toMatchObject({ inPort: 3, bufferId: 0xffffffff, actions: [{ type: 'OUTPUT', port: 1 }] });
  });

  it('offers a packet the owner declines to the other apps in order', async () => {
    const { a, b, link, ctl } = await setup();
    a.claim = () => [];
    link.deliver(packetIn((2n << 48n) | 1n));
    expect(b.types()).toContain('packet-in');
    expect(a.types()).toContain('packet-in');
    link.deliver(packetIn(0n));
    // a claimed it first (registration order), so b saw only the first packet.
    expect(b.types().filter((t) => t === 'packet-in')).toHaveLength(1);
    expect(ctl.counters.packetIns).toBe(2);
    expect(ctl.counters.unclaimedPacketIns).toBe(0);
  });

  it('delivers flow-removed only to the owner', async () => {
    const { a, b, link } = await setup();
    link.deliver({
      type: 'FLOW_REMOVED', xid: 0, cookie: (1n << 48n) | 3n, priority: 10, reason: 0, tableId: 0, durationSec: 1,
      durationNsec: 0, idleTimeout: 60, hardTimeout: 0, packetCount: 1n, byteCount: 60n, match: [],
    });
    expect(a.events.find((e) => e.type === 'flow-removed')).toMatchObject({ cookie: 3n, reason: 0 });
    expect(b.types()).not.toContain('flow-removed');
  });

  it('updates ports on port-status and tells every app', async () => {
    const { ctl, a, b, link } = await setup();
    link.deliver({ type: 'PORT_STATUS', xid: 0, reason: 2, desc: port(2, false) });
    link.deliver({ type: 'PORT_STATUS', xid: 0, reason: 0, desc: port(9) });
    link.deliver({ type: 'PORT_STATUS', xid: 0, reason: 1, desc: port(3) });
    expect(a.events.filter((e) => e.type === 'port-status')).toEqual([
      expect.objectContaining({ change: 'modify', up: false }),
      expect.objectContaining({ change: 'add', up: true }),
      expect.objectContaining({ change: 'delete', up: false }),
    ]);
    expect(b.types().filter((t) => t === 'port-status')).toHaveLength(3);
    expect([...(ctl.datapaths.get(5n)?.ports.keys() ?? [])].sort()).toEqual([1, 2, 9]);
  });

  it('passes switch errors to apps', async () => {
    const { a, link } = await setup();
    link.deliver({ type: 'ERROR', xid: 9, errType: 5, errCode: 6, data: Buffer.alloc(4) });
    expect(a.events.find((e) => e.type === 'switch-error')).toMatchObject({ errType: 5, errCode: 6 });
  });

  it('keeps going when an app throws', async () => {
    const { a, b, link, ctl } = await setup();
    a.claim = () => {
      throw new Error('boom');
    };
    b.claim = () => [];
    link.deliver(packetIn(0n));
    expect(b.types()).toContain('packet-in');
    expect(ctl.counters.appErrors).toBe(1);
  });

  it('marks a switch down on close, and a reconnect replaces the entry and closes the old link', async () => {
    const { ctl, a, link } = await setup();
    const second = new FakeLink(5n, [port(1)], '127.0.0.1:40001');
    ctl.attach(second);
    expect(link.closedWith).toMatch(/replaced/);
    expect(ctl.datapaths.get(5n)?.remote).toBe('127.0.0.1:40001');
    expect(ctl.datapaths.get(5n)?.up).toBe(true);
    // The old link's close does not take the new one down.
    expect(a.types().filter((t) => t === 'switch-down')).toHaveLength(0);
    // Messages still arriving on the old link are ignored.
    a.events.length = 0;
    link.deliver(packetIn(0n));
    expect(a.types()).toEqual([]);
    second.close('gone');
    expect(a.types()).toEqual(['switch-down']);
    expect(ctl.datapaths.get(5n)?.up).toBe(false);
    expect(a.ctx?.apply(5n, [packetOut(1, [], frame)])).toBe(false);
  });

  it('lets an app push changes outside events, stamped with its cookie', async () => {
    const { a, link } = await setup();
    const ok = a.ctx?.apply(5n, [{ kind: 'add-flow', flow: { priority: 3, match: [], instructions: [], cookie: 4n } }]);
    expect(ok).toBe(true);
    const mods = link.sentOfType('FLOW_MOD').filter((m) => m.priority === 3);
    expect(mods).toHaveLength(1);
    expect(mods[0].cookie).toBe((1n << 48n) | 4n);
    expect(a.ctx?.apply(99n, [])).toBe(false);
    link.overloaded = true;
    expect(a.ctx?.apply(5n, [packetOut(1, [], frame)])).toBe(false);
  });

  it('gives apps flow stats confined to their own cookie space', async () => {
    const { b, link } = await setup();
    await b.ctx?.flowStats(5n);
    const req = link.multipartRequests.at(-1);
    if (req?.mpType !== 'FLOW') throw new Error('expected a FLOW request');
    expect(req.body.cookie).toBe(2n << 48n);
    expect(req.body.cookieMask).toBe(0xffffn << 48n);
    await expect(b.ctx!.barrier(77n)).rejects.toMatchObject({ code: 'UNKNOWN_DATAPATH' });
  });
});

describe('roles and requests', () => {
  it('does not reconcile a switch where it is slave, and reconciles once promoted', async () => {
    const ctl = new Controller({ log: silentLogger() });
    ctl.register({ name: 'a', appId: 1, desiredFlows: () => [{ priority: 0, match: [], instructions: [] }] });
    await ctl.start();
    const link = new FakeLink(8n);
    link.role = { type: 'ROLE_REPLY', xid: 0, role: 3, generationId: 1n };
    ctl.attach(link);
    await settle();
    expect(link.multipartRequests).toHaveLength(0);
    expect(link.sentOfType('FLOW_MOD')).toHaveLength(0);

    await ctl.setRole(8n, 'master', 2n);
    await settle();
    expect(link.roleRequests).toEqual([{ role: 2, generationId: 2n }]);
    expect(link.sentOfType('FLOW_MOD')).toHaveLength(1);
    await expect(ctl.setRole(99n, 'master', 3n)).rejects.toMatchObject({ code: 'UNKNOWN_DATAPATH' });
  });

  it('passes multipart requests through for the REST API', async () => {
    const { ctl, link } = await setup();
    const bodies = await ctl.multipart(5n, { mpType: 'DESC' });
    expect(bodies).toEqual([]);
    expect(link.multipartRequests.at(-1)).toMatchObject({ type: 'MULTIPART_REQUEST', mpType: 'DESC', flags: 0 });
    await expect(ctl.multipart(6n, { mpType: 'DESC' })).rejects.toMatchObject({ code: 'UNKNOWN_DATAPATH' });
  });
});
