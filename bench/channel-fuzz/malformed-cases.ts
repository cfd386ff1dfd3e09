// Hand-made bad inputs with the answer OpenFlow 1.3.5 asks for, each on its own
// connection. `stays` cases end with an ECHO_REQUEST marker that must be answered.
import { encodeMessage } from '../../southbound/codec';
import { HELLO_13, packetInBytes } from './raw-switch';
import { MARKER_XID } from './mutated-stream';

export interface MalformedCase {
  name: string;
  bytes: Buffer;
  /** [errType, errCode] answers expected, in order; [] = no ERROR at all. */
  errors: Array<[number, number]>;
  /** The connection must stay up (the marker is answered) rather than be closed. */
  stays: boolean;
}

const MARKER = Buffer.from([4, 2, 0, 8, 0x0e, 0xc0, 0xec, 0x0e]);
export { MARKER_XID };

const hdr = (version: number, type: number, length: number, xid: number, total = Math.max(8, length)): Buffer => {
  const b = Buffer.alloc(total);
  b.writeUInt8(version, 0); b.writeUInt8(type, 1); b.writeUInt16BE(length & 0xffff, 2); b.writeUInt32BE(xid, 4);
  return b;
};

/** A PACKET_IN whose in_port OXM says 5 bytes instead of 4 (spec 7.2.3.2). */
function badOxmLength(): Buffer {
  const b = packetInBytes(0x77, 1, 2);
  b[24 + 4 + 3] = 5;
  return b;
}

/** A PACKET_IN whose match carries vlan_vid 0xffff: 13 bits is all the field has. */
function vlanTooWide(): Buffer {
  const b = encodeMessage({
    type: 'PACKET_IN', xid: 0x78, bufferId: 0xffffffff, totalLen: 0, reason: 0, tableId: 0, cookie: 0n,
    match: [{ field: 'vlan_vid', value: 0x1fff }], data: Buffer.alloc(0),
  });
  b.writeUInt16BE(0xffff, 24 + 4 + 4);
  return b;
}

/** An ERROR of type EXPERIMENTER (0xffff) without its experimenter id: malformed. */
function malformedError(xid: number): Buffer {
  const b = hdr(4, 1, 12, xid);
  b.writeUInt16BE(0xffff, 8);
  return b;
}

const flowMod = (): Buffer => encodeMessage({
  type: 'FLOW_MOD', xid: 0x79, cookie: 0n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 0, hardTimeout: 0,
  priority: 1, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0, match: [], instructions: [],
});

const wellFormedError = (xid: number): Buffer => encodeMessage({ type: 'ERROR', xid, errType: 1, errCode: 1, data: Buffer.alloc(16) });

export function malformedCases(): MalformedCase[] {
  const cat = (...b: Buffer[]): Buffer => Buffer.concat(b);
  return [
    { name: 'length below the header', bytes: cat(HELLO_13, hdr(4, 2, 4, 0x10, 8)), errors: [[1, 6]], stays: false },
    { name: 'message before HELLO', bytes: cat(hdr(4, 2, 8, 0x11)), errors: [[0, 0]], stays: false },
    { name: 'HELLO of version 1 only', bytes: cat(hdr(1, 0, 8, 0x12)), errors: [[0, 0]], stays: false },
    { name: 'version 5 after HELLO', bytes: cat(HELLO_13, hdr(5, 2, 8, 0x13)), errors: [[1, 0]], stays: false },
    { name: 'unknown message type 200', bytes: cat(HELLO_13, hdr(4, 200, 8, 0x14)), errors: [[1, 1]], stays: false },
    { name: 'bad OXM length', bytes: cat(HELLO_13, badOxmLength()), errors: [[4, 1]], stays: false },
    { name: 'OXM value wider than its field', bytes: cat(HELLO_13, vlanTooWide()), errors: [[4, 7]], stays: false },
    { name: 'truncated ERROR before HELLO', bytes: Buffer.from('0401000a00000015abcd', 'hex'), errors: [], stays: false },
    {
      name: '100 ERRORs with malformed bodies',
      bytes: cat(HELLO_13, ...Array.from({ length: 100 }, (_, i) => malformedError(0x70000100 + i)), MARKER), errors: [], stays: true,
    },
    {
      name: '10,000 well-formed unsolicited ERRORs',
      bytes: cat(HELLO_13, ...Array.from({ length: 10_000 }, (_, i) => wellFormedError(0x71000000 + i)), MARKER), errors: [], stays: true,
    },
    { name: 'FLOW_MOD from a switch', bytes: cat(HELLO_13, flowMod(), MARKER), errors: [[1, 1]], stays: true },
  ];
}
