// Reads a classic libpcap file (what `tcpdump -w` writes): the global header, then one
// record per captured packet with its kernel timestamp. Both byte orders and both
// timestamp resolutions (microsecond magic 0xa1b2c3d4, nanosecond 0xa1b23c4d) are read;
// timestamps come back in microseconds as floating point.

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;

export interface PcapRecord {
  /** Capture time in microseconds since the epoch. */
  tsUs: number;
  /** Original length on the wire (data may be shorter with a small snaplen). */
  wireLength: number;
  data: Buffer;
}

export interface PcapFile {
  linkType: number;
  records: PcapRecord[];
}

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

export function readPcap(buf: Buffer): PcapFile {
  if (buf.length < 24) throw new Error('pcap: shorter than its 24-byte header');
  const be = buf.readUInt32BE(0);
  const le = buf.readUInt32LE(0);
  let little: boolean;
  let nano: boolean;
  if (le === MAGIC_US || le === MAGIC_NS) {
    little = true;
    nano = le === MAGIC_NS;
  } else if (be === MAGIC_US || be === MAGIC_NS) {
    little = false;
    nano = be === MAGIC_NS;
  } else {
    throw new Error(`pcap: unknown magic 0x${be.toString(16)}`);
  }
  const u32 = (off: number): number => (little ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
  const linkType = u32(20) & 0x0fffffff;
  const records: PcapRecord[] = [];
  let off = 24;
  // A capture stopped mid-write may end in a partial record: everything before it counts.
  while (off + 16 <= buf.length) {
    const sec = u32(off);
    const frac = u32(off + 4);
    const capLen = u32(off + 8);
    const wireLength = u32(off + 12);
    if (off + 16 + capLen > buf.length) break;
    records.push({ tsUs: sec * 1e6 + (nano ? frac / 1000 : frac), wireLength, data: buf.subarray(off + 16, off + 16 + capLen) });
    off += 16 + capLen;
  }
  return { linkType, records };
}
