// ofp_packet_queue and its properties (spec 7.2.2): queue_id, port, len, 6 pad bytes,
// then 8-byte-aligned properties (header: property, len, 4 pad bytes).

import type { PacketQueue, QueueProperty } from '../types';
import { failLength } from '../fail';
import { zeroFill } from '../wire-util';
import { decodeLengthPrefixed } from './list';
import { getU16, getU32, putU16, putU32 } from '../bytes';
import { putFieldU16, putFieldU32 } from '../checked-put';

const QT_MIN_RATE = 1, QT_MAX_RATE = 2, QT_EXPERIMENTER = 0xffff;
const QUEUE_HEADER_LEN = 16;
const PROP_HEADER_LEN = 8;

function decodeProperty(buf: Buffer, off: number, len: number): QueueProperty {
  const type = getU16(buf, off);
  switch (type) {
    case QT_MIN_RATE:
    case QT_MAX_RATE:
      if (len !== 16) failLength(`queue rate property length ${len}`, off);
      return { type: type === QT_MIN_RATE ? 'MIN_RATE' : 'MAX_RATE', rate: getU16(buf, off + 8) };
    case QT_EXPERIMENTER:
      if (len < 16) failLength(`queue experimenter property length ${len}`, off);
      return { type: 'EXPERIMENTER', experimenter: getU32(buf, off + 8), data: buf.subarray(off + 16, off + len) };
    default:
      return { type: 'RAW', propertyType: type, raw: buf.subarray(off, off + len) };
  }
}

function propertyLength(p: QueueProperty): number {
  if (p.type === 'EXPERIMENTER') return (16 + p.data.length + 7) & ~7;
  if (p.type === 'RAW') return p.raw.length;
  return 16;
}

function writeProperty(prop: QueueProperty, buf: Buffer, off: number): number {
  const len = propertyLength(prop);
  if (prop.type === 'RAW') return off + prop.raw.copy(buf, off);
  const code = prop.type === 'MIN_RATE' ? QT_MIN_RATE : prop.type === 'MAX_RATE' ? QT_MAX_RATE : QT_EXPERIMENTER;
  putU16(buf, off, code);
  putU16(buf, off + 2, len);
  putU32(buf, off + 4, 0);
  if (prop.type === 'EXPERIMENTER') {
    putFieldU32(buf, off + 8, prop.experimenter, 'queueProperty.experimenter');
    putU32(buf, off + 12, 0);
    zeroFill(buf, off + 16 + prop.data.copy(buf, off + 16), off + len);
  } else {
    putFieldU16(buf, off + 8, prop.rate, 'queueProperty.rate');
    zeroFill(buf, off + 10, off + 16);
  }
  return off + len;
}

/** Decodes the queues filling exactly buf[start, end). */
export function decodeQueues(buf: Buffer, start: number, end: number): PacketQueue[] {
  return decodeLengthPrefixed(buf, start, end, {
    lengthAt: 8, min: QUEUE_HEADER_LEN, align: 8, what: 'packet queue', onBadLength: failLength,
    decodeOne: (b, off, len) => ({
      queueId: getU32(b, off), port: getU32(b, off + 4),
      properties: decodeLengthPrefixed(b, off + QUEUE_HEADER_LEN, off + len, {
        lengthAt: 2, min: PROP_HEADER_LEN, align: 8, what: 'queue property', onBadLength: failLength,
        decodeOne: decodeProperty,
      }),
    }),
  });
}

export function queuesLength(queues: readonly PacketQueue[]): number {
  let n = 0;
  for (const q of queues) {
    n += QUEUE_HEADER_LEN;
    for (const p of q.properties) n += propertyLength(p);
  }
  return n;
}

/** Writes queues at `off`; returns the offset after them. */
export function writeQueues(queues: readonly PacketQueue[], buf: Buffer, off: number): number {
  let p = off;
  for (const q of queues) {
    let end = p + QUEUE_HEADER_LEN;
    for (const prop of q.properties) end = writeProperty(prop, buf, end);
    putFieldU32(buf, p, q.queueId, 'packetQueue.queueId');
    putFieldU32(buf, p + 4, q.port, 'packetQueue.port');
    putU16(buf, p + 8, end - p);
    zeroFill(buf, p + 10, p + 16);
    p = end;
  }
  return p;
}
