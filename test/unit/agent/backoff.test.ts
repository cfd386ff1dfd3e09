import { backoffDelay } from '../../../peering/backoff';

describe('registration backoff', () => {
  const opts = { initialMs: 100, maxMs: 1000 };

  it('doubles per attempt up to the cap (upper end of the jitter range)', () => {
    const top = [0, 1, 2, 3, 4, 10, 60].map((a) => backoffDelay(a, { ...opts, random: () => 1 }));
    expect(top).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('jitters each delay within [d/2, d]', () => {
    expect(backoffDelay(2, { ...opts, random: () => 0 })).toBe(200);
    expect(backoffDelay(2, { ...opts, random: () => 0.5 })).toBe(300);
  });
});
