// Maps values (target ids, datapath ids) to small integers so pins can hold them in
// typed arrays. Handles are never reused: a removed target's pins keep resolving.

export class Interner<T> {
  private readonly toHandle = new Map<T, number>();
  private readonly values: T[] = [];

  intern(value: T): number {
    let h = this.toHandle.get(value);
    if (h === undefined) {
      h = this.values.length;
      this.values.push(value);
      this.toHandle.set(value, h);
    }
    return h;
  }

  /** The handle of a value already interned, or -1. */
  handleOf(value: T): number {
    return this.toHandle.get(value) ?? -1;
  }

  valueOf(handle: number): T {
    if (handle < 0 || handle >= this.values.length) throw new RangeError(`unknown handle ${handle}`);
    return this.values[handle];
  }

  get size(): number {
    return this.values.length;
  }
}
