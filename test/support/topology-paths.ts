// Reads a topology file the way mininet/network.py does (same port numbering) and
// answers "which switches, entering and leaving by which ports, does traffic from
// host A to host B cross?" - what an L2 forwarding table must end up holding.
import { readFileSync } from 'node:fs';

export interface TopologyFile {
  switches: { name: string; dpid: string }[];
  hosts: { name: string; ip: string; mac?: string; [extra: string]: unknown }[];
  links: { a: string; b: string; aPort?: number; bPort?: number }[];
}

export interface Hop { switch: string; inPort: number; outPort: number }

interface End { node: string; port: number }

export class TopologyPaths {
  readonly topo: TopologyFile;
  private readonly adjacency = new Map<string, { via: End; to: End }[]>();

  constructor(path: string) {
    this.topo = JSON.parse(readFileSync(path, 'utf8')) as TopologyFile;
    const hosts = new Set(this.topo.hosts.map((h) => h.name));
    // Same rule as network.py: given switch ports first, then the lowest free number
    // (switches from 1, hosts from 0), in link order.
    const used = new Map<string, Set<number>>();
    const usedBy = (n: string): Set<number> => used.get(n) ?? used.set(n, new Set()).get(n)!;
    for (const l of this.topo.links) {
      if (l.aPort !== undefined) usedBy(l.a).add(l.aPort);
      if (l.bPort !== undefined) usedBy(l.b).add(l.bPort);
    }
    const assign = (node: string, given: number | undefined): number => {
      if (given !== undefined) return given;
      let p = hosts.has(node) ? 0 : 1;
      while (usedBy(node).has(p)) p++;
      usedBy(node).add(p);
      return p;
    };
    for (const l of this.topo.links) {
      const a: End = { node: l.a, port: assign(l.a, l.aPort) };
      const b: End = { node: l.b, port: assign(l.b, l.bPort) };
      this.edges(a.node).push({ via: a, to: b });
      this.edges(b.node).push({ via: b, to: a });
    }
  }

  private edges(node: string): { via: End; to: End }[] {
    return this.adjacency.get(node) ?? this.adjacency.set(node, []).get(node)!;
  }

  mac(host: string): string {
    const h = this.topo.hosts.find((x) => x.name === host);
    if (!h?.mac) throw new Error(`host ${host} has no mac in the topology`);
    return h.mac.toLowerCase();
  }

  hostNames(): string[] {
    return this.topo.hosts.map((h) => h.name);
  }

  /** Switch hops of the shortest path from host `src` to host `dst` (breadth first). */
  path(src: string, dst: string): Hop[] {
    const prev = new Map<string, { from: string; leave: End; enter: End }>();
    const queue = [src];
    const seen = new Set([src]);
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === dst) break;
      for (const { via, to } of this.edges(node)) {
        // Hosts are ends, never transit.
        if (seen.has(to.node) || (to.node !== dst && !this.topo.switches.some((s) => s.name === to.node))) continue;
        seen.add(to.node);
        prev.set(to.node, { from: node, leave: via, enter: to });
        queue.push(to.node);
      }
    }
    if (!prev.has(dst)) throw new Error(`no path from ${src} to ${dst}`);
    const hops: Hop[] = [];
    let node = dst;
    let outPort = -1;
    while (node !== src) {
      const step = prev.get(node)!;
      if (node !== dst) hops.unshift({ switch: node, inPort: step.enter.port, outPort });
      outPort = step.leave.port;
      node = step.from;
    }
    return hops;
  }
}
