// The servers a site SLR accepts, as its caller (the service-routing catalog)
// configures them: which server ids may register, which virtual subnets each may
// serve, and optionally the data-plane ip/mac the SLR expects for it.
import { canonicalCidr } from './cidr';

export interface AllowedServer {
  serverId: string;
  /** Subnets the server may serve (any CIDR form; compared canonically). */
  subnets: string[];
  /** When given, the ip/mac in the Hello must match. */
  ip?: string;
  mac?: string;
}

export interface ServerDirectory {
  lookup(serverId: string): AllowedServer | undefined;
}

/** A fixed directory. Throws on a subnet that is not a CIDR: a config error. */
export function staticServerDirectory(servers: AllowedServer[]): ServerDirectory {
  const byId = new Map<string, AllowedServer>();
  for (const s of servers) {
    const subnets = s.subnets.map((text) => {
      const c = canonicalCidr(text);
      if (!c) throw new Error(`server '${s.serverId}': '${text}' is not a CIDR subnet`);
      return c;
    });
    byId.set(s.serverId, { ...s, subnets });
  }
  return { lookup: (id) => byId.get(id) };
}

/** Whether `subnet` (canonical) is one the server may serve. */
export function mayServe(server: AllowedServer, canonicalSubnet: string): boolean {
  return server.subnets.some((s) => canonicalCidr(s) === canonicalSubnet);
}
