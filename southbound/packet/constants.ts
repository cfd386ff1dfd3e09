// Numbers from the IEEE/IANA registries that the packet parsers and builders share.

/** EtherType values (IEEE 802 numbers registry). */
export const ETH_TYPE_IPV4 = 0x0800;
export const ETH_TYPE_ARP = 0x0806;
export const ETH_TYPE_VLAN = 0x8100; // IEEE 802.1Q C-tag
export const ETH_TYPE_QINQ = 0x88a8; // IEEE 802.1ad S-tag
export const ETH_TYPE_QINQ_LEGACY = 0x9100; // pre-802.1ad vendor S-tag still seen in the wild
export const ETH_TYPE_IPV6 = 0x86dd;
export const ETH_TYPE_MPLS = 0x8847; // RFC 3032 unicast
export const ETH_TYPE_MPLS_MULTICAST = 0x8848;
export const ETH_TYPE_LLDP = 0x88cc;

/** True for the tag protocol identifiers that announce an 802.1Q-style 4-byte tag. */
export function isVlanTpid(ethType: number): boolean {
  return ethType === ETH_TYPE_VLAN || ethType === ETH_TYPE_QINQ || ethType === ETH_TYPE_QINQ_LEGACY;
}

export function isMplsEthType(ethType: number): boolean {
  return ethType === ETH_TYPE_MPLS || ethType === ETH_TYPE_MPLS_MULTICAST;
}

/** IP protocol / IPv6 next-header numbers (IANA protocol numbers registry). */
export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ESP = 50;
export const IPPROTO_AH = 51;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;
export const IPPROTO_MOBILITY = 135;

/** TCP flag bits as in the 12 low bits of bytes 12-13 of the header (RFC 9293, RFC 3168, RFC 3540). */
export const TCP_FIN = 0x001;
export const TCP_SYN = 0x002;
export const TCP_RST = 0x004;
export const TCP_PSH = 0x008;
export const TCP_ACK = 0x010;
export const TCP_URG = 0x020;
export const TCP_ECE = 0x040;
export const TCP_CWR = 0x080;
export const TCP_NS = 0x100;

/** ARP operations (RFC 826). */
export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;

/** ICMPv4 types used here (RFC 792). */
export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACHABLE = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;

/** ICMPv6 types used here (RFC 4443, RFC 4861). */
export const ICMPV6_DEST_UNREACHABLE = 1;
export const ICMPV6_PACKET_TOO_BIG = 2;
export const ICMPV6_TIME_EXCEEDED = 3;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;
export const ICMPV6_ROUTER_SOLICITATION = 133;
export const ICMPV6_ROUTER_ADVERTISEMENT = 134;
export const ICMPV6_NEIGHBOR_SOLICITATION = 135;
export const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
export const ICMPV6_REDIRECT = 137;

/** Neighbour discovery option types (RFC 4861 section 4.6). */
export const ND_OPT_SOURCE_LINK_ADDR = 1;
export const ND_OPT_TARGET_LINK_ADDR = 2;

/** Header sizes in bytes. */
export const ETH_HEADER_LEN = 14;
export const VLAN_TAG_LEN = 4;
export const MPLS_LABEL_LEN = 4;
export const ARP_ETH_IPV4_LEN = 28;
export const IPV4_MIN_HEADER_LEN = 20;
export const IPV6_HEADER_LEN = 40;
export const TCP_MIN_HEADER_LEN = 20;
export const UDP_HEADER_LEN = 8;
export const ICMP_HEADER_LEN = 8;
