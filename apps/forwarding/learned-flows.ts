// The learned flows the app still wants on one switch: its desired state for
// reconciliation. Bounded (a forgotten flow is left to its idle timeout on the
// switch) and stored packed, so remembering a flow allocates nothing.
import { macNumberToText } from './mac';
import { PackedGenerations } from './packed-generations';
import type { PackedTable } from './packed-table';

export interface LearnedFlow {
  readonly inPort: number;
  readonly ethSrc: string;
  readonly ethDst: string;
  readonly outPort: number;
}

const TWO_32 = 4294967296;

export class LearnedFlows {
  private readonly gens: PackedGenerations;

  constructor(maxFlows: number) {
    // key: in_port, src hi/lo, dst hi/lo; value: out port.
    this.gens = new PackedGenerations(5, 1, maxFlows);
  }

  get size(): number {
    return this.gens.size;
  }

  get evictions(): number {
    return this.gens.evictions;
  }

  private setKey(inPort: number, src: number, dst: number): void {
    this.gens.setKey(0, inPort >>> 0);
    this.gens.setKey(1, (src / TWO_32) >>> 0);
    this.gens.setKey(2, src >>> 0);
    this.gens.setKey(3, (dst / TWO_32) >>> 0);
    this.gens.setKey(4, dst >>> 0);
  }

  add(inPort: number, src: number, dst: number, outPort: number): void {
    this.setKey(inPort, src, dst);
    const slot = this.gens.upsert();
    this.gens.young.setValue(slot, 0, outPort >>> 0);
  }

  remove(inPort: number, src: number, dst: number): boolean {
    this.setKey(inPort, src, dst);
    const slot = this.gens.locate();
    if (slot < 0) return false;
    this.gens.locatedIn.delete(slot);
    return true;
  }

  /** Drops flows entering or leaving through a port; returns how many. */
  removeByPort(port: number): number {
    return this.gens.deleteWhere((t, s) => t.keyWord(s, 0) === port || t.value(s, 0) === port);
  }

  /** Drops flows towards a MAC (it moved to another port); returns how many. */
  removeByDestination(dst: number): number {
    const hi = (dst / TWO_32) >>> 0;
    const lo = dst >>> 0;
    return this.gens.deleteWhere((t, s) => t.keyWord(s, 3) === hi && t.keyWord(s, 4) === lo);
  }

  /** The remembered flows, built on demand (reconciliation only, never per packet). */
  *values(): IterableIterator<LearnedFlow> {
    for (const [t, s] of this.gens.entries()) yield flowAt(t, s);
  }
}

function flowAt(t: PackedTable, s: number): LearnedFlow {
  return {
    inPort: t.keyWord(s, 0),
    ethSrc: macNumberToText(t.keyWord(s, 1) * TWO_32 + t.keyWord(s, 2)),
    ethDst: macNumberToText(t.keyWord(s, 3) * TWO_32 + t.keyWord(s, 4)),
    outPort: t.value(s, 0),
  };
}
