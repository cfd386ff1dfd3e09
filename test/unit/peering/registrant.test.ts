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

describe('Registrant answering explain queries from the level above', () => {
  function listening(explain: (flow: unknown) => Promise<unknown[]>) {
    const clock = new FakeClock();
    const streams: Array<{ req: { id: string; sessionId: string }; onQuery: (q: { queryId: number; flow: never }) => void; onEnd: (err?: Error) => void; cancelled: boolean }> = [];
    const answers: Array<{ queryId: number; stepsJson: string; error: string; sessionId: string }> = [];
    let session = 0;
    const api: RegistrationApi = {
      hello: async () => ({ sessionId: `s${++session}`, reportIntervalMs: 1000, missedReportsToExpire: 3, expiryMs: 3500 }),
      report: async () => ({ reportIntervalMs: 1000 }),
      goodbye: async () => ({}),
      shortcut: async () => ({ results: [] }),
      release: async () => ({ released: true, detail: 'ok' }),
      listen: (req, onQuery, onEnd) => {
        const s = { req, onQuery: onQuery as never, onEnd, cancelled: false };
        streams.push(s);
        return () => { s.cancelled = true; };
      },
      answer: async (req) => {
        answers.push(req);
        return {};
      },
      close: () => undefined,
    };
    const hello = (): HelloRequestMsg => ({ id: 'as1', certificatePem: 'PEM', kind: 'as', attachment: { ip: '', mac: '', mplsLabel: 1001 }, subnets: [], version: 't' });
    const r = new Registrant({ api, id: 'as1', hello, sample: async () => [], clock, log: new RecordingLog(), backoff: { initialMs: 100, maxMs: 400 }, explain });
    return { r, clock, streams, answers };
  }
  const flow = { protocol: 6, client: '10.1.0.1', clientPort: 45001, vip: '10.0.0.100', vipPort: 80 };

  it('opens its stream once registered and answers each query with its steps, on its session', async () => {
    const { r, clock, streams, answers } = listening(async () => [{ level: 'as1', chosen: 'site11' }, { level: 'site11', chosen: 'srv1' }]);
    r.start();
    await clock.advanceAsync(0);
    expect(streams.map((s) => s.req)).toEqual([{ id: 'as1', sessionId: 's1' }]);
    streams[0].onQuery({ queryId: 7, flow: flow as never });
    await clock.advanceAsync(0);
    expect(answers).toEqual([{ id: 'as1', sessionId: 's1', queryId: 7, error: '', stepsJson: '[{"level":"as1","chosen":"site11"},{"level":"site11","chosen":"srv1"}]' }]);
  });

  it('answers with the error when it cannot explain', async () => {
    const { r, clock, streams, answers } = listening(async () => { throw new Error('not IPv4'); });
    r.start();
    await clock.advanceAsync(0);
    streams[0].onQuery({ queryId: 1, flow: flow as never });
    await clock.advanceAsync(0);
    expect(answers[0]).toMatchObject({ queryId: 1, stepsJson: '', error: 'not IPv4' });
  });

  it('opens the stream again a second after it ended while registered, and closes it on stop', async () => {
    const { r, clock, streams } = listening(async () => []);
    r.start();
    await clock.advanceAsync(0);
    streams[0].onEnd(new Error('connection reset'));
    await clock.advanceAsync(999);
    expect(streams).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(streams).toHaveLength(2);
    await r.stop();
    expect(streams[1].cancelled).toBe(true);
  });
});
