// npm run faults — the fault matrix of issue 10 on the Mininet host site (real Open
// vSwitch, real agents, real Redis): for each fault, two long downloads through the VIP
// are the victims (their servers drained, so a connection decided afresh would be reset
// by another server), the fault is injected, new connections are probed from a client
// until one succeeds, and the victims are checked for every byte from their one server.
// Prints a table (fault, broken connections, seconds until new connections work) and one
// line RESULT {json}. Needs the machine's OVS to itself: flock /tmp/slr-mininet.lock.
// Options: --only NAME[,NAME...] (some rows), --probe-seconds N (15).
import { FAULTS, formatOutcome, runFault, startFaultSite, type FaultName, type FaultOutcome } from '../test/support/fault-scenarios';
import { fmt, formatTable, numberArg, stringArg } from './site/table';

async function main(): Promise<void> {
  const only = stringArg('--only', '');
  const rows = only === '' ? FAULTS : FAULTS.filter((f) => only.split(',').includes(f));
  if (rows.length === 0) throw new Error(`--only ${only}: no such fault (one of ${FAULTS.join(', ')})`);
  const probeSeconds = numberArg('--probe-seconds', 15);
  const site = await startFaultSite('faults');
  const outcomes: FaultOutcome[] = [];
  try {
    for (const fault of rows) {
      let o: FaultOutcome;
      try {
        o = await runFault(site, fault as FaultName, { probeSeconds });
      } catch (err) {
        // A row that cannot even start its victims (the VIP is dead after an earlier fault) still gets its line.
        const why = err instanceof Error ? err.message : String(err);
        o = { fault: fault as FaultName, victims: 0, broken: 0, secondsUntilNewConnections: null, problems: [`not run: ${why}`], recoveryEvents: {} };
      }
      process.stderr.write(`${formatOutcome(o)}\n`);
      outcomes.push(o);
    }
  } finally {
    await site.stop();
  }
  process.stdout.write(formatTable(
    ['fault', 'broken connections', 'seconds until new connections work'],
    outcomes.map((o) => [o.fault, o.victims === 0 ? 'not run' : `${o.broken}/${o.victims}`, o.secondsUntilNewConnections === null ? `never (>${probeSeconds})` : fmt(o.secondsUntilNewConnections, 2)]),
  ) + '\n');
  const result = {
    faults: outcomes.map((o) => ({ fault: o.fault, victims: o.victims, broken: o.broken, secondsUntilNewConnections: o.secondsUntilNewConnections, recoveryEvents: o.recoveryEvents, problems: o.problems })),
    brokenTotal: outcomes.reduce((n, o) => n + o.broken, 0),
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
