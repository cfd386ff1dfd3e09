// Turns captured frames into TCP payload per direction, in stream order. Loopback
// captures are nearly always in order; a segment whose bytes were already seen
// (retransmission) is trimmed to its new bytes, and one that arrives ahead of a gap is
// held until the gap fills. IPv4 only: the OpenFlow channel under test is 127.0.0.1.
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, type PcapRecord } from './pcap';

export interface TcpChunk {
  /** "srcIp:srcPort>dstIp:dstPort" */
  flow: string;
  srcPort: number;
  dstPort: number;
  tsUs: number;
  payload: Buffer;
}

interface Direction {
  nextSeq: number;
  held: Map<number, { tsUs: number; payload: Buffer }>;
}

const ETH_IPV4 = 0x0800;
const IPPROTO_TCP = 6;
const TCP_SYN = 0x02;

/** Offset of the IPv4 header in a frame, or -1 when the frame carries no IPv4. */
function ipv4Offset(linkType: number, frame: Buffer): number {
  if (linkType === LINKTYPE_ETHERNET) return frame.length >= 14 && frame.readUInt16BE(12) === ETH_IPV4 ? 14 : -1;
  if (linkType === LINKTYPE_LINUX_SLL) return frame.length >= 16 && frame.readUInt16BE(14) === ETH_IPV4 ? 16 : -1;
  throw new Error(`unsupported pcap link type ${linkType}`);
}

/** Sequence-space distance a - b, modulo 2^32, as a signed number. */
function seqDiff(a: number, b: number): number {
  return ((a - b) << 0);
}

export class TcpReassembler {
  private readonly dirs = new Map<string, Direction>();

  constructor(private readonly linkType: number) {}

  /** The in-order payload this record completes (zero, one or several chunks). */
  push(rec: PcapRecord): TcpChunk[] {
    const f = rec.data;
    const ip = ipv4Offset(this.linkType, f);
    if (ip < 0 || f.length < ip + 20 || f[ip + 9] !== IPPROTO_TCP) return [];
    const ihl = (f[ip] & 0x0f) * 4;
    const totalLen = f.readUInt16BE(ip + 2);
    const tcp = ip + ihl;
    if (f.length < tcp + 20) return [];
    const srcPort = f.readUInt16BE(tcp);
    const dstPort = f.readUInt16BE(tcp + 2);
    const seq = f.readUInt32BE(tcp + 4);
    const dataOff = (f[tcp + 12] >> 4) * 4;
    const flags = f[tcp + 13];
    const end = Math.min(f.length, ip + totalLen);
    const payload = f.subarray(tcp + dataOff, end);
    const flow = `${f.subarray(ip + 12, ip + 16).join('.')}:${srcPort}>${f.subarray(ip + 16, ip + 20).join('.')}:${dstPort}`;
    let dir = this.dirs.get(flow);
    if ((flags & TCP_SYN) !== 0) {
      // A SYN starts the direction's sequence space (its own sequence number counts one).
      dir = { nextSeq: (seq + 1) >>> 0, held: new Map() };
      this.dirs.set(flow, dir);
      return [];
    }
    if (payload.length === 0) return [];
    if (dir === undefined) {
      // Capture started mid-connection: take the stream from here.
      dir = { nextSeq: seq, held: new Map() };
      this.dirs.set(flow, dir);
    }
    const out: TcpChunk[] = [];
    this.accept(dir, flow, srcPort, dstPort, seq, rec.tsUs, payload, out);
    return out;
  }

  private accept(dir: Direction, flow: string, srcPort: number, dstPort: number, seq: number, tsUs: number, payload: Buffer, out: TcpChunk[]): void {
    const ahead = seqDiff(seq, dir.nextSeq);
    if (ahead > 0) {
      dir.held.set(seq, { tsUs, payload });
      return;
    }
    const fresh = payload.subarray(-ahead);
    if (fresh.length === 0) return;
    out.push({ flow, srcPort, dstPort, tsUs, payload: fresh });
    dir.nextSeq = (dir.nextSeq + fresh.length) >>> 0;
    // Held segments the new bytes reached, in order.
    for (;;) {
      let progressed = false;
      for (const [s, h] of dir.held) {
        if (seqDiff(s, dir.nextSeq) > 0) continue;
        dir.held.delete(s);
        const rest = h.payload.subarray(seqDiff(dir.nextSeq, s));
        if (rest.length > 0) {
          out.push({ flow, srcPort, dstPort, tsUs: Math.max(tsUs, h.tsUs), payload: rest });
          dir.nextSeq = (dir.nextSeq + rest.length) >>> 0;
        }
        progressed = true;
        break;
      }
      if (!progressed) return;
    }
  }
}
