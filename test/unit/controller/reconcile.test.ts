import type { App } from '../../../controller/app';
import type { FlowSpec } from '../../../controller/changes';
import { Controller } from '../../../controller/controller';
import { ChannelError } from '../../../southbound/channel/errors';
import { silentLogger } from '../../../controller/logger';
import { FlowReconciler } from '../../../controller/reconcile';
import { matchKey } from '../../../controller/flow-key';
import type { FlowMod, FlowStats, Instruction, Match } from '../../../southbound/codec/types';
import { FakeLink, settle } from './support/fake-link';

const OFPFC_ADD = 0;
const OFPFC_DELETE_STRICT = 4;
const out = (port: number): Instruction[] => [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port, maxLen: 0 }] }];
const cookieOf = (appId: number, local: bigint): bigint => (BigInt(appId) << 48n) | local;

function stats(cookie: bigint, priority: number, match: Match, instructions: Instruction[], tableId = 0): FlowStats {
  return {
    tableId, durationSec: 1, durationNsec: 0, priority, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie,
    packetCount: 0n, byteCount: 0n, match, instructions,
  };
}

class DesiredApp implements App {
  constructor(readonly name: string, readonly appId: number, public flows: FlowSpec[]) {}
  desiredFlows(): Iterable<FlowSpec> {
    return this.flows;
  }
}

describe('FlowReconciler (pure)', () => {
  const m1: Match = [{ field: 'in_port', value: 1 }, { field: 'eth_dst', value: 'AA:00:00:00:00:01' }];

  it('matches flows regardless of OXM order, MAC case and all-ones masks', () => {
    const reordered: Match = [{ field: 'eth_dst', value: 'aa:00:00:00:00:01', mask: 'ff:ff:ff:ff:ff:ff' }, { field: 'in_port', value: 1 }];
    expect(matchKey(m1)).toBe(matchKey(reordered));
    const prefix: Match = [{ field: 'ipv4_dst', value: '10.1.2.3', mask: '255.255.0.0' }];
    expect(matchKey(prefix)).toBe(matchKey([{ field: 'ipv4_dst', value: '10.1.0.0', mask: '255.255.0.0' }]));
    expect(matchKey(prefix)).not.toBe(matchKey([{ field: 'ipv4_dst', value: '10.1.0.0', mask: '255.255.255.0' }]));
  });

  it('keeps identical flows and re-adds ones whose cookie or instructions differ', () => {
    const r = new FlowReconciler([stats(cookieOf(1, 1n), 10, m1, out(2)), stats(cookieOf(1, 1n), 11, m1, out(2))]);
    expect(r.consider(0, 10, m1, cookieOf(1, 1n), out(2))).toBe('kept');
    expect(r.consider(0, 11, m1, cookieOf(1, 1n), out(3))).toBe('add');
    expect(r.consider(0, 12, m1, cookieOf(1, 1n), out(2))).toBe('add');
    // Both existing entries were claimed, so nothing is left to delete.
    expect(r.leftovers(() => true)).toEqual({ stale: [], foreign: [] });
  });
});

