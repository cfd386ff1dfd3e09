// Who may register with a level, as its caller (the level's catalog) configures them:
// which ids may register, of which kind, which virtual subnets each may serve, and
// optionally the data-plane ip/mac or MPLS label the level expects for it.
import { canonicalCidr } from '../controller/net';

export type TargetKindName = 'server' | 'site' | 'as';

export interface AllowedPeer {
  id: string;
  kind: TargetKindName;
  /** Subnets the registrant may serve (any CIDR form; compared canonically). */
  subnets: string[];
  /** When given, the ip/mac in the Hello must match (servers). */
  ip?: string;
  mac?: string;
  /** When given, the label in the Hello must match (SLRs whose label the operator configured). */
  label?: number;
}

export interface PeerDirectory {
  lookup(id: string): AllowedPeer | undefined;
}

/** A fixed directory. Throws on a subnet that is not a CIDR: a config error. */
export function staticDirectory(peers: AllowedPeer[]): PeerDirectory {
  const byId = new Map<string, AllowedPeer>();
  for (const p of peers) {
    const subnets = p.subnets.map((text) => {
      const c = canonicalCidr(text);
      if (!c) throw new Error(`${p.kind} '${p.id}': '${text}' is not a CIDR subnet`);
      return c;
    });
    byId.set(p.id, { ...p, subnets });
  }
  return { lookup: (id) => byId.get(id) };
}

/** Whether `subnet` (canonical) is one the registrant may serve. */
export function mayServe(peer: AllowedPeer, canonicalSubnet: string): boolean {
  return peer.subnets.some((s) => canonicalCidr(s) === canonicalSubnet);
}
