// The connection 5-tuple as numbers, and its text form for the pin mirror and the API:
// "6 10.0.0.1:40000 192.200.0.10:80" (protocol number, client, VIP).

export interface FiveTuple {
  proto: number;
  srcIp: number;
  srcPort: number;
  dstIp: number;
  dstPort: number;
}

function ipText(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

function ipNumber(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = v * 256 + Number(p);
  }
  return v;
}

export function formatFiveTuple(t: FiveTuple): string {
  return `${t.proto} ${ipText(t.srcIp)}:${t.srcPort} ${ipText(t.dstIp)}:${t.dstPort}`;
}

export function parseFiveTuple(s: string): FiveTuple | undefined {
  const m = /^([0-9]{1,3}) ([0-9.]+):([0-9]{1,5}) ([0-9.]+):([0-9]{1,5})$/.exec(s);
  if (m === null) return undefined;
  const proto = Number(m[1]);
  const srcIp = ipNumber(m[2]);
  const dstIp = ipNumber(m[4]);
  const srcPort = Number(m[3]);
  const dstPort = Number(m[5]);
  if (srcIp === undefined || dstIp === undefined || proto > 255 || srcPort > 65535 || dstPort > 65535) return undefined;
  return { proto, srcIp, srcPort, dstIp, dstPort };
}

export { ipText as formatIpv4Number };
