// Lookup (dst IPv4, protocol, dst port) -> service for the packet-in path. One Map per
// prefix length in use, probed from /32 down, so the exact-VIP case is a single Map.get
// and the whole lookup allocates nothing.

import { maskOf } from '../../controller';
import type { Service } from './service';

export class ServiceIndex {
  /** Prefix lengths in use, longest first. */
  private readonly lengths: number[];
  private readonly masks: number[];
  private readonly maps: Map<number, Service[]>[];

  constructor(services: readonly Service[]) {
    const byLength = new Map<number, Map<number, Service[]>>();
    for (const s of services) {
      let m = byLength.get(s.prefix.length);
      if (m === undefined) byLength.set(s.prefix.length, (m = new Map()));
      const list = m.get(s.prefix.base);
      if (list === undefined) m.set(s.prefix.base, [s]);
      else list.push(s);
    }
    this.lengths = [...byLength.keys()].sort((a, b) => b - a);
    this.masks = this.lengths.map(maskOf);
    this.maps = this.lengths.map((l) => byLength.get(l) as Map<number, Service[]>);
  }

  /** The most specific service for this destination, or undefined (not a VIP). */
  lookup(dstIp: number, protocol: number, dstPort: number): Service | undefined {
    for (let i = 0; i < this.maps.length; i++) {
      const list = this.maps[i].get((dstIp & this.masks[i]) >>> 0);
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const s = list[j];
        if (s.protocolNumber === protocol && (s.anyPort || s.ports.has(dstPort))) return s;
      }
    }
    return undefined;
  }

  /** The most specific service on this address whatever its protocol and ports (ARP for VIPs). */
  serviceAt(dstIp: number): Service | undefined {
    for (let i = 0; i < this.maps.length; i++) {
      const list = this.maps[i].get((dstIp & this.masks[i]) >>> 0);
      if (list !== undefined) return list[0];
    }
    return undefined;
  }
}
