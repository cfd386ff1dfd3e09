// The server's flow advertisement (patent Fig. 10, DESIGN.md section 4, recovery 4): the
// data of an ICMP echo request a server sends from the VIP to the client of a stalled
// connection. The first 64 bytes of the message are an ordinary ping's (8 of header, 56
// of data); appended to them is a record naming the payload an SLR flow advertisement
// and carrying the flow classifier (client address and port, VIP and port, protocol)
// and the server's identity. The client's echo reply carries the data back unchanged
// along the client -> VIP path, so the SLR now receiving the connection can re-learn its
// pin. The record is authenticated: an HMAC-SHA256 (truncated to 16 bytes) under the key
// the server's registration session got from its SLR (HelloReply.advertisement_key).
//
// Record, from byte 56 of the echo data (big-endian):
//   0  "SLRA" magic          4
//   4  version = 1           1
//   5  IP protocol           1
//   6  client address        4      10 client port   2
//  12  VIP                   4      16 VIP port      2
//  18  server address        4
//  22  sent at, ms (epoch)   8
//  30  server id length n    1      31 server id (UTF-8, 1..128 bytes)
//  31+n HMAC-SHA256(key, record bytes 0..30+n), first 16 bytes
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FiveTuple } from './five-tuple';

/** Where the record starts in the echo data: after a standard ping's 56 bytes. */
export const ADVERTISEMENT_OFFSET = 56;
const MAGIC = Buffer.from('SLRA', 'latin1');
const VERSION = 1;
const FIXED = 31;
const MAC_LEN = 16;
export const MAX_SERVER_ID_BYTES = 128;

export interface FlowAdvertisement {
  /** The connection as the client sends it: client -> VIP. */
  tuple: FiveTuple;
  /** The server's data-plane address (uint32). */
  serverIp: number;
  serverId: string;
  /** When the server sent it (ms since the epoch): the SLR refuses stale ones. */
  sentAtMs: number;
}

export interface ParsedAdvertisement {
  advertisement: FlowAdvertisement;
  /** The bytes the MAC covers, and the MAC. */
  signed: Buffer;
  mac: Buffer;
}

function macOf(key: Uint8Array, signed: Uint8Array): Buffer {
  return createHmac('sha256', key).update(signed).digest().subarray(0, MAC_LEN);
}

/** The echo data carrying an advertisement signed with key. */
export function buildFlowAdvertisement(a: FlowAdvertisement, key: Uint8Array): Buffer {
  const id = Buffer.from(a.serverId, 'utf8');
  if (id.length < 1 || id.length > MAX_SERVER_ID_BYTES) throw new RangeError(`server id of ${id.length} bytes (1..${MAX_SERVER_ID_BYTES})`);
  if (key.length === 0) throw new RangeError('no advertisement key');
  const record = Buffer.alloc(FIXED + id.length);
  MAGIC.copy(record, 0);
  record[4] = VERSION;
  record[5] = a.tuple.proto;
  record.writeUInt32BE(a.tuple.srcIp >>> 0, 6);
  record.writeUInt16BE(a.tuple.srcPort, 10);
  record.writeUInt32BE(a.tuple.dstIp >>> 0, 12);
  record.writeUInt16BE(a.tuple.dstPort, 16);
  record.writeUInt32BE(a.serverIp >>> 0, 18);
  record.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(a.sentAtMs))), 22);
  record[30] = id.length;
  id.copy(record, FIXED);
  return Buffer.concat([Buffer.alloc(ADVERTISEMENT_OFFSET), record, macOf(key, record)]);
}

/**
 * The advertisement in an echo's data, or why there is none. Says nothing of its
 * authenticity: verifyFlowAdvertisement checks the MAC under the server's key.
 */
export function parseFlowAdvertisement(data: Buffer): ParsedAdvertisement | string {
  if (data.length < ADVERTISEMENT_OFFSET + FIXED + 1 + MAC_LEN) return 'too short for a flow advertisement';
  const r = data.subarray(ADVERTISEMENT_OFFSET);
  if (!r.subarray(0, 4).equals(MAGIC)) return 'not a flow advertisement (no magic)';
  if (r[4] !== VERSION) return `flow advertisement version ${r[4]} (only ${VERSION} is known)`;
  const n = r[30];
  if (n < 1 || n > MAX_SERVER_ID_BYTES) return `server id length ${n}`;
  if (r.length < FIXED + n + MAC_LEN) return 'flow advertisement truncated';
  const signed = r.subarray(0, FIXED + n);
  const sentAt = r.readBigUInt64BE(22);
  if (sentAt > BigInt(Number.MAX_SAFE_INTEGER)) return 'timestamp out of range';
  return {
    advertisement: {
      tuple: { proto: r[5], srcIp: r.readUInt32BE(6), srcPort: r.readUInt16BE(10), dstIp: r.readUInt32BE(12), dstPort: r.readUInt16BE(16) },
      serverIp: r.readUInt32BE(18),
      serverId: r.subarray(FIXED, FIXED + n).toString('utf8'),
      sentAtMs: Number(sentAt),
    },
    signed,
    mac: r.subarray(FIXED + n, FIXED + n + MAC_LEN),
  };
}

/** Whether the advertisement's MAC is right under key (constant time). */
export function verifyFlowAdvertisement(p: ParsedAdvertisement, key: Uint8Array): boolean {
  if (key.length === 0) return false;
  return timingSafeEqual(macOf(key, p.signed), p.mac);
}
