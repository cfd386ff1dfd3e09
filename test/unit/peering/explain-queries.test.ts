import { ExplainQueries, ExplainQueryError, MAX_WAITING_QUERIES } from '../../../peering/explain-queries';
import type { ExplainQueryMsg } from '../../../peering/wire-types';
import { FakeClock } from './fake-clock';

const flow = { protocol: 6, client: '10.1.0.1', clientPort: 45001, vip: '10.0.0.100', vipPort: 80 };

function setup() {
  const clock = new FakeClock();
  const q = new ExplainQueries(clock);
  const written: ExplainQueryMsg[] = [];
  const detach = q.attach('as1', 's1', (m) => written.push(m));
  return { clock, q, written, detach };
}

describe('ExplainQueries (a level asking the level below over its Listen stream)', () => {
  it('writes the query on the registrant\'s stream and resolves with its answer', async () => {
    const { q, written } = setup();
    const asked = q.ask('as1', flow, 2000);
    expect(written).toEqual([{ queryId: 1, flow }]);
    expect(q.answer('as1', 's1', 1, '[{"level":"as1"}]', '')).toBeUndefined();
    await expect(asked).resolves.toBe('[{"level":"as1"}]');
  });

  it('fails at once for a registrant that is not listening, and after the timeout for one that never answers', async () => {
    const { clock, q } = setup();
    await expect(q.ask('as2', flow, 2000)).rejects.toMatchObject({ code: 'NOT_LISTENING' });
    const asked = q.ask('as1', flow, 2000);
    clock.advance(1999);
    let settled = false;
    void asked.catch(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(asked).rejects.toBeInstanceOf(ExplainQueryError);
    await expect(asked).rejects.toMatchObject({ code: 'TIMEOUT' });
    // A late answer is refused, not delivered twice.
    expect(q.answer('as1', 's1', 1, '[]', '')).toMatchObject({ reason: 'malformed' });
  });

  it('takes an answer only from the registrant asked, on its listening session', async () => {
    const { q } = setup();
    const asked = q.ask('as1', flow, 2000);
    expect(q.answer('as2', 's9', 1, '[]', '')).toMatchObject({ reason: 'foreign-flow' });
    expect(q.answer('as1', 'old-session', 1, '[]', '')).toMatchObject({ reason: 'foreign-flow' });
    expect(q.answer('as1', 's1', 1, '', 'no such service')).toBeUndefined();
    await expect(asked).rejects.toMatchObject({ code: 'FAILED', message: 'as1 could not explain: no such service' });
  });

  it('forgets a stream when it ends, but not a newer one of the same registrant', async () => {
    const { q, detach } = setup();
    const newer: ExplainQueryMsg[] = [];
    q.attach('as1', 's2', (m) => newer.push(m));
    detach();
    expect(q.listening('as1')).toBe(true);
    void q.ask('as1', flow, 100).catch(() => undefined);
    expect(newer).toHaveLength(1);
  });

  it('bounds the queries waiting, and fails them all on close', async () => {
    const { q } = setup();
    const waiting = Array.from({ length: MAX_WAITING_QUERIES }, () => q.ask('as1', flow, 60_000));
    await expect(q.ask('as1', flow, 60_000)).rejects.toMatchObject({ code: 'FAILED' });
    q.close();
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(q.listening('as1')).toBe(false);
  });
});
