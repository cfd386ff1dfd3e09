// Two PackedTables used as generations for approximate LRU at O(1): new and touched
// entries go to the young table; when it holds half the bound it becomes the old
// table and the previous old one is cleared (its entries are evicted together).
import { PackedTable } from './packed-table';

export class PackedGenerations {
  young: PackedTable;
  old: PackedTable;
  private readonly half: number;
  private readonly carry: Uint32Array;
  private carryStamp = 0;
  evictions = 0;
  /** Set by upsert(): the key was not present in either generation. */
  lastWasNew = false;
  /** Set by locate(): the table holding the slot it returned. */
  locatedIn: PackedTable;

  constructor(keyWords: number, valueWords: number, maxEntries: number) {
    this.half = Math.max(1, Math.ceil(maxEntries / 2));
    this.young = new PackedTable(keyWords, valueWords, this.half);
    this.old = new PackedTable(keyWords, valueWords, this.half);
    this.carry = new Uint32Array(valueWords);
    this.locatedIn = this.young;
  }

  get size(): number {
    return this.young.count + this.old.count;
  }

  /** Writes the key into both scratch buffers. */
  setKey(i: number, word: number): void {
    this.young.key[i] = word;
    this.old.key[i] = word;
  }

  /** Makes room in the young table for one more entry, rotating generations if needed. */
  private roomForOne(): void {
    if (this.young.count < this.half && !this.young.crowded) return;
    this.evictions += this.old.count;
    const cleared = this.old;
    cleared.clear();
    this.old = this.young;
    this.young = cleared;
  }

  /**
   * Slot in the young table for the current key: found there, moved up from the old
   * table, or freshly claimed (then `lastWasNew` is true and its values are stale).
   */
  upsert(): number {
    const h = this.young.hashKey();
    const y = this.young.find(h);
    if (y >= 0) {
      this.lastWasNew = false;
      return y;
    }
    const o = this.old.find(h);
    if (o >= 0) {
      for (let i = 0; i < this.carry.length; i++) this.carry[i] = this.old.value(o, i);
      this.carryStamp = this.old.stamps[o];
      this.old.delete(o);
    }
    this.roomForOne();
    // Absent from the young table (and a freshly rotated one is empty).
    const slot = this.young.insertNew(h);
    this.lastWasNew = o < 0;
    if (o >= 0) {
      for (let i = 0; i < this.carry.length; i++) this.young.setValue(slot, i, this.carry[i]);
      this.young.stamps[slot] = this.carryStamp;
    }
    return slot;
  }

  /** Slot of the current key without changing recency (table in `locatedIn`), or -1. */
  locate(): number {
    const h = this.young.hashKey();
    const y = this.young.find(h);
    if (y >= 0) {
      this.locatedIn = this.young;
      return y;
    }
    const o = this.old.find(h);
    this.locatedIn = this.old;
    return o;
  }

  /** Deletes every entry the predicate selects; returns how many. */
  deleteWhere(pred: (table: PackedTable, slot: number) => boolean): number {
    let n = 0;
    for (const t of [this.young, this.old]) {
      for (const slot of t.slots()) {
        if (pred(t, slot)) {
          t.delete(slot);
          n++;
        }
      }
    }
    return n;
  }

  /** Every live (table, slot), old generation first. */
  *entries(): IterableIterator<[PackedTable, number]> {
    for (const slot of this.old.slots()) yield [this.old, slot];
    for (const slot of this.young.slots()) yield [this.young, slot];
  }
}
