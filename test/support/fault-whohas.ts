// The ingress-move-whohas row of the fault matrix on topologies/whohas.json: two site SLR
// clusters (processes west and east, edges ew and ee) serve the VIP, and the client c1
// reaches both edges. The victim is a long download through west; the fault is the
// routing change that moves c1 to east's edge (its route to the VIP now leaves by eth1).
// East holds no pin for the download and must not decide it afresh: it asks west
// (WHOHAS) and tunnels the connection to west's server. New connections are probed from
// c1 after the move, so they go through east's ingress and east decides them among its
// own servers. See test/e2e/recovery/whohas.test.ts for the same move asserted step by step.
import { WHOHAS } from './hierarchy-config';
import { startHierarchy, type Hierarchy } from './hierarchy-harness';
import {
  FAULT_VIP, newConnectionTimes, probeResults, recoveryCounters, startProbes, startVictim, victimProblem, VICTIM_BYTES, VICTIM_RATE,
  type FaultOutcome, type RunFaultOptions, type Victim,
} from './fault-scenarios';
import { sleep, waitUntil } from './site-logs';

const CLIENT = 'c1';

export interface WhohasFaultSite {
  h: Hierarchy;
  /** c1's interface on east's edge. */
  eth1: string;
  stop(): Promise<void>;
}

export async function startWhohasFaultSite(name: string): Promise<WhohasFaultSite> {
  const h = await startHierarchy({ name, topology: WHOHAS, reportIntervalMs: 500 });
  try {
    await h.warmL2();
    const links = (await h.net.cmd(CLIENT, 'ip -o link show')).output;
    const eth1 = /^\d+: ([^:@\s]+-eth1)[@:]/m.exec(links)?.[1] ?? '';
    if (eth1 === '') throw new Error(`${CLIENT} has no eth1:\n${links}`);
    return { h, eth1, stop: () => h.stop() };
  } catch (err) {
    await h.stop();
    throw err;
  }
}

/** The servers of one cluster (the site level hosted by that process). */
function serversOf(h: Hierarchy, processName: string): string[] {
  return h.layout.servers.filter((s) => s.site === processName).map((s) => s.id);
}

/** Recovery counters of both clusters, as "process:event". */
async function counters(h: Hierarchy): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, ctl] of h.processes) {
    for (const [event, n] of Object.entries(await recoveryCounters(ctl))) out[`${name}:${event}`] = n;
  }
  return out;
}

export async function runWhohasFault(w: WhohasFaultSite, o: RunFaultOptions = {}): Promise<FaultOutcome> {
  const { h, eth1 } = w;
  const probeSeconds = o.probeSeconds ?? 15;
  const problems: string[] = [];
  const notes: Record<string, number | string> = {};
  const route = async (cmd: string): Promise<void> => {
    const r = await h.net.cmd(CLIENT, cmd);
    if (r.exit !== 0) throw new Error(`${cmd}: ${r.output}`);
  };
  // From west's edge (c1's on-link route) to begin with.
  await h.net.cmd(CLIENT, `ip route del ${FAULT_VIP}/32 2>/dev/null; true`);
  let victim: Victim | undefined;
  try {
    victim = await startVictim(h, CLIENT, VICTIM_BYTES, VICTIM_RATE, 90);
    const v = victim;
    if (!serversOf(h, 'west').includes(v.server)) throw new Error(`the download started on ${v.server}, not on a server of west`);
    const before = await counters(h);
    await sleep(2000);
    const probe = await startProbes(h.net, CLIENT, probeSeconds);
    await sleep(300);
    const east = h.processes.get('east')!;
    const mark = east.records.length;
    const faultAt = Date.now();
    await route(`ip route replace ${FAULT_VIP}/32 dev ${eth1} src ${v.clientIp}`);
    const movedAt = Date.now();
    try {
      const pinned = await east.waitForLog((r) => r.msg === 'WHOHAS: connection pinned to a neighbour\'s target' && r.client === `${v.clientIp}:${v.clientPort}`
        && east.records.indexOf(r) >= mark, 15_000);
      notes.secondsUntilWhohasPinned = Math.round(Number(pinned.time) - faultAt) / 1000;
      if (pinned.target !== v.server) problems.push(`east pinned the download to ${String(pinned.target)}, not to ${v.server}`);
    } catch {
      problems.push('east never pinned the moved download to its neighbour\'s server');
    }
    await waitUntil('the probes to finish', async () => !(await h.net.bgStatus(probe.pid)).running, probeSeconds * 1000 + 30_000, 250);
    const results = probeResults(probe);
    // A new connection after the move is east's to decide: among east's servers only.
    const eastServers = serversOf(h, 'east');
    const strays = results.filter((r) => r.ok && r.start >= movedAt && !eastServers.includes(r.server));
    if (strays.length > 0) problems.push(`${strays.length} new connections after the move were served by ${[...new Set(strays.map((r) => r.server))].join(',')}, not by east's servers`);
    notes.newConnectionsAfterTheMoveServedBy = [...new Set(results.filter((r) => r.ok && r.start >= movedAt).map((r) => r.server))].sort().join(',');
    await waitUntil('the download to end', async () => !(await h.net.bgStatus(v.pid)).running, 95_000, 250);
    const broken = victimProblem(h, v);
    const after = await counters(h);
    const recoveryEvents: Record<string, number> = {};
    for (const [k, n] of Object.entries(after)) if (n - (before[k] ?? 0) !== 0) recoveryEvents[k] = n - (before[k] ?? 0);
    return {
      fault: 'ingress-move-whohas', victims: 1, broken: broken === null ? 0 : 1, ...newConnectionTimes(results, faultAt),
      problems: [...(broken === null ? [] : [broken]), ...problems], recoveryEvents, notes,
    };
  } finally {
    if (victim !== undefined && (await h.net.bgStatus(victim.pid)).running) await h.net.kill(victim.pid, 'KILL');
    await h.net.cmd(CLIENT, `ip route del ${FAULT_VIP}/32 2>/dev/null; true`);
  }
}
