// Pin mirror operations waiting to reach Redis, ordered per key. A claim followed by the
// release of the same value cancels out (a short connection never costs a round trip),
// and failed batches go back in front of newer operations, so each key's history
// reaches Redis in the order it happened.

export interface PinOp {
  kind: 'claim' | 'release';
  key: string;
  value: string;
}

export class PinOpQueue {
  private readonly byKey = new Map<string, PinOp[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(op: PinOp): void {
    const list = this.byKey.get(op.key);
    if (list === undefined) {
      this.byKey.set(op.key, [op]);
      this.count++;
      return;
    }
    const last = list[list.length - 1];
    if (op.kind === 'release' && last.kind === 'claim' && last.value === op.value) {
      list.pop();
      this.count--;
      if (list.length === 0) this.byKey.delete(op.key);
      return;
    }
    list.push(op);
    this.count++;
  }

  /** Takes whole per-key histories, oldest keys first, until at least max ops or empty. */
  drain(max: number): PinOp[] {
    const out: PinOp[] = [];
    for (const [key, list] of this.byKey) {
      if (out.length >= max) break;
      out.push(...list);
      this.count -= list.length;
      this.byKey.delete(key);
    }
    return out;
  }

  /** Puts ops that failed to reach Redis back before anything queued since. */
  requeueFront(ops: readonly PinOp[]): void {
    const grouped = new Map<string, PinOp[]>();
    for (const op of ops) {
      const g = grouped.get(op.key);
      if (g === undefined) grouped.set(op.key, [op]);
      else g.push(op);
    }
    for (const [key, older] of grouped) {
      const newer = this.byKey.get(key) ?? [];
      this.count -= newer.length;
      this.byKey.delete(key);
      for (const op of [...older, ...newer]) this.push(op);
    }
  }
}
