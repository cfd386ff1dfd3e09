// ofp_port (spec 7.2.1): 64 bytes, used by PORT_STATUS and the PORT_DESC reply.

import type { Port } from '../types';
import { formatMac, writeMac } from '../address';
import { readFixedString, writeFixedString } from '../wire-util';

export const PORT_LEN = 64;
const MAX_PORT_NAME_LEN = 16;

export function decodePort(buf: Buffer, off: number): Port {
  return {
    portNo: buf.readUInt32BE(off),
    hwAddr: formatMac(buf, off + 8),
    name: readFixedString(buf, off + 16, MAX_PORT_NAME_LEN),
    config: buf.readUInt32BE(off + 32),
    state: buf.readUInt32BE(off + 36),
    curr: buf.readUInt32BE(off + 40),
    advertised: buf.readUInt32BE(off + 44),
    supported: buf.readUInt32BE(off + 48),
    peer: buf.readUInt32BE(off + 52),
    currSpeed: buf.readUInt32BE(off + 56),
    maxSpeed: buf.readUInt32BE(off + 60),
  };
}

/** Writes a port at `off`; returns the offset after it. */
export function writePort(port: Port, buf: Buffer, off: number): number {
  buf.writeUInt32BE(port.portNo, off);
  buf.writeUInt32BE(0, off + 4);
  writeMac(port.hwAddr, buf, off + 8);
  buf.writeUInt16BE(0, off + 14);
  writeFixedString(port.name, buf, off + 16, MAX_PORT_NAME_LEN);
  buf.writeUInt32BE(port.config, off + 32);
  buf.writeUInt32BE(port.state, off + 36);
  buf.writeUInt32BE(port.curr, off + 40);
  buf.writeUInt32BE(port.advertised, off + 44);
  buf.writeUInt32BE(port.supported, off + 48);
  buf.writeUInt32BE(port.peer, off + 52);
  buf.writeUInt32BE(port.currSpeed, off + 56);
  buf.writeUInt32BE(port.maxSpeed, off + 60);
  return off + PORT_LEN;
}
