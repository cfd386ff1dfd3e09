// parseFlowKey re-implements, for speed, a subset of what parsePacket does. This runs
// both over mutated frames and checks they agree: whenever the general parser finds a
// frame sound, the hot path must too and must read the same fields; whenever the hot
// path rejects a frame, the general parser must have found a problem.

import { FlowKey, ipv4ToString, parseFlowKey, parsePacket, pushMpls, pushVlan } from '../../../../southbound/packet';
import { ALL_GOLDEN } from './golden-frames';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function summaryFromPacket(buf: Buffer): unknown[] {
  const p = parsePacket(buf);
  const l4 = p.tcp ?? p.udp;
  const icmp = p.icmp ?? p.icmpv6;
  return [
    p.eth?.src, p.eth?.dst, p.vlans[0]?.vid ?? -1, p.vlans.length, p.ethType, p.mpls[0]?.label ?? -1, p.mpls.length,
    p.ipv4 !== undefined ? 4 : p.ipv6 !== undefined ? 6 : 0,
    p.ipv4?.protocol ?? p.ipv6?.protocol ?? 0, p.ipv4?.src ?? '', p.ipv4?.dst ?? '', p.ipv6?.src ?? '', p.ipv6?.dst ?? '',
    l4?.srcPort ?? 0, l4?.dstPort ?? 0, p.tcp?.flags ?? 0, icmp?.type ?? -1, icmp?.code ?? -1,
    p.ipv4?.isFragment ?? p.ipv6?.isFragment ?? false, p.arp?.op ?? 0, p.l3Offset, p.l4Offset,
  ];
}

function summaryFromKey(k: FlowKey): unknown[] {
  return [
    k.ethSrc, k.ethDst, k.vlanId, k.vlanDepth, k.ethType, k.mplsLabel, k.mplsDepth, k.ipVersion, k.ipProto,
    k.ipVersion === 4 ? ipv4ToString(k.ipv4Src) : '', k.ipVersion === 4 ? ipv4ToString(k.ipv4Dst) : '', k.ipv6Src, k.ipv6Dst,
    k.srcPort, k.dstPort, k.tcpFlags, k.icmpType, k.icmpCode, k.isFragment, k.arpOp, k.l3Offset, k.l4Offset,
  ];
}

describe('parseFlowKey agrees with parsePacket', () => {
  it('on 30k mutated frames', () => {
    const rnd = mulberry32(0xf10e);
    const bases = Object.values(ALL_GOLDEN).flatMap((f) => [f, pushVlan(f, { vid: 42 }), pushMpls(f, { label: 77 })]);
    const key = new FlowKey();
    let sound = 0;
    let rejected = 0;
    for (let i = 0; i < 30_000; i++) {
      const buf = Buffer.from(bases[Math.floor(rnd() * bases.length)]);
      const flips = Math.floor(rnd() * 3);
      for (let f = 0; f < flips; f++) buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.2 ? buf.subarray(0, Math.floor(rnd() * buf.length)) : buf;
      const p = parsePacket(cut);
      const ok = parseFlowKey(cut, key);
      // Cheap comparison first; the detailed expect (with the frame in hex) only on a mismatch.
      if (p.error === undefined) {
        sound++;
        const fromKey = JSON.stringify([ok, ...summaryFromKey(key)]);
        const fromPacket = JSON.stringify([true, ...summaryFromPacket(cut)]);
        if (fromKey !== fromPacket) expect([cut.toString('hex'), fromKey]).toEqual([cut.toString('hex'), fromPacket]);
      }
      if (!ok) {
        rejected++;
        if (p.error === undefined) expect(cut.toString('hex')).toBe('a frame parsePacket finds sound');
      }
    }
    // Both branches must be exercised for the comparison to mean anything.
    expect(sound).toBeGreaterThan(10_000);
    expect(rejected).toBeGreaterThan(1_000);
  });
});
