// The in-memory copy of the load tables that every store keeps. Rows only move forward
// in time: an update older than the row it would replace is dropped, so replays (a
// reload after reconnect, a late pub/sub message) cannot undo a fresher report.

import type { LoadEntry, LoadListener, LoadTableReader, LoadUpdate } from './types';

export class LoadTableCache implements LoadTableReader {
  private readonly rows = new Map<string, Map<string, LoadEntry>>();
  private readonly listeners = new Set<LoadListener>();

  get(subnet: string, targetId: string): LoadEntry | undefined {
    return this.rows.get(subnet)?.get(targetId);
  }

  subnet(subnet: string): ReadonlyMap<string, LoadEntry> | undefined {
    return this.rows.get(subnet);
  }

  subnets(): IterableIterator<string> {
    return this.rows.keys();
  }

  /** Subnets where this target has a row. */
  subnetsOf(targetId: string): string[] {
    const out: string[] = [];
    for (const [subnet, m] of this.rows) if (m.has(targetId)) out.push(subnet);
    return out;
  }

  /** Applies an update if it is not older than the row; returns whether anything changed. */
  apply(u: LoadUpdate): boolean {
    let m = this.rows.get(u.subnet);
    const old = m?.get(u.targetId);
    if (old !== undefined && (u.reportedAt < old.reportedAt || (u.reportedAt === old.reportedAt && u.load === old.load))) {
      return false;
    }
    if (m === undefined) this.rows.set(u.subnet, (m = new Map()));
    const entry: LoadEntry = { load: u.load, reportedAt: u.reportedAt };
    m.set(u.targetId, entry);
    this.emit(u.subnet, u.targetId, entry);
    return true;
  }

  /** Removes one row; returns whether it existed. */
  remove(subnet: string, targetId: string): boolean {
    const m = this.rows.get(subnet);
    if (m === undefined || !m.delete(targetId)) return false;
    if (m.size === 0) this.rows.delete(subnet);
    this.emit(subnet, targetId, undefined);
    return true;
  }

  /** Removes a row unless it was reported after removedAt (a later report wins over an older removal). */
  removeIfNotNewer(subnet: string, targetId: string, removedAt: number): boolean {
    const row = this.get(subnet, targetId);
    return row !== undefined && row.reportedAt <= removedAt && this.remove(subnet, targetId);
  }

  onChange(listener: LoadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(subnet: string, targetId: string, entry: LoadEntry | undefined): void {
    for (const l of this.listeners) {
      // A failing listener must not stop the others or the store.
      try {
        l(subnet, targetId, entry);
      } catch {
        /* listeners own their errors */
      }
    }
  }
}
