import { Keepalive } from '../../../../southbound/channel/keepalive';

describe('Keepalive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const events: string[] = [];
    const ka = new Keepalive(1000, 3000, () => events.push('echo'), (reason) => events.push(`dead: ${reason}`));
    ka.start();
    return { ka, events };
  }

  it('sends no echo while traffic keeps coming', () => {
    const { ka, events } = setup();
    for (let i = 0; i < 10; i++) {
      jest.advanceTimersByTime(500);
      ka.noteTraffic();
    }
    expect(events).toEqual([]);
    ka.stop();
  });

  it('sends an echo after an idle interval and closes when nothing comes back', () => {
    const { events } = setup();
    jest.advanceTimersByTime(1000);
    expect(events).toEqual(['echo']);
    jest.advanceTimersByTime(2999);
    expect(events).toEqual(['echo']); // one echo outstanding at a time
    jest.advanceTimersByTime(1);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatch(/^dead: no reply to echo request within 3000 ms/);
    jest.advanceTimersByTime(10_000);
    expect(events).toHaveLength(2); // stopped after declaring the switch dead
  });

  it('stays alive when the switch answers the echo', () => {
    const { ka, events } = setup();
    jest.advanceTimersByTime(1000);
    expect(events).toEqual(['echo']);
    jest.advanceTimersByTime(200);
    ka.noteTraffic(); // the echo reply
    jest.advanceTimersByTime(3000);
    expect(events.filter((e) => e.startsWith('dead'))).toEqual([]);
    ka.stop();
  });

  it('does nothing after stop', () => {
    const { ka, events } = setup();
    ka.stop();
    jest.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
  });
});
