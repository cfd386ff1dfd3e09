// One live connection per datapath id. When a switch reconnects (its old TCP
// connection may linger half-dead for up to an echo timeout) the newer connection
// wins and the older is closed with a logged reason: the switch itself has just
// proved the new one works, and OpenFlow gives a datapath one main connection.
import type { ChannelLogger } from './config';

/** What the registry needs of a connection. */
export interface RegisteredConnection {
  readonly datapathId: bigint;
  readonly remote: string;
  close(reason: string): void;
}

export class DatapathRegistry<C extends RegisteredConnection> {
  private readonly byDpid = new Map<bigint, C>();

  constructor(private readonly log: ChannelLogger) {}

  get size(): number {
    return this.byDpid.size;
  }

  get(dpid: bigint): C | undefined {
    return this.byDpid.get(dpid);
  }

  values(): IterableIterator<C> {
    return this.byDpid.values();
  }

  /** Make `conn` the connection of its datapath, closing any older one first. */
  claim(conn: C): void {
    const dpid = conn.datapathId;
    const older = this.byDpid.get(dpid);
    this.byDpid.set(dpid, conn);
    if (older === undefined || older === conn) return;
    const reason = `replaced by a newer connection from ${conn.remote} for the same datapath id`;
    this.log.warn({ dpid: `0x${dpid.toString(16)}`, older: older.remote, newer: conn.remote }, reason);
    older.close(reason);
  }

  /** Forget `conn` if it still holds its datapath (a replaced one no longer does). */
  release(conn: C): void {
    if (this.byDpid.get(conn.datapathId) === conn) this.byDpid.delete(conn.datapathId);
  }
}
