// The pcap -> OpenFlow channel analysis behind bench:site's controller residence time,
// on captures built here byte by byte (Ethernet/IPv4/TCP around codec-encoded messages).
import { channelMessages, isTcpSyn, percentile, residence } from '../../../bench/capture/openflow-channel';
import { readPcap } from '../../../bench/capture/pcap';
import { TCP_PACKET } from '../../../bench/codec-messages';
import { encodeMessage } from '../../../southbound/codec';
import type { OfMessage } from '../../../southbound/codec/types';

const CTRL = 6653;
const SW = 40001;

interface Seg { tsUs: number; from: 'sw' | 'ctrl'; seq: number; payload: Buffer; syn?: boolean }

function frame(s: Seg): Buffer {
  const [src, dst] = s.from === 'sw' ? [SW, CTRL] : [CTRL, SW];
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(src, 0);
  tcp.writeUInt16BE(dst, 2);
  tcp.writeUInt32BE(s.seq >>> 0, 4);
  tcp[12] = 5 << 4;
  tcp[13] = s.syn ? 0x02 : 0x18;
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + s.payload.length, 2);
  ip[9] = 6;
  Buffer.from([127, 0, 0, 1]).copy(ip, 12);
  Buffer.from([127, 0, 0, 1]).copy(ip, 16);
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  return Buffer.concat([eth, ip, tcp, s.payload]);
}

