// The pipeline app: the flows that join the tables of the declared layout (layout.ts)
// on every switch. Each table's miss flow sends the packet on to the next table in the
// packet's walk, so an app that is not running (a plain L2 controller has no pins and
// no VIPs) costs nothing but a table lookup, and an app that is running sees exactly
// the packets its table is for. MPLS frames go to the tunnel tables; a label nobody
// declared ends in the labels table's miss flow, which drops it. Its packet counter
// (flow stats, read by unknownLabelDrops) is the count of such drops.
import type { App, AppContext, FlowSpec, Instruction } from '../../controller';
import { WELL_KNOWN_APP_IDS } from '../../controller';
import { PRIORITY, TABLE } from './layout';

const ETH_TYPE_MPLS = 0x8847;

/** App-local cookies, one per kind of flow. */
export const GOTO_COOKIE = 1n;
export const UNKNOWN_LABEL_COOKIE = 2n;

const gotoTable = (tableId: number): Instruction[] => [{ type: 'GOTO_TABLE', tableId }];

/** The flows that tie the tables together; the same on every switch. */
export function pipelineFlows(): FlowSpec[] {
  return [
    { tableId: TABLE.classify, priority: PRIORITY.classify.mpls, match: [{ field: 'eth_type', value: ETH_TYPE_MPLS }], cookie: GOTO_COOKIE, instructions: gotoTable(TABLE.tunnelExit) },
    { tableId: TABLE.classify, priority: PRIORITY.classify.miss, match: [], cookie: GOTO_COOKIE, instructions: gotoTable(TABLE.pins) },
    { tableId: TABLE.tunnelExit, priority: PRIORITY.tunnelExit.miss, match: [], cookie: GOTO_COOKIE, instructions: gotoTable(TABLE.labels) },
    // No instructions: the packet is dropped (spec 5.10), and counted by this flow.
    { tableId: TABLE.labels, priority: PRIORITY.labels.unknownLabel, match: [], cookie: UNKNOWN_LABEL_COOKIE, instructions: [] },
    { tableId: TABLE.pins, priority: PRIORITY.pins.miss, match: [], cookie: GOTO_COOKIE, instructions: gotoTable(TABLE.services) },
    { tableId: TABLE.services, priority: PRIORITY.services.miss, match: [], cookie: GOTO_COOKIE, instructions: gotoTable(TABLE.l2) },
  ];
}

export class PipelineApp implements App {
  readonly name = 'pipeline';
  readonly appId = WELL_KNOWN_APP_IDS.pipeline;
  private readonly flows = pipelineFlows();
  private ctx: AppContext | null = null;

  start(ctx: AppContext): void {
    this.ctx = ctx;
  }

  stop(): void {
    this.ctx = null;
  }

  desiredFlows(): Iterable<FlowSpec> {
    return this.flows;
  }

  /** Packets dropped on one switch so far for carrying a label no flow knows. */
  async unknownLabelDrops(dpid: bigint): Promise<bigint> {
    if (this.ctx === null) return 0n;
    const stats = await this.ctx.flowStats(dpid, { tableId: TABLE.labels, cookie: UNKNOWN_LABEL_COOKIE, cookieMask: (1n << 48n) - 1n });
    return stats.reduce((n, f) => n + f.packetCount, 0n);
  }
}
