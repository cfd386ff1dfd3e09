// Roles in the core: what a controller may write depends on its role on each switch.
// A slave (or a hot-spare controller without a confirmed MASTER, or without its lease)
// sends nothing at all: no packet-out, no flow, no reconciliation.
import type { App, AppContext } from '../../../controller/app';
import { addFlow, type Changes, packetOut } from '../../../controller/changes';
import { Controller } from '../../../controller/controller';
import type { PacketInEvent } from '../../../controller/events';
import { silentLogger } from '../../../controller/logger';
import { ChannelError } from '../../../southbound/channel/errors';
import type { FlowStats, PacketIn } from '../../../southbound/codec/types';
import { FakeLink, settle } from './support/fake-link';

const frame = Buffer.from('ffffffffffff020000000001080045', 'hex');
const packetIn: PacketIn = {
  type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: frame.length, reason: 0, tableId: 0, cookie: 0n,
  match: [{ field: 'in_port', value: 3 }], data: frame,
};

/** Answers every PACKET_IN with a flow and a packet-out; wants one flow on every switch. */
class WritingApp implements App {
  readonly name = 'writer';
  readonly appId = 1;
  ctx: AppContext | undefined;
  seen = 0;
  start(ctx: AppContext): void {
    this.ctx = ctx;
  }
  desiredFlows(): FlowStats[] {
    return [];
  }
  onPacketIn(ev: PacketInEvent): Changes {
    this.seen++;
    return [
      addFlow({ tableId: 0, priority: 10, match: [{ field: 'in_port', value: ev.inPort }], instructions: [] }),
      packetOut(ev.inPort, [{ type: 'OUTPUT', port: 2, maxLen: 0 }], ev.data),
    ];
  }
}

/** A flow of the writer's cookie space (app 1) that it no longer declares. */
const strayPin: FlowStats = {
  tableId: 1, durationSec: 5, durationNsec: 0, priority: 200, idleTimeout: 10, hardTimeout: 0, flags: 0,
  cookie: (1n << 48n) | 7n, packetCount: 9n, byteCount: 900n,
  match: [{ field: 'eth_type', value: 0x0800 }, { field: 'ipv4_src', value: '10.0.1.1' }], instructions: [],
};

async function hotSpareCore(): Promise<{ ctl: Controller; app: WritingApp; link: FakeLink; lease: { holds: boolean } }> {
  const ctl = new Controller({ log: silentLogger(), requireMaster: true });
  const app = new WritingApp();
  ctl.register(app);
  await ctl.start();
  const lease = { holds: true };
  ctl.setLeaseCheck(() => lease.holds);
  const link = new FakeLink(9n);
  ctl.attach(link);
  await settle();
  return { ctl, app, link, lease };
}

