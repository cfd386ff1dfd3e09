// Controller residence time from a loopback capture: for each switch connection, the
// time from the segment that carried a PACKET_IN to the controller until the first
// segment back on that connection carrying a FLOW_MOD or PACKET_OUT. Kernel
// timestamps on both sides, so neither the switch emulator nor tcpdump's own delays
// count. Needs one PACKET_IN outstanding per connection (the canary's pattern).
import { readFileSync } from 'node:fs';

const OFPT_PACKET_IN = 10;
const OFPT_PACKET_OUT = 13;
const OFPT_FLOW_MOD = 14;

interface Segment { t: number; srcPort: number; dstPort: number; ofType: number }

/** The OpenFlow segments of a classic pcap file (Ethernet-framed loopback, IPv4/TCP). */
export function readSegments(file: string): Segment[] {
  const b = readFileSync(file);
  if (b.length < 24) return [];
  const magic = b.readUInt32LE(0);
  const nano = magic === 0xa1b23c4d;
  if (magic !== 0xa1b2c3d4 && !nano) throw new Error(`${file}: not a little-endian pcap file`);
  const linkType = b.readUInt32LE(20);
  const l2 = linkType === 1 ? 14 : linkType === 113 ? 16 : -1; // Ethernet, Linux cooked
  if (l2 < 0) throw new Error(`${file}: link type ${linkType} not handled`);
  const out: Segment[] = [];
  for (let off = 24; off + 16 <= b.length;) {
    const sec = b.readUInt32LE(off);
    const frac = b.readUInt32LE(off + 4);
    const incl = b.readUInt32LE(off + 8);
    const p = off + 16;
    off = p + incl;
    if (off > b.length) break;
    const ip = p + l2;
    if ((b[ip] >> 4) !== 4 || b[ip + 9] !== 6) continue;
    const tcp = ip + (b[ip] & 0x0f) * 4;
    const payload = tcp + (b[tcp + 12] >> 4) * 4;
    if (payload + 2 > off) continue; // no OpenFlow header in this segment
    out.push({
      t: sec + frac / (nano ? 1e9 : 1e6),
      srcPort: b.readUInt16BE(tcp),
      dstPort: b.readUInt16BE(tcp + 2),
      ofType: b[payload + 1],
    });
  }
  return out;
}

/** Residence times in microseconds, PACKET_IN segment -> first answer segment. */
export function residences(segments: Segment[], controllerPort: number): number[] {
  const pendingSince = new Map<number, number>(); // switch port -> time of its PACKET_IN
  const out: number[] = [];
  for (const s of segments) {
    if (s.dstPort === controllerPort && s.ofType === OFPT_PACKET_IN) {
      pendingSince.set(s.srcPort, s.t);
    } else if (s.srcPort === controllerPort && (s.ofType === OFPT_PACKET_OUT || s.ofType === OFPT_FLOW_MOD)) {
      const t0 = pendingSince.get(s.dstPort);
      if (t0 === undefined) continue;
      pendingSince.delete(s.dstPort);
      out.push((s.t - t0) * 1e6);
    }
  }
  return out;
}
