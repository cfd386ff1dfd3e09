// The reference the codec benchmark compares against: a hand-written reader and writer
// for one fixed message layout each, using the cheapest operations available (direct
// byte access, no dispatch, no TLV walking, no validation beyond what indexing gives,
// 0n without BigInt arithmetic when a 64-bit field is zero). They build exactly the
// typed object the codec builds (checked before measuring), so they are the floor for
// "bytes <-> the same JavaScript object" on this machine, and codec/reference says
// what the codec's generality and checks cost.
import type { FlowMod, PacketIn } from '../southbound/codec/types';

const u16 = (b: Buffer, o: number): number => ((b[o] as number) << 8) | (b[o + 1] as number);
const u32 = (b: Buffer, o: number): number =>
  (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0;
function u64(b: Buffer, o: number): bigint {
  const hi = u32(b, o);
  const lo = u32(b, o + 4);
  return hi === 0 && lo === 0 ? 0n : (BigInt(hi) << 32n) | BigInt(lo);
}
function put16(b: Buffer, o: number, v: number): void { b[o] = v >>> 8; b[o + 1] = v & 0xff; }
function put32(b: Buffer, o: number, v: number): void {
  b[o] = v >>> 24; b[o + 1] = (v >>> 16) & 0xff; b[o + 2] = (v >>> 8) & 0xff; b[o + 3] = v & 0xff;
}
function put64(b: Buffer, o: number, v: bigint): void {
  if (v === 0n) { put32(b, o, 0); put32(b, o + 4, 0); return; }
  put32(b, o, Number(v >> 32n)); put32(b, o + 4, Number(v & 0xffffffffn));
}

/** PACKET_IN whose match holds only in_port (the benchmark frame). */
export function readPacketInMinimal(b: Buffer): PacketIn {
  const dataStart = 24 + ((u16(b, 26) + 7) & ~7) + 2;
  return {
    type: 'PACKET_IN', xid: u32(b, 4), bufferId: u32(b, 8), totalLen: u16(b, 12), reason: b[14] as number,
    tableId: b[15] as number, cookie: u64(b, 16), match: [{ field: 'in_port', value: u32(b, 32) }],
    data: b.subarray(dataStart),
  };
}

export function writePacketInMinimal(m: PacketIn): Buffer {
  const len = 42 + m.data.length;
  const b = Buffer.allocUnsafe(len);
  b[0] = 4; b[1] = 10; put16(b, 2, len); put32(b, 4, m.xid);
  put32(b, 8, m.bufferId); put16(b, 12, m.totalLen); b[14] = m.reason; b[15] = m.tableId;
  put64(b, 16, m.cookie);
  put32(b, 24, 0x0001000c); put32(b, 28, 0x80000004);
  put32(b, 32, (m.match[0] as { value: number }).value); put32(b, 36, 0); put16(b, 40, 0);
  b.set(m.data, 42);
  return b;
}

const ipv4 = (b: Buffer, o: number): string => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;

/** The benchmark FLOW_MOD: eth_type, ip_proto, ipv4 src/dst, tcp src/dst (fixed order),
 * one APPLY_ACTIONS with push_mpls, set_field(mpls_label), output. */
export function readFlowModMinimal(b: Buffer): FlowMod {
  // The match (at 48) is 4 + 39 bytes of TLVs, padded to 48; instructions start at 96.
  return {
    type: 'FLOW_MOD', xid: u32(b, 4), cookie: u64(b, 8), cookieMask: u64(b, 16), tableId: b[24] as number,
    command: b[25] as number, idleTimeout: u16(b, 26), hardTimeout: u16(b, 28), priority: u16(b, 30),
    bufferId: u32(b, 32), outPort: u32(b, 36), outGroup: u32(b, 40), flags: u16(b, 44),
    match: [
      { field: 'eth_type', value: u16(b, 56) }, { field: 'ip_proto', value: b[62] as number },
      { field: 'ipv4_src', value: ipv4(b, 67) }, { field: 'ipv4_dst', value: ipv4(b, 75) },
      { field: 'tcp_src', value: u16(b, 83) }, { field: 'tcp_dst', value: u16(b, 89) },
    ],
    instructions: [{
      type: 'APPLY_ACTIONS', actions: [
        { type: 'PUSH_MPLS', ethertype: u16(b, 108) },
        { type: 'SET_FIELD', field: { field: 'mpls_label', value: u32(b, 120) } },
        { type: 'OUTPUT', port: u32(b, 132), maxLen: u16(b, 136) },
      ],
    }],
  };
}

function writeIpv4(b: Buffer, o: number, s: string): void {
  let part = 0;
  let i = o;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) { b[i++] = part; part = 0; } else part = part * 10 + (c - 48);
  }
  b[i] = part;
}

/** Writes the benchmark FLOW_MOD; assumes exactly the shape readFlowModMinimal reads. */
export function writeFlowModMinimal(m: FlowMod): Buffer {
  const b = Buffer.allocUnsafe(144);
  b[0] = 4; b[1] = 14; put16(b, 2, 144); put32(b, 4, m.xid);
  put64(b, 8, m.cookie); put64(b, 16, m.cookieMask);
  b[24] = m.tableId; b[25] = m.command; put16(b, 26, m.idleTimeout); put16(b, 28, m.hardTimeout);
  put16(b, 30, m.priority); put32(b, 32, m.bufferId); put32(b, 36, m.outPort);
  put32(b, 40, m.outGroup); put16(b, 44, m.flags); put16(b, 46, 0);
  put16(b, 48, 1); put16(b, 50, 43);
  const f = m.match as Array<{ value: number | string }>;
  put32(b, 52, 0x80000a02); put16(b, 56, f[0]?.value as number);
  put32(b, 58, 0x80001401); b[62] = f[1]?.value as number;
  put32(b, 63, 0x80001604); writeIpv4(b, 67, f[2]?.value as string);
  put32(b, 71, 0x80001804); writeIpv4(b, 75, f[3]?.value as string);
  put32(b, 79, 0x80001a02); put16(b, 83, f[4]?.value as number);
  put32(b, 85, 0x80001c02); put16(b, 89, f[5]?.value as number);
  b.fill(0, 91, 96);
  const ins = m.instructions[0];
  const acts = ins !== undefined && ins.type === 'APPLY_ACTIONS' ? ins.actions : [];
  const push = acts[0]; const set = acts[1]; const out = acts[2];
  put16(b, 96, 4); put16(b, 98, 48); put32(b, 100, 0);
  put16(b, 104, 19); put16(b, 106, 8); put16(b, 108, push?.type === 'PUSH_MPLS' ? push.ethertype : 0); put16(b, 110, 0);
  put16(b, 112, 25); put16(b, 114, 16); put32(b, 116, 0x80004404);
  put32(b, 120, set?.type === 'SET_FIELD' && set.field.field !== 'raw' ? Number(set.field.value) : 0); put32(b, 124, 0);
  put16(b, 128, 0); put16(b, 130, 16);
  put32(b, 132, out?.type === 'OUTPUT' ? out.port : 0); put16(b, 136, out?.type === 'OUTPUT' ? out.maxLen : 0);
  b.fill(0, 138, 144);
  return b;
}