describe('a controller that must be master (hot-spare mode)', () => {
  it('writes nothing before a ROLE_REPLY confirms MASTER: packet-ins are ignored, apply and reconcile refused', async () => {
    const { ctl, app, link } = await hotSpareCore();
    expect(ctl.datapaths.get(9n)?.role.role).toBe('unknown');
    link.deliver(packetIn);
    expect(app.seen).toBe(0);
    expect(ctl.counters.packetInsIgnored).toBe(1);
    expect(app.ctx!.apply(9n, [packetOut(1, [], frame)])).toBe(false);
    await expect(ctl.reconcile(9n)).rejects.toMatchObject({ code: 'NOT_MASTER' });
    expect(link.sent).toEqual([]);
    expect(link.multipartRequests).toEqual([]);
  });

  it('a slave sends nothing, even when an app tries', async () => {
    const { ctl, app, link } = await hotSpareCore();
    const outcomes = await ctl.claimRole('slave', 4n);
    expect(outcomes).toEqual([{ dpid: 9n, ok: true, role: 'slave' }]);
    expect(link.roleRequests).toEqual([{ role: 3, generationId: 4n }]);
    link.deliver(packetIn);
    expect(app.ctx!.apply(9n, [addFlow({ priority: 1, match: [], instructions: [] })])).toBe(false);
    await settle();
    expect(app.seen).toBe(0);
    expect(link.sent).toEqual([]);
    expect(ctl.counters.writesBlocked).toBe(1);
  });

  it('becomes writable on the MASTER reply, and a takeover reconciliation deletes no live flow', async () => {
    const { ctl, app, link } = await hotSpareCore();
    link.flows = [strayPin];
    await ctl.claimRole('master', 5n, 'keep-stale');
    expect(link.roleRequests).toEqual([{ role: 2, generationId: 5n }]);
    const report = await ctl.lastReconcile(9n);
    expect(report).toMatchObject({ deleted: 0, keptStale: 1 });
    expect(link.sentOfType('FLOW_MOD')).toEqual([]);
    link.deliver(packetIn);
    expect(app.seen).toBe(1);
    expect(link.sentOfType('PACKET_OUT')).toHaveLength(1);
    // The next full reconciliation (e.g. at a reconnect) does clean up.
    const again = await ctl.reconcile(9n);
    expect(again.deleted).toBe(1);
  });

  it('new connections get the claimed role before anything is written', async () => {
    const { ctl, link } = await hotSpareCore();
    await ctl.claimRole('master', 6n);
    const late = new FakeLink(10n);
    let release: () => void = () => undefined;
    late.roleGate = new Promise<void>((r) => (release = r));
    ctl.attach(late);
    await settle();
    expect(late.roleRequests).toEqual([{ role: 2, generationId: 6n }]);
    expect(late.multipartRequests).toEqual([]); // no read-back, no flow before the reply
    release();
    await settle();
    expect(ctl.datapaths.get(10n)?.role.role).toBe('master');
    expect(late.multipartRequests).toHaveLength(1);
    expect(link.roleRequests).toHaveLength(1);
  });

  it('stops writing the moment its lease lapses, and resumes when it holds it again', async () => {
    const { ctl, app, link, lease } = await hotSpareCore();
    await ctl.claimRole('master', 7n);
    await settle();
    lease.holds = false;
    link.deliver(packetIn);
    expect(app.seen).toBe(0);
    expect(link.sentOfType('PACKET_OUT')).toEqual([]);
    lease.holds = true;
    link.deliver(packetIn);
    expect(link.sentOfType('PACKET_OUT')).toHaveLength(1);
  });

  it('a switch refusing a write as from a slave (OFPBRC_IS_SLAVE) demotes that connection', async () => {
    const { ctl, app, link } = await hotSpareCore();
    await ctl.claimRole('master', 8n);
    const roles: string[] = [];
    ctl.onRoleChange((_dpid, role, why) => roles.push(`${role}:${why}`));
    link.deliver({ type: 'ERROR', xid: 3, errType: 1, errCode: 10, data: Buffer.from('040d002a00000003', 'hex') });
    expect(roles).toEqual(['slave:demoted-by-switch']);
    expect(ctl.counters.demotionsBySwitch).toBe(1);
    link.deliver(packetIn);
    expect(app.seen).toBe(0);
    expect(link.sentOfType('PACKET_OUT')).toEqual([]);
  });

  it('a stale generation is refused with ROLE_STALE and leaves the connection unwritable', async () => {
    const { ctl, link } = await hotSpareCore();
    link.roleError = new ChannelError('OF_ERROR', 'switch rejected ROLE_REQUEST', 11, 0);
    const outcomes = await ctl.claimRole('master', 1n);
    expect(outcomes).toEqual([{ dpid: 9n, ok: false, code: 'ROLE_STALE' }]);
    await expect(ctl.setRole(9n, 'master', 1n)).rejects.toMatchObject({ code: 'ROLE_STALE' });
    link.roleError = new ChannelError('OF_ERROR', 'switch rejected ROLE_REQUEST', 11, 2);
    await expect(ctl.setRole(9n, 'master', 1n)).rejects.toMatchObject({ code: 'ROLE_REFUSED' });
    expect(ctl.counters.roleRequestsFailed).toBe(3);
    expect(ctl.datapaths.get(9n)?.role.role).toBe('unknown');
    expect(link.sent).toEqual([]);
  });

  it('stepping down stops writes before the switch confirms SLAVE', async () => {
    const { ctl, app, link } = await hotSpareCore();
    await ctl.claimRole('master', 2n);
    let release: () => void = () => undefined;
    link.roleGate = new Promise<void>((r) => (release = r));
    const down = ctl.claimRole('slave', 3n);
    link.deliver(packetIn);
    expect(app.seen).toBe(0);
    release();
    await down;
    expect(ctl.datapaths.get(9n)?.role.role).toBe('slave');
  });
});

describe('a single controller (no ha section)', () => {
  it('writes as EQUAL without any role request, as before', async () => {
    const ctl = new Controller({ log: silentLogger() });
    const app = new WritingApp();
    ctl.register(app);
    await ctl.start();
    const link = new FakeLink(11n);
    ctl.attach(link);
    await settle();
    expect(ctl.datapaths.get(11n)?.role.role).toBe('equal');
    link.deliver(packetIn);
    expect(link.sentOfType('PACKET_OUT')).toHaveLength(1);
    expect(link.roleRequests).toEqual([]);
  });

  it('a connection the handshake made SLAVE sends nothing', async () => {
    const ctl = new Controller({ log: silentLogger() });
    const app = new WritingApp();
    ctl.register(app);
    await ctl.start();
    const link = new FakeLink(12n);
    link.role = { type: 'ROLE_REPLY', xid: 0, role: 3, generationId: 1n };
    ctl.attach(link);
    await settle();
    link.deliver(packetIn);
    expect(app.ctx!.apply(12n, [addFlow({ priority: 1, match: [], instructions: [] })])).toBe(false);
    expect(link.sent).toEqual([]);
    expect(link.multipartRequests).toEqual([]);
  });
});
