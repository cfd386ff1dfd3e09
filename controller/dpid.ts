// Datapath ids are 64-bit (spec 7.3.1): bigint in code, 16 hex digits in logs and APIs,
// the same spelling ovs-vsctl and ovs-ofctl use for other-config:datapath-id.

export function dpidToHex(dpid: bigint): string {
  return dpid.toString(16).padStart(16, '0');
}

/** Accepts "0000000000000001", "0x1", "00:00:00:00:00:00:00:01" or a decimal string. */
export function parseDpid(text: string): bigint | undefined {
  const t = text.trim().toLowerCase();
  try {
    if (/^0x[0-9a-f]{1,16}$/.test(t)) return BigInt(t);
    if (/^([0-9a-f]{2}:){7}[0-9a-f]{2}$/.test(t)) return BigInt(`0x${t.replace(/:/g, '')}`);
    if (/^[0-9a-f]{16}$/.test(t)) return BigInt(`0x${t}`);
    if (/^[0-9]{1,20}$/.test(t)) {
      const v = BigInt(t);
      return v < 1n << 64n ? v : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
