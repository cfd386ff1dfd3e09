// Pure comparison of a switch's flows with the flows apps want. Nothing is wiped:
// desired and identical -> kept; desired but missing or different -> ADD (an ADD of
// an identical match/priority replaces the old entry, spec 6.4); present, owned by a
// reconciling app and not desired -> DELETE_STRICT; any other cookie -> left alone.
import type { FlowStats, Instruction, Match } from '../southbound/codec/types';
import { appIdOfCookie } from './cookies';
import { flowIdentityKey, instructionsKey } from './flow-key';

interface ActualEntry {
  readonly stats: FlowStats;
  seen: boolean;
}

export type Verdict = 'kept' | 'add';

export class FlowReconciler {
  private readonly actual = new Map<string, ActualEntry>();

  constructor(flows: Iterable<FlowStats> = []) {
    for (const stats of flows) this.addActual(stats);
  }

  /** One flow the switch reported. */
  addActual(stats: FlowStats): void {
    this.actual.set(flowIdentityKey(stats.tableId, stats.priority, stats.match), { stats, seen: false });
  }

  get actualCount(): number {
    return this.actual.size;
  }

  /** One desired flow with its wire cookie. */
  consider(tableId: number, priority: number, match: Match, cookie: bigint, instructions: Instruction[]): Verdict {
    const entry = this.actual.get(flowIdentityKey(tableId, priority, match));
    if (!entry) return 'add';
    // Seen either way: if it differs, the ADD replaces it, so it must not be deleted too.
    entry.seen = true;
    const same = entry.stats.cookie === cookie && instructionsKey(entry.stats.instructions) === instructionsKey(instructions);
    return same ? 'kept' : 'add';
  }

  /**
   * Flows nobody asked for. `reconciles(appId)` says whether that app declares its
   * desired state (registered and has desiredFlows) in this run.
   */
  leftovers(reconciles: (appId: number) => boolean): { stale: FlowStats[]; foreign: FlowStats[] } {
    const stale: FlowStats[] = [];
    const foreign: FlowStats[] = [];
    for (const entry of this.actual.values()) {
      if (entry.seen) continue;
      if (reconciles(appIdOfCookie(entry.stats.cookie))) stale.push(entry.stats);
      else foreign.push(entry.stats);
    }
    return { stale, foreign };
  }
}
