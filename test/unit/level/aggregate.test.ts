import { aggregate } from '../../../level/policies/aggregate';

describe('aggregate G', () => {
  const xs = [
    { load: 10, cost: 1, weight: 1 },
    { load: 40, cost: 2, weight: 3 },
  ];
  it('computes min, max, mean and weighted mean', () => {
    expect(aggregate('min', xs)).toBe(10);
    expect(aggregate('max', xs)).toBe(40);
    expect(aggregate('mean', xs)).toBe(25);
    expect(aggregate('weighted-mean', xs)).toBe(32.5);
  });
  it('has nothing to advertise for no targets', () => {
    expect(aggregate('mean', [])).toBeUndefined();
  });
  it('falls back to the plain mean when all weights are 0', () => {
    expect(aggregate('weighted-mean', xs.map((x) => ({ ...x, weight: 0 })))).toBe(25);
  });
});
