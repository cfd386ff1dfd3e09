// What else a controller writes while a PACKET_IN waits for its answer: the capture
// times of its writes to another service on loopback (its Redis), and for each answered
// PACKET_IN whether such a write left between the PACKET_IN's arrival and the PACKET_OUT,
// and how long before the PACKET_OUT the last one left.
import { readPcap } from './pcap';
import { TcpReassembler } from './tcp-segments';

/** Capture times (us) of every segment with payload sent to dstPort, ascending. */
export function writeTimes(pcap: Buffer, dstPort: number): number[] {
  const file = readPcap(pcap);
  const tcp = new TcpReassembler(file.linkType);
  const out: number[] = [];
  for (const rec of file.records) for (const c of tcp.push(rec)) if (c.dstPort === dstPort) out.push(c.tsUs);
  return out.sort((a, b) => a - b);
}

export interface Interleaving {
  answered: number;
  /** Answered PACKET_INs with a write to the other service before their PACKET_OUT. */
  withWriteBefore: number;
  /** For those: PACKET_OUT time minus the last such write, microseconds, ascending. */
  gapsUs: number[];
}

export function interleaving(pairs: readonly { inUs: number; outUs: number }[], writes: readonly number[]): Interleaving {
  const r: Interleaving = { answered: pairs.length, withWriteBefore: 0, gapsUs: [] };
  for (const p of pairs) {
    // Last write at or before the PACKET_OUT (binary search), if after the PACKET_IN.
    let lo = 0;
    let hi = writes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (writes[mid] <= p.outUs) lo = mid + 1;
      else hi = mid;
    }
    const last = lo > 0 ? writes[lo - 1] : undefined;
    if (last === undefined || last < p.inUs) continue;
    r.withWriteBefore++;
    r.gapsUs.push(p.outUs - last);
  }
  r.gapsUs.sort((a, b) => a - b);
  return r;
}
