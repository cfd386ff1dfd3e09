// Link layer: Ethernet II with any number of 802.1Q/802.1ad tags, and the MPLS label
// stack (RFC 3032) that the tunnels of this project push.

import { ETH_HEADER_LEN, MPLS_LABEL_LEN, VLAN_TAG_LEN, isVlanTpid } from './constants';
import { macAt } from './mac-address';
import { STOP, stop } from './parse-state';
import type { ParsedPacket } from './types';

/** Parses the Ethernet header and VLAN tags; sets pkt.ethType to the inner EtherType.
 * Returns the offset after the last tag. */
export function parseEthernet(buf: Buffer, pkt: ParsedPacket): number {
  if (buf.length < ETH_HEADER_LEN) return stop(pkt, `ethernet: header truncated (${buf.length} < 14 bytes)`, true);
  const type = (buf[12] << 8) | buf[13];
  pkt.eth = { dst: macAt(buf, 0), src: macAt(buf, 6), type };
  let ethType = type;
  let off = ETH_HEADER_LEN;
  while (isVlanTpid(ethType)) {
    if (off + VLAN_TAG_LEN > buf.length) return stop(pkt, 'vlan: tag truncated', true);
    const tci = (buf[off] << 8) | buf[off + 1];
    pkt.vlans.push({ tpid: ethType, pcp: tci >>> 13, dei: (tci >>> 12) & 1, vid: tci & 0x0fff });
    ethType = (buf[off + 2] << 8) | buf[off + 3];
    off += VLAN_TAG_LEN;
  }
  pkt.ethType = ethType;
  return off;
}

/** Parses MPLS label stack entries until the bottom-of-stack bit. */
export function parseMplsStack(buf: Buffer, off: number, pkt: ParsedPacket): number {
  for (;;) {
    if (off + MPLS_LABEL_LEN > buf.length) return stop(pkt, 'mpls: label stack entry truncated', true);
    const hi = (buf[off] << 8) | buf[off + 1];
    const b2 = buf[off + 2];
    const bos = (b2 & 1) === 1;
    pkt.mpls.push({ label: (hi << 4) | (b2 >>> 4), tc: (b2 >>> 1) & 7, bos, ttl: buf[off + 3] });
    off += MPLS_LABEL_LEN;
    if (bos) return off;
  }
}

/** After the bottom of an MPLS stack the payload type is not signalled; like most
 * label switch routers we guess it from the IP version nibble (RFC 3032 section 2.2). */
export function guessMplsPayloadVersion(buf: Buffer, off: number): number {
  if (off >= buf.length) return STOP;
  return buf[off] >>> 4;
}
