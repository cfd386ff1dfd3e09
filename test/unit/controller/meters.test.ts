// Meters owned by apps: id spaces per app, the pure plan against a switch's meters, and
// reconciliation sending meters before the flows that name them.
import type { App } from '../../../controller/app';
import type { FlowSpec } from '../../../controller/changes';
import { Controller } from '../../../controller/controller';
import { silentLogger } from '../../../controller/logger';
import { planMeters } from '../../../controller/meter-reconcile';
import { appIdOfMeter, MeterSpace, type MeterSpec } from '../../../controller/meter-space';
import { changeToMessage } from '../../../controller/messages';
import { CookieSpace } from '../../../controller/cookies';
import { isSlrError } from '../../../controller/errors';
import type { MeterBand, MeterConfig } from '../../../southbound/codec/types';
import { FakeLink } from './support/fake-link';

const KBPS_BURST = 1 | 4;
const drop = (rate: number, burstSize = 100): MeterBand[] => [{ type: 'DROP', rate, burstSize }];

describe('MeterSpace', () => {
  it('gives each app its own ids, never colliding, all below OFPM_MAX', () => {
    const a = new MeterSpace(3);
    const b = new MeterSpace(6);
    expect(a.id(1)).toBe(0x30001);
    expect(b.id(1)).toBe(0x60001);
    expect(a.id(0)).toBeUndefined();
    expect(a.id(0x10000)).toBeUndefined();
    expect(a.owns(0x30001)).toBe(true);
    expect(a.owns(0x60001)).toBe(false);
    expect(appIdOfMeter(0x6ffff)).toBe(6);
    expect(new MeterSpace(0xfffe).id(0xffff)).toBeLessThan(0xffff0000);
  });

  it('refuses a meter change outside the app\'s range', () => {
    const meters = new MeterSpace(6);
    const ok = changeToMessage(new CookieSpace(6), { kind: 'meter', command: 'add', flags: KBPS_BURST, meterId: 0x60002, bands: drop(10) }, meters);
    expect(ok).toMatchObject({ type: 'METER_MOD', meterId: 0x60002, command: 0 });
    let err: unknown;
    try {
      changeToMessage(new CookieSpace(6), { kind: 'meter', command: 'delete', flags: 0, meterId: 0x30001, bands: [] }, meters);
    } catch (e) {
      err = e;
    }
    expect(isSlrError(err, 'METER_OUT_OF_RANGE')).toBe(true);
  });
});

describe('planMeters', () => {
  const have: MeterConfig[] = [
    { meterId: 0x60001, flags: KBPS_BURST | 8, bands: drop(1000) }, // same (the stats flag is the switch's)
    { meterId: 0x60002, flags: KBPS_BURST, bands: drop(2000) },     // rate differs -> modify
    { meterId: 0x60009, flags: KBPS_BURST, bands: drop(5) },        // not wanted -> delete
    { meterId: 0x30001, flags: KBPS_BURST, bands: drop(5) },        // another app's -> left
    { meterId: 0xfffffffd, flags: 2, bands: drop(5) },              // OFPM_CONTROLLER -> left
  ];
  it('keeps, modifies, adds and deletes only within reconciling apps', () => {
    const plan = planMeters(have, [
      { meterId: 0x60001, flags: KBPS_BURST, bands: drop(1000) },
      { meterId: 0x60002, flags: KBPS_BURST, bands: drop(3000) },
      { meterId: 0x60003, flags: KBPS_BURST, bands: drop(4000) },
    ], (appId) => appId === 6);
    expect(plan.kept).toBe(1);
    expect(plan.modify.map((m) => m.meterId)).toEqual([0x60002]);
    expect(plan.add.map((m) => m.meterId)).toEqual([0x60003]);
    expect(plan.remove).toEqual([0x60009]);
  });
});

class MeteringApp implements App {
  readonly name = 'metering';
  readonly appId = 6;
  constructor(public meters: MeterSpec[], public flows: FlowSpec[]) {}
  desiredMeters(): Iterable<MeterSpec> {
    return this.meters;
  }
  desiredFlows(): Iterable<FlowSpec> {
    return this.flows;
  }
}

describe('reconciliation with meters', () => {
  async function connect(app: MeteringApp, meters: MeterConfig[]): Promise<FakeLink> {
    const ctl = new Controller({ log: silentLogger(), reconcileChunkSize: 1000 });
    ctl.register(app);
    await ctl.start();
    const link = new FakeLink(0x42n);
    link.meters = meters;
    ctl.attach(link);
    await ctl.lastReconcile(0x42n);
    return link;
  }

  it('adds a switch\'s missing meters before the flows that name them, and deletes stale ones last', async () => {
    const app = new MeteringApp(
      [{ localId: 1, flags: KBPS_BURST, bands: drop(1000) }],
      [{ tableId: 0, priority: 50, match: [{ field: 'eth_type', value: 0x800 }], instructions: [{ type: 'METER', meterId: 0x60001 }, { type: 'GOTO_TABLE', tableId: 3 }], cookie: 1n }],
    );
    const link = await connect(app, [{ meterId: 0x60007, flags: KBPS_BURST, bands: drop(9) }]);
    const kinds = link.sent.map((m) => (m.type === 'METER_MOD' ? `meter:${m.command}:${m.meterId.toString(16)}` : m.type));
    expect(kinds).toEqual(['meter:0:60001', 'FLOW_MOD', 'meter:2:60007']);
  });

  it('sends no meter when the switch already holds them', async () => {
    const app = new MeteringApp([{ localId: 1, flags: KBPS_BURST, bands: drop(1000) }], []);
    const link = await connect(app, [{ meterId: 0x60001, flags: KBPS_BURST | 8, bands: drop(1000) }]);
    expect(link.sentOfType('METER_MOD')).toEqual([]);
  });
});