describe('reconciliation on connect', () => {
  const mKeep: Match = [{ field: 'eth_dst', value: '00:00:00:00:00:01' }];
  const mStale: Match = [{ field: 'eth_dst', value: '00:00:00:00:00:02' }];
  const mMissing: Match = [{ field: 'eth_dst', value: '00:00:00:00:00:03' }];
  const mForeign: Match = [{ field: 'eth_dst', value: '00:00:00:00:00:04' }];
  const mOtherApp: Match = [{ field: 'eth_dst', value: '00:00:00:00:00:05' }];

  async function run(actual: FlowStats[] | Error): Promise<{ link: FakeLink; ctl: Controller }> {
    const ctl = new Controller({ log: silentLogger(), reconcileChunkSize: 1000 });
    ctl.register(new DesiredApp('alpha', 1, [
      { priority: 10, match: mKeep, instructions: out(1), cookie: 1n },
      { priority: 10, match: mMissing, instructions: out(3), cookie: 1n },
    ]));
    // An app without desiredFlows: its flows are never deleted by reconciliation.
    ctl.register({ name: 'beta', appId: 2 });
    await ctl.start();
    const link = new FakeLink(0x42n);
    link.flows = actual;
    ctl.attach(link);
    await ctl.lastReconcile(0x42n);
    return { link, ctl };
  }

  const switchFlows = (): FlowStats[] => [
    stats(cookieOf(1, 1n), 10, mKeep, out(1)),          // desired, identical -> kept
    stats(cookieOf(1, 1n), 10, mStale, out(2)),         // alpha no longer wants it -> DELETE_STRICT
    stats(0x00ff_0000_0000_0001n, 10, mForeign, out(4)), // unknown app id -> left alone
    stats(0n, 0, [], out(9)),                           // hand-made, cookie 0 -> left alone
    stats(cookieOf(2, 7n), 20, mOtherApp, out(5)),      // beta does not reconcile -> left alone
  ];

  it('keeps desired flows, adds missing ones, strictly deletes stale ones and leaves foreign ones', async () => {
    const { link, ctl } = await run(switchFlows());
    const report = await ctl.lastReconcile(0x42n);
    expect(report).toEqual({ dpidHex: '0000000000000042', actual: 5, kept: 1, added: 1, deleted: 1, foreign: 3, readBack: true });

    const [req] = link.multipartRequests;
    expect(req).toMatchObject({ mpType: 'FLOW', body: { tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookieMask: 0n, match: [] } });

    const mods = link.sentOfType('FLOW_MOD');
    expect(mods).toHaveLength(2);
    const add = mods.find((m) => m.command === OFPFC_ADD) as FlowMod;
    expect(add).toMatchObject({ cookie: cookieOf(1, 1n), priority: 10, match: mMissing, instructions: out(3), tableId: 0 });
    const del = mods.find((m) => m.command === OFPFC_DELETE_STRICT) as FlowMod;
    expect(del).toMatchObject({ cookie: cookieOf(1, 1n), cookieMask: (1n << 64n) - 1n, priority: 10, match: mStale, tableId: 0 });
    // Never a wipe: no non-strict delete at all.
    expect(mods.some((m) => m.command === 3)).toBe(false);
    expect(link.barriers).toBeGreaterThanOrEqual(1);
  });

  it('only adds (never deletes) when the flows cannot be read back', async () => {
    const { link, ctl } = await run(new ChannelError('TIMEOUT', 'no reply'));
    const report = await ctl.lastReconcile(0x42n);
    expect(report).toMatchObject({ readBack: false, added: 2, deleted: 0 });
    expect(link.sentOfType('FLOW_MOD').every((m) => m.command === OFPFC_ADD)).toBe(true);
    expect(link.barriers).toBe(1);
  });

  it('puts a barrier between chunks of a large batch', async () => {
    const ctl = new Controller({ log: silentLogger(), reconcileChunkSize: 10 });
    const many: FlowSpec[] = Array.from({ length: 35 }, (_, i) => ({
      priority: 10, match: [{ field: 'in_port', value: i + 1 }], instructions: out(1),
    }));
    ctl.register(new DesiredApp('alpha', 1, many));
    await ctl.start();
    const link = new FakeLink(1n);
    ctl.attach(link);
    const report = await ctl.lastReconcile(1n);
    expect(report?.added).toBe(35);
    expect(link.barriers).toBe(3 + 1);
  });

  it('lets other work run while comparing a big table', async () => {
    const n = 12_000;
    const specs: FlowSpec[] = Array.from({ length: n }, (_, i) => ({
      priority: 10, match: [{ field: 'tcp_src', value: i }], instructions: out(1), cookie: 5n,
    }));
    const ctl = new Controller({ log: silentLogger() });
    ctl.register(new DesiredApp('alpha', 1, specs));
    await ctl.start();
    const link = new FakeLink(3n);
    link.flows = specs.map((f) => stats(cookieOf(1, 5n), 10, f.match, out(1)));
    let finished = false;
    let otherWorkRanDuring = false;
    ctl.attach(link);
    setImmediate(() => {
      otherWorkRanDuring = !finished;
    });
    const report = await ctl.lastReconcile(3n);
    finished = true;
    expect(report).toMatchObject({ actual: n, kept: n, added: 0, deleted: 0 });
    expect(otherWorkRanDuring).toBe(true);
  });

  it('reconciles one app on request, reading back only its cookie space', async () => {
    const { link, ctl } = await run(switchFlows());
    link.sent.length = 0;
    link.multipartRequests.length = 0;
    link.flows = switchFlows().filter((f) => f.cookie >> 48n === 1n);
    const report = await ctl.reconcile(0x42n, 1);
    expect(link.multipartRequests[0]).toMatchObject({ body: { cookie: 1n << 48n, cookieMask: 0xffffn << 48n } });
    expect(report).toMatchObject({ kept: 1, added: 1, deleted: 1, foreign: 0 });
    await settle();
  });
});
