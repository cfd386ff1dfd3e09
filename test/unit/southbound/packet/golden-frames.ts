// Reference frames for the packet tests. The loopback captures come from tcpdump -w on
// lo (Linux writes zero MACs there); loopback leaves TCP/UDP checksums to "offload",
// so where tcpdump flagged the captured checksum as partial we store the value tcpdump
// computed as correct ("incorrect -> 0x....") instead. The synthetic frames were made
// with Python's struct and checksummed by a separate Python implementation, then
// checked with `tcpdump -vv` ("sum ok").

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** 127.0.0.1:59078 -> 127.0.0.1:47123 SYN, seq 783931139, win 43690, options
 * mss 65495, sackOK, TS val 3869458585 ecr 0, nop, wscale 9; id 49291, DF, TCP cksum 0xd958. */
export const V4_TCP_SYN = hex(`
  000000000000 000000000000 0800
  4500003cc08b400040067c2e7f0000017f000001
  e6c6b8132eb9d70300000000a002aaaa d958 0000 0204ffd70402080ae6a340990000000001030309`);

/** The RST/ACK answer: 47123 -> 59078, ack 783931140, cksum 0x0d36 (as captured). */
export const V4_TCP_RST = hex(`
  000000000000000000000000 0800 450000280000400040063cce7f0000017f000001
  b813e6c6000000002eb9d704501400000d360000`);

/** UDP 46204 -> 47124 "hello slr", cksum 0x6bd9. */
export const V4_UDP = hex(`
  000000000000000000000000 0800 45000025534c40004011e9797f0000017f000001
  b47cb8140011 6bd9 68656c6c6f20736c72`);

/** ICMP port unreachable (tos 0xc0) quoting the UDP datagram above (with its partial cksum). */
export const V4_ICMP_UNREACH = hex(`
  000000000000000000000000 0800 45c000410ec4000040016d367f0000017f000001
  030368d600000000 45000025534c40004011e9797f0000017f000001b47cb8140011fe2468656c6c6f20736c72`);

/** [::1]:36342 -> [::1]:47125 SYN, flow label 0x75ced, seq 2796131621, cksum 0x0ca5. */
export const V6_TCP_SYN = hex(`
  000000000000000000000000 86dd 60075ced00280640
  00000000000000000000000000000001 00000000000000000000000000000001
  8df6b815a6a9952500000000a002aaaa 0ca5 00000204ffc40402080a483bcc850000000001030309`);

/** UDP [::1]:34855 -> [::1]:47126 "v6 hello", cksum 0x5714. */
export const V6_UDP = hex(`
  000000000000000000000000 86dd 6009631c00101140
  00000000000000000000000000000001 00000000000000000000000000000001
  8827b8160010 5714 76362068656c6c6f`);

/** ICMPv6 port unreachable, cksum 0x811c (as captured). */
export const V6_ICMP_UNREACH = hex(`
  000000000000000000000000 86dd 6007a157 00403a40
  00000000000000000000000000000001 00000000000000000000000000000001
  0104811c00000000 6009631c0010114000000000000000000000000000000001000000000000000000000000000000018827b8160010002376362068656c6c6f`);

/** Neighbour advertisement fe80::1 -> fe80::2 for 2001:db8::10, flags S+O, target
 * link-layer address 02:00:00:00:00:10, hop limit 255; Ethernet 02:..:10 -> 02:..:02. */
export const V6_NA = hex(`
  020000000002 020000000010 86dd 6000000000203aff
  fe800000000000000000000000000001 fe800000000000000000000000000002
  8800e8c5 60000000 20010db8000000000000000000000010 0201020000000010`);

/** ARP reply: 10.0.0.100 is-at 02:00:00:00:01:00, to 10.0.0.1 at 02:00:00:00:00:01. */
export const ARP_REPLY_FRAME = hex(`
  020000000001 020000000100 0806 0001080006040002
  020000000100 0a000064 020000000001 0a000001`);

/** 802.1Q vid 100 pcp 5, MPLS label 1000 ttl 63 (bottom), IPv4 tos 0xb8 id 0x1234 DF
 * ttl 63 with a record-route option (RR 0.0.0.0, EOL), UDP 192.168.1.10:5000 ->
 * 192.200.0.5:53 "abc" with cksum 0xa538. */
export const VLAN_MPLS_UDP = hex(`
  0200000000aa 0200000000bb 8100 a064 8847 003e813f
  47b80027123440003f119953c0a8010ac0c80005 0707040000000000
  13880035000ba538616263`);

export const ALL_GOLDEN: Record<string, Buffer> = {
  V4_TCP_SYN, V4_TCP_RST, V4_UDP, V4_ICMP_UNREACH, V6_TCP_SYN, V6_UDP, V6_ICMP_UNREACH, V6_NA, ARP_REPLY_FRAME, VLAN_MPLS_UDP,
};
