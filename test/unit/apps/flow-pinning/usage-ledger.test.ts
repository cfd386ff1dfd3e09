import { UsageLedger } from '../../../../apps/flow-pinning/usage-ledger';
import { cookieWithTag, kindOfCookie, tagOfCookie, usageTag, UsageTags } from '../../../../apps/flow-pinning/usage-tags';

const SW = 0x102n;
const SW2 = 0x103n;

const row = (l: UsageLedger, service = 'web', target = 'srv1') => l.ofService(service).find((r) => r.target === target)!;

describe('UsageLedger', () => {
  it('adds the live pin flows of a poll to the counters of the flows that ended', () => {
    const l = new UsageLedger();
    l.forwardPolled('web', 'srv1', SW, 1000, 10, 2);
    expect(row(l)).toMatchObject({ toService: { bytes: 1000, packets: 10 }, connections: 2, activeConnections: 2 });
    // One flow ends with 700 bytes; the poll had counted part of it.
    l.flowEnded('web', 'srv1', SW, 700, 7);
    expect(row(l).toService.bytes).toBeGreaterThanOrEqual(1000);
    // The next poll sees only the remaining flow.
    l.forwardPolled('web', 'srv1', SW, 450, 4, 1);
    expect(row(l)).toMatchObject({ toService: { bytes: 1150, packets: 11 }, connections: 2, activeConnections: 1 });
  });

  it('keeps the bytes of connections whose flows ended between polls (never polled)', () => {
    const l = new UsageLedger();
    l.declare('web', 'srv2');
    l.flowEnded('web', 'srv2', SW, 5000, 40);
    l.flowEnded('web', 'srv2', SW, 3000, 20);
    l.forwardPolled('web', 'srv2', SW, 0, 0, 0);
    expect(row(l, 'web', 'srv2')).toMatchObject({ toService: { bytes: 8000, packets: 60 }, connections: 2, activeConnections: 0 });
  });

  it('sums switches and never goes down (counters), even when a poll and a FLOW_REMOVED cross', () => {
    const l = new UsageLedger();
    l.forwardPolled('web', 'srv1', SW, 100, 1, 1);
    l.forwardPolled('web', 'srv1', SW2, 200, 2, 1);
    expect(row(l).toService.bytes).toBe(300);
    // The reply of a poll still holding the flow arrives after its FLOW_REMOVED was handled.
    l.flowEnded('web', 'srv1', SW, 150, 2);
    l.forwardPolled('web', 'srv1', SW, 150, 2, 1);
    const crossed = row(l).toService.bytes;
    expect(crossed).toBeGreaterThanOrEqual(300);
    l.forwardPolled('web', 'srv1', SW, 0, 0, 0);
    expect(row(l).toService.bytes).toBeGreaterThanOrEqual(crossed);
    // Once more traffic arrives, the true total (150 ended + 200 live + 100 new) shows.
    l.forwardPolled('web', 'srv1', SW2, 450, 5, 1);
    expect(row(l).toService.bytes).toBe(600);
  });

  it('keeps what a switch counted before it reconnected without its flows', () => {
    const l = new UsageLedger();
    l.forwardPolled('web', 'srv1', SW, 1000, 10, 3);
    l.switchReconnected(SW);
    // One of the three connections lives on: its flow came back (from the pin) with fresh counters.
    l.forwardPolled('web', 'srv1', SW, 100, 1, 1);
    expect(row(l)).toMatchObject({ toService: { bytes: 1100, packets: 11 }, connections: 3 });
    // Within one connection of the switch, a lower figure is not a loss.
    l.forwardPolled('web', 'srv1', SW, 50, 1, 1);
    expect(row(l).toService.bytes).toBe(1100);
  });

  it('counts replies from the persistent counting flows, carrying over a re-installed flow', () => {
    const l = new UsageLedger();
    l.reversePolled('web', 'srv1', SW, 10_000, 8);
    l.reversePolled('web', 'srv1', SW, 25_000, 20);
    expect(row(l).fromService).toEqual({ bytes: 25_000, packets: 20 });
    l.reversePolled('web', 'srv1', SW, 500, 1);
    expect(row(l).fromService).toEqual({ bytes: 25_500, packets: 21 });
  });

  it('adds what the VIP packet-in rules counted, split among targets by the packets the controller sent on', () => {
    const l = new UsageLedger();
    l.forwardPolled('web', 'srv1', SW, 1000, 10, 1);
    l.sentByController('web', 'srv1', 100);
    l.sentByController('web', 'srv1', 100);
    l.sentByController('web', 'srv2', 100);
    // Nothing from the controller counts until the switch says what its VIP rules sent.
    expect(row(l).toService.bytes).toBe(1000);
    // The switch credited one of the three to a pin (a datapath flow cached for another
    // connection's first packet): its VIP rules counted only two.
    l.vipRulePolled('web', SW, 200, 2);
    expect(row(l).toService).toEqual({ bytes: 1000 + 133, packets: 10 + 1 });
    expect(row(l, 'web', 'srv2').toService).toEqual({ bytes: 67, packets: 1 });
    // A re-installed rule starts again at 0: what it had counted stays.
    l.vipRulePolled('web', SW, 30, 1);
    expect(row(l).toService.bytes + row(l, 'web', 'srv2').toService.bytes).toBeGreaterThanOrEqual(1230);
  });

  it('lists pairs per service, starting at zero when declared', () => {
    const l = new UsageLedger();
    l.declare('web', 'srv1');
    l.declare('dns', 'srv1');
    expect(l.ofService('web')).toEqual([{ service: 'web', target: 'srv1', toService: { bytes: 0, packets: 0 }, fromService: { bytes: 0, packets: 0 }, connections: 0, activeConnections: 0 }]);
    expect(l.all()).toHaveLength(2);
    expect(l.ofService('nope')).toEqual([]);
  });
});

describe('usage tags', () => {
  it('are stable 40-bit hashes of (service, target), distinct for distinct pairs, and round-trip through the cookie', () => {
    const a = usageTag('web', 'srv1');
    expect(usageTag('web', 'srv1')).toBe(a);
    expect(a).toBeGreaterThan(0n);
    expect(a < 1n << 40n).toBe(true);
    expect(usageTag('web', 'srv2')).not.toBe(a);
    expect(usageTag('websrv', '1')).not.toBe(usageTag('web', 'srv1'));
    const cookie = cookieWithTag(1n, a);
    expect(cookie < 1n << 48n).toBe(true);
    expect(kindOfCookie(cookie)).toBe(1n);
    expect(tagOfCookie(cookie)).toBe(a);
  });

  it('map a tag back to its pair once computed', () => {
    const tags = new UsageTags();
    const t = tags.tag('web', 'srv3');
    expect(tags.pairOf(t)).toEqual({ service: 'web', target: 'srv3' });
    expect(tags.pairOf(12345n)).toBeUndefined();
  });

  it('collide rarely: 20,000 pairs give distinct tags', () => {
    const seen = new Set<bigint>();
    for (let s = 0; s < 200; s++) for (let t = 0; t < 100; t++) seen.add(usageTag(`svc-${s}`, `srv-${t}`));
    expect(seen.size).toBe(20_000);
  });
});
