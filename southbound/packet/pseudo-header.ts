// Pseudo-header sums for builders that know the addresses only as strings. The
// address family follows the text: a ':' means IPv6.

import { pseudoHeaderSumV4, pseudoHeaderSumV6 } from './checksum';
import { writeIpv4 } from './ipv4-address';
import { writeIpv6 } from './ipv6-address';

export function isIpv6Text(address: string): boolean {
  return address.includes(':');
}

/** Unfolded sum of the IPv4 or IPv6 pseudo-header for an upper-layer message. */
export function pseudoHeaderSumFor(src: string, dst: string, protocol: number, length: number): number {
  const v6 = isIpv6Text(src);
  if (v6 !== isIpv6Text(dst)) throw new RangeError(`address families differ: ${src} / ${dst}`);
  if (v6) {
    const addrs = Buffer.alloc(32);
    writeIpv6(addrs, 0, src);
    writeIpv6(addrs, 16, dst);
    return pseudoHeaderSumV6(addrs, 0, 16, protocol, length);
  }
  const addrs = Buffer.alloc(8);
  writeIpv4(addrs, 0, src);
  writeIpv4(addrs, 4, dst);
  return pseudoHeaderSumV4(addrs, 0, 4, protocol, length);
}
