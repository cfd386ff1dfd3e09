// The Internet checksum (RFC 1071) and the pseudo-headers that TCP, UDP (RFC 768,
// RFC 9293 3.1) and ICMPv6 (RFC 8200 8.1, RFC 4443 2.3) fold into theirs.
// Sums are kept as plain numbers and folded once at the end: with 16-bit words a
// double cannot lose precision below 2^37 words, far beyond any frame.

/** Adds the bytes [start, end) as big-endian 16-bit words to `sum`; an odd last byte
 * is padded with a zero byte on the right. Returns the unfolded sum. */
export function sumWords(buf: Uint8Array, start: number, end: number, sum = 0): number {
  let i = start;
  const evenEnd = end - ((end - start) & 1);
  for (; i < evenEnd; i += 2) sum += (buf[i] << 8) | buf[i + 1];
  if (i < end) sum += buf[i] << 8;
  return sum;
}

/** Folds carries into 16 bits and complements: the value to store in a checksum field. */
export function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** Checksum of [start, end) on its own (IPv4 header, ICMPv4 message). */
export function internetChecksum(buf: Uint8Array, start: number, end: number): number {
  return finishChecksum(sumWords(buf, start, end));
}

/** Sum of the IPv4 pseudo-header: source, destination, zero+protocol, upper-layer length. */
export function pseudoHeaderSumV4(ip: Uint8Array, srcOff: number, dstOff: number, protocol: number, length: number): number {
  let sum = sumWords(ip, srcOff, srcOff + 4);
  sum = sumWords(ip, dstOff, dstOff + 4, sum);
  return sum + protocol + (length >>> 16) + (length & 0xffff);
}

/** Sum of the IPv6 pseudo-header: source, destination, 32-bit length, next header. */
export function pseudoHeaderSumV6(ip: Uint8Array, srcOff: number, dstOff: number, nextHeader: number, length: number): number {
  let sum = sumWords(ip, srcOff, srcOff + 16);
  sum = sumWords(ip, dstOff, dstOff + 16, sum);
  return sum + nextHeader + (length >>> 16) + (length & 0xffff);
}
