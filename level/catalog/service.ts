// A service as the packet-in path sees it: prefix and ports as numbers, targets
// resolved and sorted by id (the sort is what makes tie-breaking deterministic).

import type { Ipv4Prefix } from '../../controller';
import type { PolicyNode } from '../policies/policy-node';
import type { ServiceSpec } from '../types';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface Service {
  id: string;
  spec: ServiceSpec;
  prefix: Ipv4Prefix;
  /** Canonical "a.b.c.d/len": the virtual-subnet key of load reports. */
  subnet: string;
  protocolNumber: number;
  anyPort: boolean;
  ports: ReadonlySet<number>;
  /** Sorted ascending, so "lowest index" means "lowest id" when metrics tie. */
  targetIds: readonly string[];
  policy: PolicyNode;
}

export function protocolNumber(p: ServiceSpec['protocol']): number {
  return p === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
}

/** Human-readable port set for messages. */
export function describePorts(ports: readonly number[]): string {
  return ports.length === 0 ? 'any port' : `port ${ports.join(',')}`;
}

/** True when two services could both claim one packet: same protocol and a shared port. */
export function portsIntersect(a: ServiceSpec, b: ServiceSpec): boolean {
  if (a.protocol !== b.protocol) return false;
  if (a.ports.length === 0 || b.ports.length === 0) return true;
  const set = new Set(a.ports);
  return b.ports.some((p) => set.has(p));
}
