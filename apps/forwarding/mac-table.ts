// Learned MAC -> port for one switch: bounded (approximately least recently learned
// evicted, see PackedGenerations), aged (an entry not seen as a source for maxAgeMs
// no longer answers lookups), and allocation-free per packet.
import { PackedGenerations } from './packed-generations';

export type LearnResult = 'new' | 'moved' | 'refreshed';

const TWO_32 = 4294967296;

export class MacTable {
  private readonly gens: PackedGenerations;

  constructor(
    maxEntries: number,
    private readonly maxAgeMs: number,
  ) {
    // key: MAC high 16 bits, low 32 bits; value: port; stamp: last seen.
    this.gens = new PackedGenerations(2, 1, maxEntries);
  }

  get size(): number {
    return this.gens.size;
  }

  get evictions(): number {
    return this.gens.evictions;
  }

  private setKey(mac: number): void {
    this.gens.setKey(0, (mac / TWO_32) >>> 0);
    this.gens.setKey(1, mac >>> 0);
  }

  learn(mac: number, port: number, now: number): LearnResult {
    this.setKey(mac);
    const slot = this.gens.upsert();
    const young = this.gens.young;
    const result: LearnResult = this.gens.lastWasNew ? 'new' : young.value(slot, 0) === port ? 'refreshed' : 'moved';
    young.setValue(slot, 0, port);
    young.stamps[slot] = now;
    return result;
  }

  /** The port a MAC was learned on, if learned and not aged out. */
  lookup(mac: number, now: number): number | undefined {
    this.setKey(mac);
    const slot = this.gens.locate();
    if (slot < 0) return undefined;
    const table = this.gens.locatedIn;
    if (now - table.stamps[slot] > this.maxAgeMs) {
      table.delete(slot);
      return undefined;
    }
    return table.value(slot, 0);
  }

  /** Forgets every MAC on a port; returns how many. */
  forgetPort(port: number): number {
    return this.gens.deleteWhere((t, slot) => t.value(slot, 0) === port);
  }
}
