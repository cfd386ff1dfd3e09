// The packet-in hot path: one pass over a frame that fills a caller-owned FlowKey with
// what the controller decides on. It allocates nothing for Ethernet/VLAN/MPLS/ARP/IPv4
// frames: MACs stay as two 24-bit integers (formatted only on demand) and IPv4
// addresses as uint32 numbers. IPv6 addresses are formatted as strings, the one
// allocation this path makes.

import { ipv4ToString } from './ipv4-address';
import { macFromHalves } from './mac-address';

export class FlowKey {
  /** MACs as OUI (first 3 bytes) and device (last 3 bytes) halves. */
  ethDstHi = 0;
  ethDstLo = 0;
  ethSrcHi = 0;
  ethSrcLo = 0;
  /** VID of the outermost 802.1Q tag, -1 when untagged. */
  vlanId = -1;
  vlanPcp = 0;
  /** Number of VLAN tags seen. */
  vlanDepth = 0;
  /** EtherType after the VLAN tags (0x8847 for MPLS), 0 when unread. */
  ethType = 0;
  /** Top MPLS label, -1 when none; mplsDepth counts the stack entries. */
  mplsLabel = -1;
  mplsDepth = 0;
  /** 4, 6, or 0 when the frame carries no IP (possibly under MPLS). */
  ipVersion = 0;
  /** IPv4 protocol or the IPv6 upper-layer protocol after extension headers. */
  ipProto = 0;
  ipDscp = 0;
  ipTtl = 0;
  /** IPv4 addresses as uint32, 0 for non-IPv4. */
  ipv4Src = 0;
  ipv4Dst = 0;
  /** IPv6 addresses in RFC 5952 form, '' for non-IPv6. */
  ipv6Src = '';
  ipv6Dst = '';
  /** The raw IPv6 source then destination address (32 bytes, zero for non-IPv6), kept
   * so flowKeyString can build an IPv6 key without parsing text back. */
  readonly ipv6Bytes = new Uint8Array(32);
  /** TCP/UDP ports, 0 when absent (ICMP, fragments after the first). */
  srcPort = 0;
  dstPort = 0;
  /** TCP flags (12 bits, as TcpHeader.flags). */
  tcpFlags = 0;
  /** ICMPv4/ICMPv6 type and code, -1 when not ICMP. */
  icmpType = -1;
  icmpCode = -1;
  /** ARP operation (0 when not ARP); the addresses (IPs as uint32, sender MAC as halves)
   * only for Ethernet/IPv4 ARP. */
  arpOp = 0;
  arpSpa = 0;
  arpTpa = 0;
  arpShaHi = 0;
  arpShaLo = 0;
  /** Any IP fragment, the first included. Non-first fragments have no ports. */
  isFragment = false;
  /** Offsets of the network and transport headers in the frame, -1 when absent. */
  l3Offset = -1;
  l4Offset = -1;

  // Lazily formatted strings, invalidated by reset().
  private ethSrcText: string | null = null;
  private ethDstText: string | null = null;
  private arpShaText: string | null = null;

  get ethSrc(): string {
    if (this.ethSrcText === null) this.ethSrcText = macFromHalves(this.ethSrcHi, this.ethSrcLo);
    return this.ethSrcText;
  }

  get ethDst(): string {
    if (this.ethDstText === null) this.ethDstText = macFromHalves(this.ethDstHi, this.ethDstLo);
    return this.ethDstText;
  }

  /** The MACs as exact 48-bit numbers (a cheap Map key, as apps/forwarding uses). */
  get ethSrcNumber(): number {
    return this.ethSrcHi * 0x1000000 + this.ethSrcLo;
  }

  get ethDstNumber(): number {
    return this.ethDstHi * 0x1000000 + this.ethDstLo;
  }

  /** Destination is broadcast or multicast: the I/G bit of the first octet (IEEE 802 8.2). */
  get ethDstIsGroup(): boolean {
    return (this.ethDstHi & 0x010000) !== 0;
  }

  get arpSha(): string {
    if (this.arpShaText === null) this.arpShaText = macFromHalves(this.arpShaHi, this.arpShaLo);
    return this.arpShaText;
  }

  /** A plain snapshot with addresses as text, for logs (JSON.stringify and pino call it).
   * The FlowKey itself is reused for the next packet; this copy is not. */
  toJSON(): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = { ethSrc: this.ethSrc, ethDst: this.ethDst, ethType: this.ethType };
    if (this.vlanDepth > 0) Object.assign(out, { vlanId: this.vlanId, vlanPcp: this.vlanPcp, vlanDepth: this.vlanDepth });
    if (this.mplsDepth > 0) Object.assign(out, { mplsLabel: this.mplsLabel, mplsDepth: this.mplsDepth });
    if (this.arpOp !== 0) {
      Object.assign(out, { arpOp: this.arpOp, arpSha: this.arpSha, arpSpa: ipv4ToString(this.arpSpa), arpTpa: ipv4ToString(this.arpTpa) });
    }
    if (this.ipVersion === 0) return out;
    const v4 = this.ipVersion === 4;
    Object.assign(out, {
      ipVersion: this.ipVersion, ipProto: this.ipProto, ipDscp: this.ipDscp, ipTtl: this.ipTtl,
      ipSrc: v4 ? ipv4ToString(this.ipv4Src) : this.ipv6Src, ipDst: v4 ? ipv4ToString(this.ipv4Dst) : this.ipv6Dst,
      srcPort: this.srcPort, dstPort: this.dstPort, isFragment: this.isFragment,
    });
    if (this.tcpFlags !== 0) out.tcpFlags = this.tcpFlags;
    if (this.icmpType >= 0) Object.assign(out, { icmpType: this.icmpType, icmpCode: this.icmpCode });
    return out;
  }

  /** Back to the state of a new FlowKey (parseFlowKey calls it first). */
  reset(): void {
    if (this.ipVersion === 6) this.ipv6Bytes.fill(0); // only an IPv6 parse wrote it
    this.ethDstHi = 0;
    this.ethDstLo = 0;
    this.ethSrcHi = 0;
    this.ethSrcLo = 0;
    this.vlanId = -1;
    this.vlanPcp = 0;
    this.vlanDepth = 0;
    this.ethType = 0;
    this.mplsLabel = -1;
    this.mplsDepth = 0;
    this.ipVersion = 0;
    this.ipProto = 0;
    this.ipDscp = 0;
    this.ipTtl = 0;
    this.ipv4Src = 0;
    this.ipv4Dst = 0;
    this.ipv6Src = '';
    this.ipv6Dst = '';
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.arpOp = 0;
    this.arpSpa = 0;
    this.arpTpa = 0;
    this.arpShaHi = 0;
    this.arpShaLo = 0;
    this.isFragment = false;
    this.l3Offset = -1;
    this.l4Offset = -1;
    this.ethSrcText = null;
    this.ethDstText = null;
    this.arpShaText = null;
  }
}
