// Counts ESTABLISHED TCP sockets per metered subnet straight from the bytes of
// /proc/net/tcp and /proc/net/tcp6: no string per line, no object per socket. A busy
// web server holds tens of thousands of sockets, most of them TIME_WAIT; the text
// parser (split into lines, split into fields, a bigint per address) cost several
// milliseconds of CPU per report for every 10,000 sockets, this about a tenth of that
// (bench:agent measures both).
//
// The kernel writes every line as (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c)
//   "%4d: %08X:%04X %08X:%04X %02X ..."                       (tcp: 8 hex digits)
//   "%4d: %08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X %02X ..." (tcp6: 4 x 8)
// so once the local address starts, every field sits at a fixed offset. Each 8-digit
// group is a 32-bit word of the address as it lies in memory, printed as a host-order
// integer: on a little-endian machine its bytes appear reversed. Ports are plain hex.
// A line that does not have this shape is skipped.
import { endianness } from 'node:os';
import type { Cidr } from '../controller/net';

export interface SocketFilter {
  ports: ReadonlySet<number>;
  /** When given, only sockets whose local address lies in the subnet count. */
  subnet?: Cidr;
}

const TCP_ESTABLISHED = 0x01;

/** Hex digit value per byte, -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

interface PreparedFilter {
  ports: Uint8Array;
  /** 0: any address; 4 or 6: the subnet's family. */
  family: 0 | 4 | 6;
  /** Network and mask as four 32-bit words (IPv4: word 3 only). */
  net: Uint32Array;
  mask: Uint32Array;
}

function words(v: bigint): Uint32Array {
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = Number((v >> BigInt(96 - 32 * i)) & 0xffffffffn);
  return w;
}

function prepare(f: SocketFilter): PreparedFilter {
  const ports = new Uint8Array(65536);
  for (const p of f.ports) if (p >= 0 && p < 65536) ports[p] = 1;
  const s = f.subnet;
  if (s === undefined) return { ports, family: 0, net: new Uint32Array(4), mask: new Uint32Array(4) };
  const bits = s.family === 4 ? 32 : 128;
  const mask = bits === s.prefix ? (1n << BigInt(bits)) - 1n : ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - s.prefix)) - 1n);
  return { ports, family: s.family, net: words(s.network & mask), mask: words(mask) };
}

export class EstablishedCounter {
  private readonly filters: PreparedFilter[];
  /** The current line's local address as four words (IPv4 and mapped: word 3, family 4). */
  private readonly addr = new Uint32Array(4);
  private family: 4 | 6 = 4;

  constructor(filters: readonly SocketFilter[], private readonly littleEndian = endianness() === 'LE') {
    this.filters = filters.map(prepare);
  }

  /** Adds the ESTABLISHED sockets of one file's bytes buf[0, length) to counts[i] of filter i. */
  scan(buf: Buffer, length: number, counts: number[]): void {
    let p = buf.indexOf(10, 0); // the header line
    while (p >= 0 && p < length) {
      p = this.line(buf, p + 1, length, counts);
    }
  }

  /** Handles the line starting at p; returns the offset of its newline (or -1 at the end). */
  private line(buf: Buffer, p: number, end: number, counts: number[]): number {
    // "   12: " -- spaces, the slot number, a colon, a space.
    while (p < end && buf[p] === 0x20) p++;
    while (p < end && HEX[buf[p]] >= 0) p++;
    if (p + 2 >= end || buf[p] !== 0x3a || buf[p + 1] !== 0x20) return buf.indexOf(10, p);
    const a = p + 2;
    const len = buf[a + 8] === 0x3a ? 8 : buf[a + 32] === 0x3a ? 32 : 0;
    const state = a + 2 * len + 12;
    if (len === 0 || state + 2 > end || buf[state - 1] !== 0x20) return buf.indexOf(10, a);
    if (HEX[buf[state]] !== (TCP_ESTABLISHED >> 4) || HEX[buf[state + 1]] !== (TCP_ESTABLISHED & 15)) return buf.indexOf(10, state);
    const port = this.hex(buf, a + len + 1, 4);
    if (port < 0 || !this.address(buf, a, len)) return buf.indexOf(10, state);
    for (let i = 0; i < this.filters.length; i++) {
      if (this.matches(this.filters[i], port)) counts[i]++;
    }
    return buf.indexOf(10, state);
  }

  /** n hex digits at p as a number, or -1. */
  private hex(buf: Buffer, p: number, n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = HEX[buf[p + i]];
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  /** Decodes the local address into this.addr / this.family; false when malformed. */
  private address(buf: Buffer, a: number, len: number): boolean {
    const n = len / 8;
    for (let i = 0; i < n; i++) {
      const w = this.hex(buf, a + 8 * i, 8);
      if (w < 0) return false;
      this.addr[4 - n + i] = this.littleEndian ? (((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0 : w;
    }
    // ::ffff:a.b.c.d is an IPv4 connection accepted on a dual-stack IPv6 socket.
    this.family = n === 1 || (this.addr[0] === 0 && this.addr[1] === 0 && this.addr[2] === 0xffff) ? 4 : 6;
    return true;
  }

  private matches(f: PreparedFilter, port: number): boolean {
    if (f.ports[port] === 0) return false;
    if (f.family === 0) return true;
    if (f.family !== this.family) return false;
    for (let i = f.family === 4 ? 3 : 0; i < 4; i++) {
      if (((this.addr[i] & f.mask[i]) >>> 0) !== f.net[i]) return false;
    }
    return true;
  }
}
