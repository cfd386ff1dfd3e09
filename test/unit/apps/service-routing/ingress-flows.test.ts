import { ServiceCatalog } from '../../../../level/catalog/catalog';
import { vipArpRule, vipEchoReplyRule, vipRules } from '../../../../apps/service-routing/ingress-flows';
import { fiveTupleOfMatch, pinFlow, pinMatch } from '../../../../apps/flow-pinning/pin-flows';
import { catalogSpec, ip, server, service } from '../../level/fixtures';

describe('ingress flows', () => {
  const catalog = new ServiceCatalog(
    catalogSpec([server('s1')], [service('dns', '192.200.1.0/24', ['s1'], { protocol: 'udp', ports: [] }), service('web', '192.200.0.10/32', ['s1'], { ports: [80, 8080] })]),
  );

  it('matches a VIP subnet with a mask and any port with no port field', () => {
    const [rule, ...rest] = vipRules(catalog.service('dns')!);
    expect(rest).toEqual([]);
    expect(rule.match).toEqual([
      { field: 'eth_type', value: 0x0800 },
      { field: 'ip_proto', value: 17 },
      { field: 'ipv4_dst', value: '192.200.1.0', mask: '255.255.255.0' },
    ]);
    expect(rule.instructions).toEqual([{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 0xfffffffd, maxLen: 0xffff }] }]);
  });

  it('makes per port of an exact TCP VIP a SYN rule one priority above a catch-all, and an ARP rule on the same prefix', () => {
    const rules = vipRules(catalog.service('web')!);
    expect(rules.map((r) => [r.priority, r.match.find((f) => f.field === 'tcp_dst')])).toEqual([
      [101, { field: 'tcp_dst', value: 80 }],
      [100, { field: 'tcp_dst', value: 80 }],
      [101, { field: 'tcp_dst', value: 8080 }],
      [100, { field: 'tcp_dst', value: 8080 }],
    ]);
    // The SYN rule's extra field: ONF tcp_flags (class 0xffff, field 42, ONF id) with
    // value and mask 0x0002, the bytes ovs-ofctl prints as tcp_flags=+syn.
    const syn = rules[0].match.at(-1);
    expect(syn).toMatchObject({ field: 'raw', oxmClass: 0xffff, oxmField: 42, hasMask: true });
    expect(syn?.field === 'raw' && syn.raw.toString('hex')).toBe('ffff55084f4e460000020002');
    expect(rules[1].match.some((f) => f.field === 'raw')).toBe(false);
    expect(vipArpRule(catalog.service('dns')!).match).toEqual([
      { field: 'eth_type', value: 0x0806 },
      { field: 'arp_op', value: 1 },
      { field: 'arp_tpa', value: '192.200.1.0', mask: '255.255.255.0' },
    ]);
  });

  it('round-trips a UDP pin through its match (as flow-removed returns it) and refuses other matches', () => {
    const t = { proto: 17, srcIp: ip('10.0.0.7'), srcPort: 5353, dstIp: ip('192.200.1.9'), dstPort: 53 };
    const flow = pinFlow(t, [{ type: 'OUTPUT', port: 3, maxLen: 0 }], 0);
    expect(flow.match.slice(-2)).toEqual([
      { field: 'udp_src', value: 5353 },
      { field: 'udp_dst', value: 53 },
    ]);
    expect(flow.idleTimeout).toBe(0);
    expect(fiveTupleOfMatch([...pinMatch(t)].reverse())).toEqual(t);
    expect(fiveTupleOfMatch(vipRules(catalog.service('web')!)[0].match)).toBeUndefined();
    expect(fiveTupleOfMatch([])).toBeUndefined();
  });

  it('brings echo replies to a VIP prefix to the controller (servers\' flow advertisements), whatever the service\'s protocol', () => {
    const rule = vipEchoReplyRule(catalog.service('dns')!);
    expect(rule.match).toEqual([
      { field: 'eth_type', value: 0x0800 },
      { field: 'ip_proto', value: 1 },
      { field: 'ipv4_dst', value: '192.200.1.0', mask: '255.255.255.0' },
      { field: 'icmpv4_type', value: 0 },
    ]);
    expect(rule.instructions).toEqual([{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 0xfffffffd, maxLen: 0xffff }] }]);
  });

  it('finds the service on an address whatever the port (for ARP)', () => {
    expect(catalog.serviceAt(ip('192.200.1.77'))?.id).toBe('dns');
    expect(catalog.serviceAt(ip('192.200.0.10'))?.id).toBe('web');
    expect(catalog.serviceAt(ip('192.200.2.1'))).toBeUndefined();
  });
});
