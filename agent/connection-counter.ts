// Established connections per metered subnet, within a CPU budget. Counting them
// exactly means walking the kernel's socket table: /proc/net/tcp{,6} costs ~50 ms of
// CPU (nearly all in the kernel, formatting ~150 bytes per socket) for 50,000 sockets
// on this project's machines, and even netlink sock_diag with a kernel-side state
// filter ~25 ms (bench:agent). At one report per second that alone is 2.5-5 % of a core.
//
// So the exact scan runs at most as often as `budget` (a share of one core) allows,
// given what the last scan cost; reports in between follow the kernel's CurrEstab
// counter (/proc/net/snmp, microseconds to read), scaling the last exact counts by how
// CurrEstab moved since that scan. On a server with a few thousand sockets a scan costs
// well under a millisecond and runs at every report, as before.
import type { EstablishedCounter } from './socket-scan';

/**
 * Share of one core the socket-table scans may use on average by default:
 * half of the 2 % a report may cost at the default interval, the rest of a report (the
 * namespace CPU source, /proc/net/snmp, /proc/stat) taking a few milliseconds.
 */
export const DEFAULT_SOCKET_SCAN_BUDGET = 0.01;

export interface ConnectionCounterDeps {
  counter: EstablishedCounter;
  filters: number;
  /** Share of one core the scans may use on average, e.g. 0.02. */
  budget: number;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** CPU time of this process in microseconds (user + system). */
  cpuMicros: () => number;
}

export interface ConnectionCount {
  counts: number[];
  /** True when this report walked the socket table, false when it scaled the last walk. */
  scanned: boolean;
}

export class ConnectionCounter {
  private last: number[] | null = null;
  private estabAtScan: number | undefined;
  private nextScanAt = 0;

  constructor(private readonly d: ConnectionCounterDeps) {
    if (!(d.budget > 0 && d.budget <= 1)) throw new RangeError('budget must be in (0, 1]');
  }

  /**
   * The counts for this report. `estab` is CurrEstab now (undefined when unknown: then
   * every report scans); `tables` gives the socket tables' bytes (e.g. /proc/net/tcp
   * and tcp6, an absent one as an empty buffer) and is called only when scanning.
   */
  count(estab: number | undefined, tables: () => Buffer[]): ConnectionCount {
    const now = this.d.now();
    if (this.last === null || estab === undefined || this.estabAtScan === undefined || now >= this.nextScanAt) {
      return { counts: this.scan(now, estab, tables), scanned: true };
    }
    const ratio = this.estabAtScan === 0 ? (estab === 0 ? 1 : NaN) : estab / this.estabAtScan;
    // Nothing to scale from (no connection at the last scan, some now): scan after all.
    if (!Number.isFinite(ratio)) return { counts: this.scan(now, estab, tables), scanned: true };
    return { counts: this.last.map((c) => Math.round(c * ratio)), scanned: false };
  }

  private scan(now: number, estab: number | undefined, tables: () => Buffer[]): number[] {
    const cpu0 = this.d.cpuMicros();
    const counts = new Array<number>(this.d.filters).fill(0);
    for (const t of tables()) this.d.counter.scan(t, t.length, counts);
    const costMs = (this.d.cpuMicros() - cpu0) / 1000;
    this.last = counts;
    this.estabAtScan = estab;
    this.nextScanAt = now + costMs / this.d.budget;
    return counts;
  }
}
