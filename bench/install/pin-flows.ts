// The flows bench:install pushes: slr's pin flow shape (priority 1000, exact 5-tuple
// match, set eth_dst + output), numbered: flow i is client 10.x.y.z port p to the VIP
// 10.0.0.100:80, unique for i < 2^30. Its cookie carries i's low 16 bits: the low 4 are
// the slice, so flow statistics can be read slice by slice, and no more than a few
// flows share a cookie (Open vSwitch finds the flows of a strict delete whose cookie
// mask is all ones by walking every flow of that cookie; bench:install measures it). And the senders, one per way of
// writing them: one FLOW_MOD per socket write, FLOW_MODs batched into large writes, or
// batched ONF bundles (EXT-230) of BUNDLE_SIZE flow mods each.
import {
  encodeBundleAddInto, encodedLength, encodeMessage, encodeMessageInto, bundleControlMessage, OFPBCT_COMMIT_REQUEST,
  OFPBCT_OPEN_REQUEST, OFPBF_ATOMIC, OFPBF_ORDERED, readBundleControl, OFPBCT_COMMIT_REPLY, type FlowMod, type OfMessage,
} from '../../southbound/codec';
import type { OfSession } from './of-session';

export const PIN_COOKIE = 0x515000000000n;
export const SLICE_BITS = 4;
const VIP = 0x0a000064;
const WRITE_BYTES = 256 * 1024;
export const BUNDLE_SIZE = 1000;

const ip = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
export const clientOf = (i: number): { srcIp: number; srcPort: number } => ({ srcIp: (0x0a010000 + (i >>> 14)) >>> 0, srcPort: 1024 + (i & 0x3fff) });

export const COOKIE_BITS = 16;

/** command 0: ADD; 4: DELETE_STRICT, by default with the flow's exact cookie (mask all ones). */
export function pinFlowMod(i: number, idleTimeout: number, command = 0, o: { sharedCookie?: boolean; cookieMask?: bigint } = {}): FlowMod {
  const { srcIp, srcPort } = clientOf(i);
  const add = command === 0;
  return {
    type: 'FLOW_MOD', xid: 0, cookie: PIN_COOKIE | (o.sharedCookie ? 0n : BigInt(i & 0xffff)),
    cookieMask: add ? 0n : o.cookieMask ?? 0xffffffffffffffffn, tableId: 0, command,
    idleTimeout: add ? idleTimeout : 0, hardTimeout: 0, priority: 1000, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff,
    flags: add && idleTimeout > 0 ? 1 : 0, // SEND_FLOW_REM with idle timeouts, as slr's pins
    match: [
      { field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 }, { field: 'ipv4_src', value: ip(srcIp) },
      { field: 'ipv4_dst', value: ip(VIP) }, { field: 'tcp_src', value: srcPort }, { field: 'tcp_dst', value: 80 },
    ],
    instructions: add ? [{ type: 'APPLY_ACTIONS', actions: [
      { type: 'SET_FIELD', field: { field: 'eth_dst', value: `00:00:00:00:03:0${1 + (i % 3)}` } }, { type: 'OUTPUT', port: 1 + (i % 3), maxLen: 0 },
    ] }] : [],
  };
}

/** A TCP ACK of flow i's connection, sent through the table (PACKET_OUT to OFPP_TABLE) so the flow counts a packet. */
export function packetThrough(i: number): OfMessage {
  const { srcIp, srcPort } = clientOf(i);
  const f = Buffer.alloc(54);
  Buffer.from('0200000000010000000001010800', 'hex').copy(f, 0);
  f[14] = 0x45;
  f.writeUInt16BE(40, 16);
  f[22] = 64;
  f[23] = 6;
  f.writeUInt32BE(srcIp, 26);
  f.writeUInt32BE(VIP, 30);
  f.writeUInt16BE(srcPort, 34);
  f.writeUInt16BE(80, 36);
  f[46] = 0x50;
  f[47] = 0x10;
  return { type: 'PACKET_OUT', xid: 0, bufferId: 0xffffffff, inPort: 0xfffffffd, actions: [{ type: 'OUTPUT', port: 0xfffffff9, maxLen: 0 }], data: f };
}

/** Writes messages into large socket writes, respecting backpressure. */
export class BatchWriter {
  private buf = Buffer.allocUnsafe(WRITE_BYTES);
  private at = 0;
  constructor(private readonly s: OfSession) {}

  async put(msg: OfMessage): Promise<void> {
    const len = encodedLength(msg);
    if (this.at + len > this.buf.length) await this.flush();
    this.at += encodeMessageInto(msg, this.buf, this.at);
  }

  async putBundleAdd(bundleId: number, xid: number, msg: OfMessage): Promise<void> {
    if (this.at + 24 + encodedLength(msg) > this.buf.length) await this.flush();
    this.at += encodeBundleAddInto({ xid, bundleId, flags: OFPBF_ATOMIC | OFPBF_ORDERED, message: msg, properties: Buffer.alloc(0) }, this.buf, this.at);
  }

  async flush(): Promise<void> {
    if (this.at === 0) return;
    const chunk = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(WRITE_BYTES); // the socket may still hold the old one
    this.at = 0;
    await this.s.write(chunk);
  }
}

export type SendMode = 'per-message' | 'batched' | 'bundle';

/** Sends messages make(i) for i in [from, to) the given way; resolves once the switch has applied them all. */
export async function send(s: OfSession, mode: SendMode, from: number, to: number, make: (i: number) => OfMessage, bundleSize = BUNDLE_SIZE): Promise<void> {
  if (mode === 'per-message') {
    for (let i = from; i < to; i++) await s.write(encodeMessage(make(i)));
    await s.barrier();
    return;
  }
  const w = new BatchWriter(s);
  if (mode === 'batched') {
    for (let i = from; i < to; i++) await w.put(make(i));
    await w.flush();
    await s.barrier();
    return;
  }
  const commits: Promise<OfMessage>[] = [];
  for (let start = from; start < to; start += bundleSize) {
    const bundleId = start & 0x7fffffff;
    await w.put(bundleControlMessage({ xid: s.xid(), bundleId, ctrlType: OFPBCT_OPEN_REQUEST, flags: OFPBF_ATOMIC | OFPBF_ORDERED, properties: Buffer.alloc(0) }));
    for (let i = start; i < Math.min(to, start + bundleSize); i++) await w.putBundleAdd(bundleId, s.xid(), make(i));
    const commitXid = s.xid();
    commits.push(s.reply(commitXid));
    await w.put(bundleControlMessage({ xid: commitXid, bundleId, ctrlType: OFPBCT_COMMIT_REQUEST, flags: OFPBF_ATOMIC | OFPBF_ORDERED, properties: Buffer.alloc(0) }));
  }
  await w.flush();
  for (const reply of await Promise.all(commits)) {
    const ctl = reply.type === 'EXPERIMENTER' ? readBundleControl(reply) : undefined;
    if (ctl?.ctrlType !== OFPBCT_COMMIT_REPLY) throw new Error(`bundle commit failed: ${JSON.stringify(reply, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
}
