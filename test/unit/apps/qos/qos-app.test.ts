// The qos app's audit: when a link switch lacks its meters (or the flows naming them) the
// app has the core reconcile it there; when everything is in place it does nothing.
import { QosApp } from '../../../../apps/qos/qos-app';
import type { AppContext } from '../../../../controller/app';
import { ManualClock } from '../../../../controller/clock';
import { silentLogger } from '../../../../controller/logger';
import { MeterSpace } from '../../../../controller/meter-space';
import type { DatapathInfo } from '../../../../controller/events';
import type { FlowStats, MeterConfig, MultipartReplyBody } from '../../../../southbound/codec/types';

const EDGE = 0x102n;

function setup(): { app: QosApp; switchMeters: MeterConfig[]; switchFlows: FlowStats[]; reconciled: bigint[] } {
  const app = new QosApp(
    { links: [{ id: 'access', dpid: '0000000000000102', rateKbps: 20_000 }], classes: {}, services: { web: { sharePercent: 50 } }, burstMs: 100, auditIntervalMs: 0 },
    { prefixOf: (id) => (id === 'web' ? '10.0.0.100/32' : undefined), targetsOf: () => ['srv1'] },
    silentLogger(),
  );
  const world = { app, switchMeters: [] as MeterConfig[], switchFlows: [] as FlowStats[], reconciled: [] as bigint[] };
  const ctx: AppContext = {
    appId: 6, name: 'qos', log: silentLogger(), clock: new ManualClock(0), meters: new MeterSpace(6),
    datapaths: { get: (d) => (d === EDGE ? ({ dpid: d } as DatapathInfo) : undefined), list: () => [] },
    apply: () => true,
    barrier: async () => undefined,
    flowStats: async () => world.switchFlows,
    multipart: async (): Promise<MultipartReplyBody[]> => [{ mpType: 'METER_CONFIG', body: world.switchMeters }],
    aggregateStats: async () => ({ packetCount: 0n, byteCount: 0n, flowCount: 0 }),
    reconcileSwitch: async () => ({ dpidHex: '', actual: 0, kept: 0, added: 0, deleted: 0, foreign: 0, readBack: true }),
    reconcile: async (dpid) => {
      world.reconciled.push(dpid);
      return { dpidHex: '', actual: 0, kept: 0, added: 2, deleted: 0, foreign: 0, readBack: true, meters: { added: 2, modified: 0, deleted: 0, kept: 0 } };
    },
  };
  app.start(ctx);
  return world;
}

it('reconciles a link switch that lost its meters, and counts the repair', async () => {
  const w = setup();
  expect(await w.app.audit()).toBe(1);
  expect(w.reconciled).toEqual([EDGE]);
  expect(w.app.counters()).toMatchObject({ audits: 1, repairs: 1, metersRestored: 2 });
});

it('leaves a switch alone that holds its meters and flows', async () => {
  const w = setup();
  const wanted = [...w.app.desiredMeters(EDGE)];
  w.switchMeters = wanted.map((m) => ({ meterId: 0x60000 + m.localId, flags: m.flags | 8, bands: m.bands }));
  w.switchFlows = [...w.app.desiredFlows(EDGE)].map(() => ({}) as FlowStats);
  expect(await w.app.audit()).toBe(0);
  expect(w.reconciled).toEqual([]);
  // A meter at another rate is a difference too.
  w.switchMeters[0] = { ...w.switchMeters[0]!, bands: [{ type: 'DROP', rate: 1, burstSize: 1 }] };
  expect(await w.app.audit()).toBe(1);
});

it('advertises a subnet with its service\'s class, and none once the class is gone', () => {
  const app = new QosApp(
    { links: [{ id: 'access', dpid: '0x102', rateKbps: 20_000 }], classes: { premium: { rank: 0, sharePercent: 40 } }, services: { web: { class: 'premium' } }, burstMs: 100, auditIntervalMs: 0 },
    { prefixOf: (id) => (id === 'web' ? '10.0.0.100/32' : undefined), targetsOf: () => ['srv1'] },
    silentLogger(),
  );
  expect(app.classOfSubnet('10.0.0.100/32')).toBe('premium');
  expect(app.classOfSubnet('10.0.0.101/32')).toBeUndefined();
  app.setService('web', { sharePercent: 30 });
  expect(app.classOfSubnet('10.0.0.100/32')).toBeUndefined();
});
