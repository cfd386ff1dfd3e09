// MAC addresses as the project writes them: "aa:bb:cc:dd:ee:ff", lowercase, the same
// form the OpenFlow codec uses for eth_src/eth_dst. The hot path keeps a MAC as two
// 24-bit halves (OUI and device part) because both always fit a small integer, so
// storing them never allocates; the string is made only when someone asks.

/** "00".."ff" by byte value: formatting by table avoids toString(16)+padStart per byte. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Formats the 6 bytes at `off`. The caller guarantees off+6 <= buf.length. */
export function macAt(buf: Uint8Array, off: number): string {
  return (
    HEX_BYTE[buf[off]] + ':' + HEX_BYTE[buf[off + 1]] + ':' + HEX_BYTE[buf[off + 2]] + ':' +
    HEX_BYTE[buf[off + 3]] + ':' + HEX_BYTE[buf[off + 4]] + ':' + HEX_BYTE[buf[off + 5]]
  );
}

/** Formats a MAC kept as its high and low 24-bit halves. */
export function macFromHalves(hi: number, lo: number): string {
  return (
    HEX_BYTE[(hi >>> 16) & 0xff] + ':' + HEX_BYTE[(hi >>> 8) & 0xff] + ':' + HEX_BYTE[hi & 0xff] + ':' +
    HEX_BYTE[(lo >>> 16) & 0xff] + ':' + HEX_BYTE[(lo >>> 8) & 0xff] + ':' + HEX_BYTE[lo & 0xff]
  );
}

const MAC_PATTERN = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$/;

/** Writes a MAC string into buf at off. Accepts ':' or '-' separators and either case;
 * throws RangeError on anything else (builders are fed by config and code, not the wire). */
export function writeMac(buf: Uint8Array, off: number, mac: string): void {
  if (!MAC_PATTERN.test(mac)) throw new RangeError(`invalid MAC address: ${JSON.stringify(mac)}`);
  for (let i = 0; i < 6; i++) buf[off + i] = parseInt(mac.substr(i * 3, 2), 16);
}

/** Parses a MAC string to 6 bytes. */
export function macToBytes(mac: string): Buffer {
  const out = Buffer.alloc(6);
  writeMac(out, 0, mac);
  return out;
}

/** Normalizes a MAC string to the lowercase colon form. */
export function normalizeMac(mac: string): string {
  return macAt(macToBytes(mac), 0);
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC = '00:00:00:00:00:00';
