import { PinOpQueue, type PinOp } from '../../../../controller/store/pin-op-queue';

const claim = (key: string, value: string): PinOp => ({ kind: 'claim', key, value });
const release = (key: string, value: string): PinOp => ({ kind: 'release', key, value });

describe('PinOpQueue', () => {
  it('cancels a claim released before it was sent', () => {
    const q = new PinOpQueue();
    q.push(claim('k', 'v'));
    q.push(release('k', 'v'));
    expect(q.size).toBe(0);
    expect(q.drain(10)).toEqual([]);
  });

  it('keeps per-key order and a release of a different value', () => {
    const q = new PinOpQueue();
    q.push(release('k', 'old'));
    q.push(claim('k', 'new'));
    q.push(claim('j', 'x'));
    expect(q.drain(10)).toEqual([release('k', 'old'), claim('k', 'new'), claim('j', 'x')]);
  });

  it('drains whole keys up to the limit', () => {
    const q = new PinOpQueue();
    for (let i = 0; i < 5; i++) q.push(claim(`k${i}`, 'v'));
    expect(q.drain(2).map((o) => o.key)).toEqual(['k0', 'k1']);
    expect(q.size).toBe(3);
  });

  it('puts failed ops back before newer ones, cancelling across the boundary', () => {
    const q = new PinOpQueue();
    q.push(claim('k', 'v1'));
    q.push(claim('j', 'x'));
    const failed = q.drain(10);
    q.push(release('k', 'v1')); // the connection ended while the batch was failing
    q.push(claim('i', 'y'));
    q.requeueFront(failed);
    expect(q.size).toBe(2);
    expect(q.drain(10).sort((a, b) => a.key.localeCompare(b.key))).toEqual([claim('i', 'y'), claim('j', 'x')]);
  });
});
