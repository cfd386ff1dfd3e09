// WHOHAS bookkeeping on the asking side (recovery 3, design section 4), pure: which
// unknown connections are being asked about, which no neighbour had lately, and the
// path a neighbour's answer becomes. The process wiring (cli/neighbours.ts) does the
// gRPC; service routing drops every packet of an unknown connection until an answer
// pins it (the recovery rule: never decided afresh).
import type { FiveTuple } from '../../controller';
import { extendPath, type Path } from '../../level/path';

export type WhoHasStart = 'ask' | 'pending' | 'recent-miss' | 'full';

export interface WhoHasQueriesOptions {
  /** After a miss, the connection's packets are dropped without asking again for this long, ms. */
  missCacheMs: number;
  /** Connections asked about at once. */
  maxPending: number;
}

/** A connection's key: protocol, client and VIP endpoints. */
export function tupleKey(t: FiveTuple): string {
  return `${t.proto}/${t.srcIp}:${t.srcPort}/${t.dstIp}:${t.dstPort}`;
}

export class WhoHasQueries {
  private readonly pending = new Set<string>();
  /** Key -> time of the miss (insertion order is time order: the oldest go first). */
  private readonly misses = new Map<string, number>();

  constructor(private readonly opts: WhoHasQueriesOptions) {}

  /** A packet of an unknown connection: ask the neighbours, or not (already asking, recently missed, too many at once). */
  begin(t: FiveTuple, nowMs: number): WhoHasStart {
    const key = tupleKey(t);
    if (this.pending.has(key)) return 'pending';
    this.expireMisses(nowMs);
    if (this.misses.has(key)) return 'recent-miss';
    if (this.pending.size >= this.opts.maxPending) return 'full';
    this.pending.add(key);
    return 'ask';
  }

  /** The query for t ended: found (pinned) or not (remembered as a miss for missCacheMs). */
  settle(t: FiveTuple, found: boolean, nowMs: number): void {
    const key = tupleKey(t);
    this.pending.delete(key);
    if (!found && this.opts.missCacheMs > 0) {
      this.misses.delete(key);
      this.misses.set(key, nowMs);
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get missCount(): number {
    return this.misses.size;
  }

  private expireMisses(nowMs: number): void {
    for (const [key, at] of this.misses) {
      if (nowMs - at < this.opts.missCacheMs) break;
      this.misses.delete(key);
    }
  }
}

/** How one ingress switch reaches a neighbour: a port, and a label the neighbour pops first (if any). */
export interface NeighbourReach {
  readonly port: number;
  readonly label?: number;
}

/**
 * The path a neighbour's answer becomes on this switch: toward the neighbour (its own
 * label first, when it has one), then the stack it answered. Undefined when the stack
 * is empty, has a bad label, or would be deeper than a switch matches.
 */
export function neighbourPath(reach: NeighbourReach, answered: readonly number[]): Path | undefined {
  if (answered.length === 0) return undefined;
  return extendPath({ kind: 'mpls', port: reach.port, labels: reach.label === undefined ? [] : [reach.label] }, answered);
}
