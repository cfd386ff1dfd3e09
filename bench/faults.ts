// npm run faults — the fault matrix of issue 10 (real Open vSwitch, real agents, real
// Redis): for each fault, long downloads through the VIP are the victims (their servers
// drained, so a connection decided afresh would be reset by another server), the fault is
// injected, new connections are probed from a client until they work for good, and the
// victims are checked for every byte from their one server. Most rows share one Mininet
// host site; ovs-restart, controller-sigkill-hot-spare and redis-sentinel-failover each
// get the site in a set-up of their own (test/support/fault-sites.ts), and
// ingress-move-whohas two SLR clusters on topologies/whohas.json
// (test/support/fault-whohas.ts). Prints one table (fault, broken connections, seconds
// until new connections work) and one line RESULT {json}. Needs the machine's OVS to
// itself: flock /tmp/slr-mininet.lock.
// Options: --only NAME[,NAME...] (some rows), --probe-seconds N (15).
import { FAULT_SET_UP, FAULTS, formatOutcome, runFault, startFaultSite, type FaultName, type FaultOutcome, type FaultSetUp } from '../test/support/fault-scenarios';
import { startFaultSiteFor } from '../test/support/fault-sites';
import { runWhohasFault, startWhohasFaultSite } from '../test/support/fault-whohas';
import { fmt, formatTable, numberArg, stringArg } from './site/table';

/** A running set-up: runs its rows, then stops. */
interface Bed {
  run(fault: FaultName, probeSeconds: number): Promise<FaultOutcome>;
  stop(): Promise<void>;
}

async function startBed(setUp: FaultSetUp): Promise<Bed> {
  switch (setUp) {
    case 'site': {
      const site = await startFaultSite('faults');
      return { run: (fault, probeSeconds) => runFault(site, fault, { probeSeconds }), stop: () => site.stop() };
    }
    case 'whohas': {
      const w = await startWhohasFaultSite('faults-whohas');
      return { run: (_fault, probeSeconds) => runWhohasFault(w, { probeSeconds }), stop: () => w.stop() };
    }
    default: {
      const f = await startFaultSiteFor(setUp, `faults-${setUp}`);
      return { run: (fault, probeSeconds) => runFault(f.site, fault, { probeSeconds, spare: f.spare, sentinel: f.sentinel }), stop: () => f.stop() };
    }
  }
}

function notRun(fault: FaultName, why: unknown): FaultOutcome {
  const text = why instanceof Error ? why.message : String(why);
  return {
    fault, victims: 0, broken: 0, secondsUntilNewConnections: null, secondsToFirstNewConnection: null, newConnections: { tried: 0, failed: 0 },
    problems: [`not run: ${text}`], recoveryEvents: {}, notes: {},
  };
}

async function main(): Promise<void> {
  const only = stringArg('--only', '');
  const wanted = only === '' ? [] : only.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = wanted.filter((f) => !(FAULTS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(',')}: no such fault (one of ${FAULTS.join(', ')})`);
  const rows = wanted.length === 0 ? FAULTS : FAULTS.filter((f) => wanted.includes(f));
  const probeSeconds = numberArg('--probe-seconds', 15);
  const outcomes: FaultOutcome[] = [];
  // The rows of one set-up run together on one network, started for them and stopped after.
  for (const setUp of [...new Set(rows.map((f) => FAULT_SET_UP[f]))]) {
    const mine = rows.filter((f) => FAULT_SET_UP[f] === setUp);
    let bed: Bed;
    try {
      bed = await startBed(setUp);
    } catch (err) {
      for (const fault of mine) outcomes.push(notRun(fault, `set-up ${setUp} failed: ${err instanceof Error ? err.message : String(err)}`));
      continue;
    }
    try {
      for (const fault of mine) {
        let o: FaultOutcome;
        try {
          o = await bed.run(fault, probeSeconds);
        } catch (err) {
          // A row that cannot even start its victims (the VIP is dead after an earlier fault) still gets its line.
          o = notRun(fault, err);
        }
        process.stderr.write(`${formatOutcome(o)}\n`);
        outcomes.push(o);
      }
    } finally {
      await bed.stop();
    }
  }
  outcomes.sort((a, b) => FAULTS.indexOf(a.fault) - FAULTS.indexOf(b.fault));
  process.stdout.write(formatTable(
    ['fault', 'broken connections', 'seconds until new connections work'],
    outcomes.map((o) => [o.fault, o.victims === 0 ? 'not run' : `${o.broken}/${o.victims}`, o.secondsUntilNewConnections === null ? `never (>${probeSeconds})` : fmt(o.secondsUntilNewConnections, 2)]),
  ) + '\n');
  const result = {
    faults: outcomes.map((o) => ({
      fault: o.fault, setUp: FAULT_SET_UP[o.fault], victims: o.victims, broken: o.broken,
      secondsUntilNewConnections: o.secondsUntilNewConnections, secondsToFirstNewConnection: o.secondsToFirstNewConnection,
      newConnections: o.newConnections, recoveryEvents: o.recoveryEvents, notes: o.notes, problems: o.problems,
    })),
    brokenTotal: outcomes.reduce((n, o) => n + o.broken, 0),
    problemsTotal: outcomes.reduce((n, o) => n + o.problems.length, 0),
    worstSecondsUntilNewConnections: outcomes.some((o) => o.secondsUntilNewConnections === null)
      ? null : Math.max(...outcomes.map((o) => o.secondsUntilNewConnections ?? 0)),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`faults: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
