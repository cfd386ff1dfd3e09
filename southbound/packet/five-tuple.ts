// The connection 5-tuple as numbers, and its text form for the pin mirror and the API:
// "6 10.0.0.1:40000 192.200.0.10:80" (protocol number, client, VIP). The one 5-tuple
// type of the project: pins, first packets, shortcuts and releases between levels.
import { ipv4ToString, parseIpv4Address } from './ipv4-address';

export interface FiveTuple {
  proto: number;
  srcIp: number;
  srcPort: number;
  dstIp: number;
  dstPort: number;
}

export function formatFiveTuple(t: FiveTuple): string {
  return `${t.proto} ${ipv4ToString(t.srcIp)}:${t.srcPort} ${ipv4ToString(t.dstIp)}:${t.dstPort}`;
}

export function parseFiveTuple(s: string): FiveTuple | undefined {
  const m = /^([0-9]{1,3}) ([0-9.]+):([0-9]{1,5}) ([0-9.]+):([0-9]{1,5})$/.exec(s);
  if (m === null) return undefined;
  const proto = Number(m[1]);
  const srcIp = parseIpv4Address(m[2]);
  const dstIp = parseIpv4Address(m[4]);
  const srcPort = Number(m[3]);
  const dstPort = Number(m[5]);
  if (srcIp === undefined || dstIp === undefined || proto > 255 || srcPort > 65535 || dstPort > 65535) return undefined;
  return { proto, srcIp, srcPort, dstIp, dstPort };
}

