// The server agent's first /proc/net/tcp parser, kept as bench:agent's reference: it
// parses /proc/net/tcp and /proc/net/tcp6 as text (a string and a bigint per line) and
// counts ESTABLISHED connections whose local end is a service port (and, optionally, a
// VIP inside the subnet). The agent now counts with agent/socket-scan.ts.
// Line format (after a header line):
//   sl local_address rem_address st ...     e.g.  0: 0100007F:1F90 0200007F:C350 01 ...
// Addresses are the kernel's 32-bit words printed as hex in host byte order, so on a
// little-endian machine each 4-byte group appears reversed; the port is plain hex.
import { endianness } from 'node:os';
import { Cidr, cidrContains } from '../../controller/net';

const TCP_ESTABLISHED = '01';

export interface TcpSocketEntry {
  family: 4 | 6;
  /** Local address as an integer; IPv4-mapped IPv6 addresses are reported as IPv4. */
  localAddress: bigint;
  localPort: number;
  established: boolean;
}

function wordToBig(hex8: string, littleEndian: boolean): bigint {
  const bytes = hex8.match(/../g) ?? [];
  return BigInt('0x' + (littleEndian ? bytes.reverse() : bytes).join(''));
}

function decodeAddress(hex: string, littleEndian: boolean): { family: 4 | 6; value: bigint } | undefined {
  if (hex.length === 8) return { family: 4, value: wordToBig(hex, littleEndian) };
  if (hex.length !== 32) return undefined;
  let value = 0n;
  for (let i = 0; i < 32; i += 8) value = (value << 32n) | wordToBig(hex.slice(i, i + 8), littleEndian);
  // ::ffff:a.b.c.d is an IPv4 connection accepted on an IPv6 (dual-stack) socket.
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

export function parseProcNetTcp(text: string, littleEndian = endianness() === 'LE'): TcpSocketEntry[] {
  const entries: TcpSocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const [addrHex, portHex] = fields[1].split(':');
    const addr = addrHex && portHex ? decodeAddress(addrHex, littleEndian) : undefined;
    if (!addr) continue;
    entries.push({
      family: addr.family,
      localAddress: addr.value,
      localPort: parseInt(portHex, 16),
      established: fields[3].toUpperCase() === TCP_ESTABLISHED,
    });
  }
  return entries;
}

export interface ConnectionFilter {
  ports: ReadonlySet<number>;
  /** When given, only sockets whose local address lies in the subnet count. */
  subnet?: Cidr;
}

export function countEstablished(entries: readonly TcpSocketEntry[], filter: ConnectionFilter): number {
  let n = 0;
  for (const e of entries) {
    if (!e.established || !filter.ports.has(e.localPort)) continue;
    if (filter.subnet && !cidrContains(filter.subnet, e.family, e.localAddress)) continue;
    n++;
  }
  return n;
}
