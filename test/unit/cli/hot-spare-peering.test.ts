// The hot spare's afterMaster hook (cli/hot-spare.ts): a peering start that fails part
// way closes what it did start before the error goes back to the coordinator, which
// tries again (controller/ha/hot-spare.ts); one that succeeds is left running.
import { startPeeringAfresh } from '../../../cli/hot-spare';

/** Records the order of startPeering and stopPeering calls; startPeering fails while `busy`. */
function fakeProcess(busy: boolean): { calls: string[]; busy: boolean; startPeering(): Promise<void>; stopPeering(): Promise<void> } {
  return {
    calls: [],
    busy,
    async startPeering() {
      this.calls.push('start');
      if (this.busy) throw new Error('unix socket /run/slr/as.sock is in use by another process');
    },
    async stopPeering() {
      this.calls.push('stop');
    },
  };
}

describe('startPeeringAfresh', () => {
  it('starts peering and leaves it running', async () => {
    const p = fakeProcess(false);
    await startPeeringAfresh(p);
    expect(p.calls).toEqual(['start']);
  });

  it('closes what started when a service cannot start, and passes the error on', async () => {
    const p = fakeProcess(true);
    await expect(startPeeringAfresh(p)).rejects.toThrow(/in use by another process/);
    expect(p.calls).toEqual(['start', 'stop']);
    // The next attempt, once the address is free, starts everything afresh.
    p.busy = false;
    await startPeeringAfresh(p);
    expect(p.calls).toEqual(['start', 'stop', 'start']);
  });

  it('passes the start error on even when closing fails too', async () => {
    const p = fakeProcess(true);
    p.stopPeering = async () => {
      throw new Error('close failed');
    };
    await expect(startPeeringAfresh(p)).rejects.toThrow(/in use by another process/);
  });

  it('does nothing for a process without SLR levels', async () => {
    await expect(startPeeringAfresh(undefined)).resolves.toBeUndefined();
  });
});
