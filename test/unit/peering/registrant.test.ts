import type { RegistrationApi } from '../../../peering/registration-client';
import { Registrant } from '../../../peering/registrant';
import type { HelloRequestMsg, LoadReportMsg, ShortcutRequestMsg } from '../../../peering/wire-types';
import { FakeClock } from './fake-clock';
import { RecordingLog } from './recording-log';

function setup(opts: { sendRtt?: boolean } = {}) {
  const clock = new FakeClock();
  let mono = 1000;
  const reports: LoadReportMsg[] = [];
  const shortcuts: ShortcutRequestMsg[] = [];
  const api: RegistrationApi = {
    hello: async () => ({ sessionId: 's1', reportIntervalMs: 1000, missedReportsToExpire: 3, expiryMs: 3500 }),
    report: async (req) => {
      reports.push(req);
      mono += 2.5; // each report takes 2.5 ms on the monotonic clock
      return { reportIntervalMs: 1000 };
    },
    goodbye: async () => ({}),
    shortcut: async (req) => {
      shortcuts.push(req);
      return { results: req.entries.map((e) => ({ applied: e.labels[0] !== 1, refused: e.labels[0] === 1, detail: 'ok' })) };
    },
    release: async () => ({ released: true, detail: 'ok' }),
    close: () => undefined,
  };
  const hello = (): HelloRequestMsg => ({ id: 'site-a', certificatePem: 'PEM', kind: 'site', attachment: { ip: '', mac: '', mplsLabel: 2001 }, subnets: [{ subnet: '192.200.0.0/16', ports: [80] }], version: 't' });
  const r = new Registrant({
    api, id: 'site-a', hello, sample: async () => [{ subnet: '192.200.0.0/16', load: 0.3, connections: 0, cpu: 0 }],
    clock, log: new RecordingLog(), backoff: { initialMs: 100, maxMs: 400 }, monotonicMs: () => mono, ...opts,
  });
  return { r, clock, reports, shortcuts };
}

describe('Registrant (an SLR level with the level above)', () => {
  it('measures each report\'s round trip and sends it with the next one', async () => {
    const { r, clock, reports } = setup();
    r.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(0);
    await clock.advanceAsync(1000);
    await clock.advanceAsync(1000);
    expect(reports.map((x) => [x.seq, x.rttMs])).toEqual([[1, 0], [2, 2.5], [3, 2.5]]);
    expect(r.lastRttMs()).toBe(2.5);
  });

  it('sends no round trip when told not to (a server agent)', async () => {
    const { r, clock, reports } = setup({ sendRtt: false });
    r.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(0);
    await clock.advanceAsync(1000);
    expect(reports.every((x) => x.rttMs === 0)).toBe(true);
  });

  it('batches the shortcuts of a few milliseconds into one call with its session, each caller getting its own result; declines before registering', async () => {
    const { r, clock, shortcuts } = setup();
    const flow = (port: number) => ({ protocol: 6, client: '10.0.1.1', clientPort: port, vip: '10.0.0.100', vipPort: 80 });
    expect(await r.shortcut(flow(1), [20011])).toEqual({ applied: false, refused: false, detail: 'not registered with the level above (idle)' });
    r.start();
    await clock.advanceAsync(0);
    const results = await Promise.all([r.shortcut(flow(2), [20011]), r.shortcut(flow(3), [1]), r.shortcut(flow(4), [20012])]);
    expect(results).toEqual([
      { applied: true, refused: false, detail: 'ok' },
      { applied: false, refused: true, detail: 'ok' },
      { applied: true, refused: false, detail: 'ok' },
    ]);
    expect(shortcuts).toEqual([{ id: 'site-a', sessionId: 's1', entries: [{ flow: flow(2), labels: [20011] }, { flow: flow(3), labels: [1] }, { flow: flow(4), labels: [20012] }] }]);
  });
});
