// Typed layers that parsePacket returns. Addresses are strings in the project's
// forms (lowercase colon MAC, dotted IPv4, RFC 5952 IPv6); opaque parts are Buffer
// views into the parsed frame (not copies), so they live as long as the frame does.

export interface EthernetHeader {
  dst: string;
  src: string;
  /** The EtherType/TPID right after the source MAC (0x8100 when tagged). */
  type: number;
}

export interface VlanTag {
  /** The TPID that announced this tag: 0x8100, 0x88a8 or 0x9100. */
  tpid: number;
  pcp: number;
  dei: number;
  vid: number;
}

export interface MplsLabelEntry {
  label: number;
  tc: number;
  bos: boolean;
  ttl: number;
}

export interface ArpPacket {
  hardwareType: number;
  protocolType: number;
  hardwareLength: number;
  protocolLength: number;
  op: number;
  /** MAC/IPv4 strings when the packet is Ethernet/IPv4 (htype 1, ptype 0x0800, 6/4),
   * otherwise hex strings of the raw address bytes. */
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

export interface Ipv4Header {
  version: 4;
  /** Header length in bytes (IHL * 4). */
  headerLength: number;
  dscp: number;
  ecn: number;
  totalLength: number;
  id: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** Offset of this fragment's data in bytes (the header field times 8). */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  src: string;
  dst: string;
  /** Raw option bytes (empty when IHL is 5). */
  options: Buffer;
  /** True for any fragment, the first one included. */
  isFragment: boolean;
}

export interface Ipv6ExtensionHeader {
  /** The next-header value that announced this extension header (0, 43, 44, 51, 60, 135). */
  type: number;
  nextHeader: number;
  /** Whole extension header length in bytes. */
  length: number;
  /** The bytes after the first two (next header, length) fields. */
  body: Buffer;
}

export interface Ipv6Fragment {
  /** Offset in bytes. */
  offset: number;
  moreFragments: boolean;
  id: number;
}

export interface Ipv6Header {
  version: 6;
  trafficClass: number;
  flowLabel: number;
  payloadLength: number;
  /** The next-header field of the fixed header. */
  nextHeader: number;
  hopLimit: number;
  src: string;
  dst: string;
  extensionHeaders: Ipv6ExtensionHeader[];
  /** The upper-layer protocol found after walking the extension headers; when the walk
   * stopped early (ESP, non-first fragment, truncation) it is the last next-header seen. */
  protocol: number;
  fragment?: Ipv6Fragment;
  isFragment: boolean;
}

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Header length in bytes (data offset * 4). */
  headerLength: number;
  /** The 12 low bits of bytes 12-13: FIN=0x1 ... CWR=0x80, NS=0x100, reserved above. */
  flags: number;
  window: number;
  checksum: number;
  urgentPointer: number;
  /** Raw option bytes, padding included. */
  options: Buffer;
}

export interface UdpHeader {
  srcPort: number;
  dstPort: number;
  length: number;
  checksum: number;
}

export interface IcmpMessage {
  type: number;
  code: number;
  checksum: number;
  /** Identifier and sequence number of echo request/reply. */
  id?: number;
  seq?: number;
  /** The 4 bytes after the checksum (unused / pointer / MTU / id+seq). */
  rest: Buffer;
}

export interface NdOption {
  type: number;
  /** Option length in bytes (the field times 8). */
  length: number;
  /** The option bytes after type and length. */
  data: Buffer;
}

export interface NeighborDiscovery {
  /** Target address of a neighbour solicitation/advertisement or redirect. */
  target?: string;
  /** Advertisement flags (RFC 4861 4.4). */
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  options: NdOption[];
  /** From the source/target link-layer address options when they hold a 6-byte MAC. */
  sourceLinkAddr?: string;
  targetLinkAddr?: string;
}

export interface Icmpv6Message {
  type: number;
  code: number;
  checksum: number;
  id?: number;
  seq?: number;
  nd?: NeighborDiscovery;
  /** Bytes after the 4-byte type/code/checksum. */
  body: Buffer;
}

export interface ParsedPacket {
  eth?: EthernetHeader;
  /** Outermost tag first. */
  vlans: VlanTag[];
  /** Top of stack first. */
  mpls: MplsLabelEntry[];
  /** The EtherType after all VLAN tags (0x8847 for MPLS), or -1 when unread. */
  ethType: number;
  arp?: ArpPacket;
  ipv4?: Ipv4Header;
  ipv6?: Ipv6Header;
  tcp?: TcpHeader;
  udp?: UdpHeader;
  icmp?: IcmpMessage;
  icmpv6?: Icmpv6Message;
  /** Byte offsets of the network and transport headers, -1 when absent. */
  l3Offset: number;
  l4Offset: number;
  /** What follows the deepest parsed header, trimmed to the IP length (so Ethernet
   * padding is excluded). Empty when the parse stopped early. */
  payload: Buffer;
  payloadOffset: number;
  /** The frame ended before a header (or the IP length) did. */
  truncated: boolean;
  /** Why the parse stopped early, e.g. "ipv4: header truncated" or "tcp: data offset 3 < 5". */
  error?: string;
}
