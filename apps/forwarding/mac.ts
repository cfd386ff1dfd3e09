// MAC addresses on the hot path: a 48-bit number is an exact JS number and a cheap Map
// key; the text form is only built when a flow needs it.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The 48-bit MAC at buf[off..off+6) as a number. */
export function macAt(buf: Buffer, off: number): number {
  // By hand: Buffer.readUIntBE validates its arguments on every call.
  const hi = (buf[off] << 8) | buf[off + 1];
  const lo = ((buf[off + 2] << 24) >>> 0) + ((buf[off + 3] << 16) | (buf[off + 4] << 8) | buf[off + 5]);
  return hi * 4294967296 + lo;
}

/** "aa:bb:cc:dd:ee:ff" for the MAC at buf[off..off+6). */
export function macTextAt(buf: Buffer, off: number): string {
  return `${HEX[buf[off]]}:${HEX[buf[off + 1]]}:${HEX[buf[off + 2]]}:${HEX[buf[off + 3]]}:${HEX[buf[off + 4]]}:${HEX[buf[off + 5]]}`;
}

/** Group bit (I/G) set: broadcast or multicast (IEEE 802-2014 8.2). */
export function isGroupMacAt(buf: Buffer, off: number): boolean {
  return (buf[off] & 1) === 1;
}

export function macNumberToText(mac: number): string {
  const hex = mac.toString(16).padStart(12, '0');
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}

/** "aa:bb:cc:dd:ee:ff" (any case) -> 48-bit number; NaN if malformed. */
export function macTextToNumber(text: string): number {
  return /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(text) ? parseInt(text.replace(/:/g, ''), 16) : NaN;
}
