// ARP (RFC 826). Ethernet/IPv4 ARP is decoded into the usual strings; other hardware or
// protocol types keep their address bytes as hex so nothing is lost.

import { ETH_TYPE_IPV4 } from './constants';
import { ipv4StringAt } from './ipv4-address';
import { HEX_BYTE, macAt } from './mac-address';
import { stop } from './parse-state';
import type { ParsedPacket } from './types';

function hexAt(buf: Buffer, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HEX_BYTE[buf[off + i]];
  return s;
}

export function parseArp(buf: Buffer, off: number, pkt: ParsedPacket): number {
  if (off + 8 > buf.length) return stop(pkt, 'arp: fixed header truncated', true);
  const hardwareType = buf.readUInt16BE(off);
  const protocolType = buf.readUInt16BE(off + 2);
  const hlen = buf[off + 4];
  const plen = buf[off + 5];
  const op = buf.readUInt16BE(off + 6);
  const end = off + 8 + 2 * (hlen + plen);
  if (end > buf.length) return stop(pkt, 'arp: addresses truncated', true);
  const ethIpv4 = hardwareType === 1 && protocolType === ETH_TYPE_IPV4 && hlen === 6 && plen === 4;
  const mac = (at: number): string => (ethIpv4 ? macAt(buf, at) : hexAt(buf, at, hlen));
  const ip = (at: number): string => (ethIpv4 ? ipv4StringAt(buf, at) : hexAt(buf, at, plen));
  const sha = off + 8;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  pkt.arp = {
    hardwareType,
    protocolType,
    hardwareLength: hlen,
    protocolLength: plen,
    op,
    senderMac: mac(sha),
    senderIp: ip(spa),
    targetMac: mac(tha),
    targetIp: ip(tpa),
  };
  return end;
}
