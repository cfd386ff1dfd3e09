// Stalled connections for the server-side recovery (patent Fig. 10): ESTABLISHED IPv4
// sockets on the service ports of a subnet whose retransmission timer is running and
// has fired at least minRetransmits times in a row. That is what a connection looks
// like whose client's packets stopped arriving (its ACKs are lost upstream, e.g. at an
// SLR that no longer knows it): the server keeps resending and hears nothing.
// Read from /proc/net/tcp, whose lines the kernel writes as (net/ipv4/tcp_ipv4.c)
//   "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X ..."
//   sl    local      remote     st  tx:rx     tr:when     retrnsmt
// where tr is the pending timer (1: retransmit) and retrnsmt the RTO timeouts since the
// last progress. Addresses are 32-bit words printed as host-order integers (bytes
// reversed on a little-endian machine). The walk runs only when the kernel's
// RetransSegs counter moved, so an idle or healthy server never pays for it.
import { endianness } from 'node:os';
import type { Cidr } from '../controller/net';

export interface StalledConnection {
  /** The VIP side (local). */
  localIp: number;
  localPort: number;
  /** The client side (remote). */
  remoteIp: number;
  remotePort: number;
  retransmits: number;
}

export interface StallFilter {
  subnet: Cidr;
  ports: ReadonlySet<number>;
}

const ESTABLISHED = 1;
const TIMER_RETRANSMIT = 1;
const LITTLE = endianness() === 'LE';

function wordToIp(hex: string): number | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  const v = parseInt(hex, 16) >>> 0;
  return LITTLE ? (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0 : v;
}

function endpoint(text: string): { ip: number; port: number } | undefined {
  const [addr, port] = text.split(':');
  const ip = addr === undefined ? undefined : wordToIp(addr);
  const p = port === undefined ? NaN : parseInt(port, 16);
  return ip === undefined || !Number.isInteger(p) ? undefined : { ip, port: p };
}

function inSubnet(ip: number, f: StallFilter): boolean {
  if (f.subnet.family !== 4) return false;
  const len = f.subnet.prefix;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((ip & mask) >>> 0) === (Number(f.subnet.network) & mask) >>> 0;
}

/** The stalled connections in a /proc/net/tcp text that fall under one of the filters. */
export function stalledConnections(text: string, filters: readonly StallFilter[], minRetransmits: number): StalledConnection[] {
  const out: StalledConnection[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7 || !f[0]!.endsWith(':')) continue;
    if (parseInt(f[3]!, 16) !== ESTABLISHED) continue;
    if (parseInt(f[5]!.split(':')[0]!, 16) !== TIMER_RETRANSMIT) continue;
    const retransmits = parseInt(f[6]!, 16);
    if (!(retransmits >= minRetransmits)) continue;
    const local = endpoint(f[1]!);
    const remote = endpoint(f[2]!);
    if (local === undefined || remote === undefined) continue;
    if (!filters.some((flt) => flt.ports.has(local.port) && inSubnet(local.ip, flt))) continue;
    out.push({ localIp: local.ip, localPort: local.port, remoteIp: remote.ip, remotePort: remote.port, retransmits });
  }
  return out;
}
