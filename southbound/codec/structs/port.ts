// ofp_port (spec 7.2.1): 64 bytes, used by PORT_STATUS and the PORT_DESC reply.

import type { Port } from '../types';
import { formatMac, writeMac } from '../address';
import { readFixedString, writeFixedString } from '../wire-util';
import { getU32, putU16, putU32 } from '../bytes';
import { putFieldU32 } from '../checked-put';

export const PORT_LEN = 64;
const MAX_PORT_NAME_LEN = 16;

export function decodePort(buf: Buffer, off: number): Port {
  return {
    portNo: getU32(buf, off),
    hwAddr: formatMac(buf, off + 8),
    name: readFixedString(buf, off + 16, MAX_PORT_NAME_LEN),
    config: getU32(buf, off + 32),
    state: getU32(buf, off + 36),
    curr: getU32(buf, off + 40),
    advertised: getU32(buf, off + 44),
    supported: getU32(buf, off + 48),
    peer: getU32(buf, off + 52),
    currSpeed: getU32(buf, off + 56),
    maxSpeed: getU32(buf, off + 60),
  };
}

/** Writes a port at `off`; returns the offset after it. */
export function writePort(port: Port, buf: Buffer, off: number): number {
  putFieldU32(buf, off, port.portNo, 'port.portNo');
  putU32(buf, off + 4, 0);
  writeMac(port.hwAddr, buf, off + 8);
  putU16(buf, off + 14, 0);
  writeFixedString(port.name, buf, off + 16, MAX_PORT_NAME_LEN);
  putFieldU32(buf, off + 32, port.config, 'port.config');
  putFieldU32(buf, off + 36, port.state, 'port.state');
  putFieldU32(buf, off + 40, port.curr, 'port.curr');
  putFieldU32(buf, off + 44, port.advertised, 'port.advertised');
  putFieldU32(buf, off + 48, port.supported, 'port.supported');
  putFieldU32(buf, off + 52, port.peer, 'port.peer');
  putFieldU32(buf, off + 56, port.currSpeed, 'port.currSpeed');
  putFieldU32(buf, off + 60, port.maxSpeed, 'port.maxSpeed');
  return off + PORT_LEN;
}
