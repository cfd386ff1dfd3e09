// The recovery rule and the pin life cycle as pure decisions (apps/recovery/decide.ts).
import {
  dormantCutoff, flowRemovedVerdict, isClosingPacket, isFirstPacket, lastSeenAt, lostFlows, packetVerdict,
  TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN,
} from '../../../../apps/recovery/decide';

const TCP = 6;
const UDP = 17;
const KEEP = { keepPastIdle: true };

describe('which packet may open a connection', () => {
  it('takes a TCP SYN without ACK as a first packet, and nothing else of TCP', () => {
    expect(isFirstPacket(TCP, TCP_SYN)).toBe(true);
    expect(isFirstPacket(TCP, TCP_SYN | TCP_ACK)).toBe(false);
    expect(isFirstPacket(TCP, TCP_ACK)).toBe(false);
    expect(isFirstPacket(TCP, TCP_ACK | TCP_FIN)).toBe(false);
    expect(isFirstPacket(TCP, TCP_RST)).toBe(false);
    expect(isFirstPacket(TCP, TCP_SYN | TCP_RST)).toBe(false);
    expect(isFirstPacket(TCP, 0)).toBe(false);
  });

  it('takes every UDP datagram as a possible first packet (no connection state to go by)', () => {
    expect(isFirstPacket(UDP, 0)).toBe(true);
  });

  it('sees FIN and RST as the end of a TCP connection', () => {
    expect(isClosingPacket(TCP, TCP_FIN | TCP_ACK)).toBe(true);
    expect(isClosingPacket(TCP, TCP_RST)).toBe(true);
    expect(isClosingPacket(TCP, TCP_ACK)).toBe(false);
    expect(isClosingPacket(UDP, TCP_FIN)).toBe(false);
  });
});

describe('the recovery rule', () => {
  it('re-pins a pinned connection whatever the packet, decides only a first packet, and drops a later packet nobody knows', () => {
    expect(packetVerdict(true, false)).toBe('repin');
    expect(packetVerdict(true, true)).toBe('repin');
    expect(packetVerdict(false, true)).toBe('decide');
    expect(packetVerdict(false, false)).toBe('drop');
  });
});

describe('a pin flow removed from its switch', () => {
  it('puts a deleted flow back and never releases its pin', () => {
    expect(flowRemovedVerdict(2, false, KEEP)).toBe('reinstall');
    expect(flowRemovedVerdict(2, true, KEEP)).toBe('reinstall');
    expect(flowRemovedVerdict(2, false, { keepPastIdle: false })).toBe('reinstall');
  });

  it('keeps the pin past an idle timeout (dormant) unless a FIN or RST was seen, or pins end with their flows', () => {
    expect(flowRemovedVerdict(0, false, KEEP)).toBe('dormant');
    expect(flowRemovedVerdict(0, true, KEEP)).toBe('release');
    expect(flowRemovedVerdict(0, false, { keepPastIdle: false })).toBe('release');
  });

  it('ends a UDP pin at its idle timeout (no FIN ever comes), but puts a deleted UDP flow back', () => {
    expect(flowRemovedVerdict(0, false, KEEP, true)).toBe('release');
    expect(flowRemovedVerdict(2, false, KEEP, true)).toBe('reinstall');
  });

  it('ends the pin at a hard timeout and reinstalls after removals for other reasons (group/meter deleted, eviction)', () => {
    expect(flowRemovedVerdict(1, false, KEEP)).toBe('release');
    expect(flowRemovedVerdict(3, false, KEEP)).toBe('reinstall');
    expect(flowRemovedVerdict(5, false, KEEP)).toBe('reinstall');
  });

  it('dates an idled-out flow\'s last packet one idle timeout before its removal', () => {
    expect(lastSeenAt(100_000, 30)).toBe(70_000);
  });

  it('releases dormant pins older than the idle limit, and never with a limit of 0', () => {
    expect(dormantCutoff(1_000_000, 300)).toBe(700_000);
    expect(dormantCutoff(1_000_000, 0)).toBe(0);
  });
});

describe('the audit of a switch', () => {
  it('reports the kinds of flow the switch holds fewer of than wanted, not those it holds more of', () => {
    const rows = [
      { appId: 5, cookie: 1n, desired: 4, actual: 4 },
      { appId: 2, cookie: 1n, desired: 4, actual: 0 },
      { appId: 1, cookie: 1n, desired: 1, actual: 3 },
    ];
    expect(lostFlows(rows)).toEqual([rows[1]]);
    expect(lostFlows([])).toEqual([]);
  });
});