function pcap(segs: Seg[], nano = false): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(1, 20);
  const recs = segs.map((s) => {
    const f = frame(s);
    const r = Buffer.alloc(16);
    r.writeUInt32LE(Math.floor(s.tsUs / 1e6), 0);
    r.writeUInt32LE(nano ? (s.tsUs % 1e6) * 1000 : s.tsUs % 1e6, 4);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([head, ...recs]);
}

const syn = Buffer.from(TCP_PACKET);
syn[14 + 20 + 13] = 0x02;
const ack = Buffer.from(TCP_PACKET);
ack[14 + 20 + 13] = 0x10;

const pin = (data: Buffer, xid: number): Buffer => encodeMessage({
  type: 'PACKET_IN', xid, bufferId: 0xffffffff, totalLen: data.length, reason: 0, tableId: 0, cookie: 0n,
  match: [{ field: 'in_port', value: 4 }], data,
} as OfMessage);
const pout = (data: Buffer, xid: number): Buffer => encodeMessage({
  type: 'PACKET_OUT', xid, bufferId: 0xffffffff, inPort: 4, actions: [{ type: 'OUTPUT', port: 1, maxLen: 0 }], data,
} as OfMessage);
const barrier = (xid: number): Buffer => encodeMessage({ type: 'BARRIER_REQUEST', xid } as OfMessage);

describe('channel capture analysis', () => {
  it('pairs each PACKET_IN with the PACKET_OUT echoing its packet, across split, repeated and reordered segments', () => {
    const t0 = 1_700_000_000_000_000;
    const in1 = pin(syn, 1);
    const in2 = pin(ack, 2);
    const out1 = pout(syn, 11);
    const arpOut = pout(Buffer.alloc(42, 7), 12);
    const out2 = pout(ack, 13);
    let sw = 1000; // switch's next sequence number after its SYN
    let ct = 5000;
    const segs: Seg[] = [
      { tsUs: t0, from: 'sw', seq: 999, payload: Buffer.alloc(0), syn: true },
      { tsUs: t0 + 1, from: 'ctrl', seq: 4999, payload: Buffer.alloc(0), syn: true },
      // PACKET_IN 1 split in two segments: completes at t0+100.
      { tsUs: t0 + 50, from: 'sw', seq: sw, payload: in1.subarray(0, 30) },
      { tsUs: t0 + 100, from: 'sw', seq: sw + 30, payload: in1.subarray(30) },
    ];
    sw += in1.length;
    // A retransmission of the second half changes nothing.
    segs.push({ tsUs: t0 + 120, from: 'sw', seq: sw - 10, payload: in1.subarray(in1.length - 10) });
    // Controller: ARP reply (no PACKET_IN to pair), then the echo of PACKET_IN 1 at +400.
    segs.push({ tsUs: t0 + 300, from: 'ctrl', seq: ct, payload: arpOut });
    ct += arpOut.length;
    segs.push({ tsUs: t0 + 400, from: 'ctrl', seq: ct, payload: Buffer.concat([barrier(20), out1]) });
    ct += barrier(20).length + out1.length;
    // PACKET_IN 2: its second segment is captured before its first (held, then released at +1000).
    const in2a = in2.subarray(0, 40);
    const in2b = in2.subarray(40);
    segs.push({ tsUs: t0 + 900, from: 'sw', seq: sw + 40, payload: in2b });
    segs.push({ tsUs: t0 + 1000, from: 'sw', seq: sw, payload: in2a });
    sw += in2.length;
    segs.push({ tsUs: t0 + 3000, from: 'ctrl', seq: ct, payload: out2 });

    const msgs = channelMessages(pcap(segs), [CTRL]);
    expect(msgs.map((m) => [m.type, m.toController, m.switchPort])).toEqual([
      [10, true, SW], [13, false, SW], [20, false, SW], [13, false, SW], [10, true, SW], [13, false, SW],
    ]);
    const r = residence(msgs);
    expect(r.packetIns).toBe(2);
    expect(r.packetOuts).toBe(3);
    expect(r.answered).toBe(2);
    expect(r.allUs).toEqual([300, 2000]);
    expect(r.synUs).toEqual([300]);
    expect(r.byType).toEqual({ PACKET_IN: 2, PACKET_OUT: 3, BARRIER_REQUEST: 1 });
  });

  it('reads nanosecond pcaps and ignores connections on other ports', () => {
    const t0 = 2_000_000_000_000;
    const a = pin(syn, 1);
    const segs: Seg[] = [{ tsUs: t0, from: 'sw', seq: 1, payload: a }, { tsUs: t0 + 7, from: 'ctrl', seq: 1, payload: pout(syn, 2) }];
    const file = pcap(segs, true);
    expect(readPcap(file).records.map((r) => r.tsUs)).toEqual([t0, t0 + 7]);
    expect(residence(channelMessages(file, [CTRL])).allUs).toEqual([7]);
    expect(channelMessages(file, [CTRL + 1])).toEqual([]);
  });

  it('a PACKET_OUT of a packet nobody sent in stays unpaired; a repeated packet pairs first in, first out', () => {
    const segs: Seg[] = [];
    let sw = 1;
    let ct = 1;
    const add = (tsUs: number, from: 'sw' | 'ctrl', b: Buffer): void => {
      segs.push({ tsUs, from, seq: from === 'sw' ? sw : ct, payload: b });
      if (from === 'sw') sw += b.length; else ct += b.length;
    };
    add(10, 'ctrl', pout(ack, 1));
    add(100, 'sw', pin(syn, 2));
    add(200, 'sw', pin(syn, 3));
    add(250, 'ctrl', pout(syn, 4));
    add(700, 'ctrl', pout(syn, 5));
    const r = residence(channelMessages(pcap(segs), [CTRL]));
    expect(r.allUs).toEqual([150, 500]);
    expect(r.answered).toBe(2);
    expect(r.packetOuts).toBe(3);
  });

  it('tells a SYN from other TCP packets', () => {
    expect(isTcpSyn(syn)).toBe(true);
    expect(isTcpSyn(ack)).toBe(false);
    const synAck = Buffer.from(syn);
    synAck[14 + 20 + 13] = 0x12;
    expect(isTcpSyn(synAck)).toBe(false);
    expect(isTcpSyn(Buffer.alloc(20))).toBe(false);
  });

  it('percentile is nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
  });
});
