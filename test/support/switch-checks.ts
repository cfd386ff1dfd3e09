// Polling helpers over the switches' real flow tables (ovs-ofctl via the driver).
import { parseFlows, type DumpedFlow } from './flow-table';
import type { MininetDriver } from './mininet-driver';

export type FlowTables = Record<string, DumpedFlow[]>;

export async function dumpAll(net: MininetDriver): Promise<FlowTables> {
  const tables: FlowTables = {};
  for (const sw of Object.keys(net.info.switches)) tables[sw] = parseFlows(await net.dumpFlows(sw));
  return tables;
}

/** dumpAll plus, per switch, the wall-clock ms just before its dump was asked for. */
export async function dumpAllTimed(net: MininetDriver): Promise<{ tables: FlowTables; at: Record<string, number> }> {
  const tables: FlowTables = {};
  const at: Record<string, number> = {};
  for (const sw of Object.keys(net.info.switches)) {
    at[sw] = Date.now();
    tables[sw] = parseFlows(await net.dumpFlows(sw));
  }
  return { tables, at };
}

/**
 * Poll every switch's flow table until `ready` holds for all of them; resolves with the
 * tables, or rejects with what each switch held at the deadline.
 */
export function waitForTables(net: MininetDriver, ready: (flows: DumpedFlow[], sw: string) => boolean,
  what: string, timeoutMs = 20_000): Promise<FlowTables> {
  return waitForAll(net, (tables) => Object.entries(tables).every(([sw, flows]) => ready(flows, sw)), what, timeoutMs);
}

/** Poll all flow tables until `ready(tables)` holds. */
export async function waitForAll(net: MininetDriver, ready: (tables: FlowTables) => boolean,
  what: string, timeoutMs = 20_000): Promise<FlowTables> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tables = await dumpAll(net);
    if (ready(tables)) return tables;
    if (Date.now() > deadline) {
      const dump = Object.entries(tables).map(([sw, f]) => `${sw}:\n${f.map((x) => '  ' + x.raw).join('\n')}`).join('\n');
      throw new Error(`timed out waiting for ${what}; flow tables:\n${dump}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Normalise a dpid in any common spelling (colons, 0x, short) to 16 hex digits. */
export function normDpid(dpid: string): string {
  return dpid.toLowerCase().replace(/^0x/, '').replace(/:/g, '').padStart(16, '0');
}
