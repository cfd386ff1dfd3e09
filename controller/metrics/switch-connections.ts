// Per-datapath totals of the switch channel's own counters. Each connection's stats
// object is read at scrape time; when it closes its final numbers are folded into its
// datapath's retired totals, so counters stay monotonic across reconnects.
import { type ChannelStats, newChannelStats as emptyStats } from '../../southbound/channel';
import { dpidToHex } from '../dpid';

/** What the tracker needs of a SwitchConnection that finished its handshake. */
export interface ObservedConnection {
  readonly datapathId: bigint;
  readonly stats: ChannelStats;
  whenClosed(fn: (reason: string) => void): void;
}

export interface DatapathTotals {
  readonly dpid: string;
  connections: number;
  disconnections: number;
  /** Sum of the stats of this datapath's closed connections. */
  readonly retired: ChannelStats;
  /** Stats of its open connections (normally one; two briefly while a newer one replaces an old one). */
  readonly live: Set<ChannelStats>;
}


function addInto(sum: ChannelStats, s: ChannelStats): void {
  sum.msgsIn += s.msgsIn;
  sum.msgsOut += s.msgsOut;
  sum.bytesIn += s.bytesIn;
  sum.bytesOut += s.bytesOut;
  sum.writes += s.writes;
  sum.dropped += s.dropped;
  sum.malformedErrorsIn += s.malformedErrorsIn;
  sum.packetInsLimited += s.packetInsLimited;
  sum.receivePauses += s.receivePauses;
  sum.refusedIn += s.refusedIn;
  for (let i = 0; i < 256; i++) {
    sum.inByType[i] += s.inByType[i];
    sum.outByType[i] += s.outByType[i];
    sum.packetInReasons[i] += s.packetInReasons[i];
  }
  for (const [key, n] of s.errorsIn) sum.errorsIn.set(key, (sum.errorsIn.get(key) ?? 0) + n);
}

export class SwitchConnectionTracker {
  private readonly byDpid = new Map<bigint, DatapathTotals>();

  /** Call once per connection that completed the handshake (the listener's onSwitch). */
  track(conn: ObservedConnection): void {
    const dpid = conn.datapathId;
    let totals = this.byDpid.get(dpid);
    if (!totals) {
      totals = { dpid: dpidToHex(dpid), connections: 0, disconnections: 0, retired: emptyStats(), live: new Set() };
      this.byDpid.set(dpid, totals);
    }
    const t = totals;
    t.connections++;
    t.live.add(conn.stats);
    conn.whenClosed(() => {
      if (!t.live.delete(conn.stats)) return;
      t.disconnections++;
      addInto(t.retired, conn.stats);
    });
  }

  datapaths(): IterableIterator<DatapathTotals> {
    return this.byDpid.values();
  }

  /** Retired plus live stats of one datapath, summed now (scrape time only). */
  static current(t: DatapathTotals): ChannelStats {
    const sum = emptyStats();
    addInto(sum, t.retired);
    for (const s of t.live) addInto(sum, s);
    return sum;
  }
}
