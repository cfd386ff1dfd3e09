// Labels a level hands out to its local targets (servers), so that the level above can
// name the final server in a shortcut's label stack and this level's switches can pop
// the label and deliver. Allocated upward from a base in order of first sight and never
// reused within a process: a label in a live pin must keep meaning the same server.
import { isValidLabel, MAX_LABEL } from './path';

export class TargetLabels {
  private readonly byTarget = new Map<string, number>();
  private next: number;

  constructor(base: number | undefined) {
    this.next = base ?? -1;
  }

  get enabled(): boolean {
    return this.next >= 0;
  }

  /** The target's label: the configured one if given, else allocated; undefined when labels are off or exhausted. */
  labelOf(targetId: string, configured?: number): number | undefined {
    if (configured !== undefined && isValidLabel(configured)) return configured;
    const known = this.byTarget.get(targetId);
    if (known !== undefined || !this.enabled) return known;
    if (this.next > MAX_LABEL) return undefined;
    const label = this.next++;
    this.byTarget.set(targetId, label);
    return label;
  }

  /** Every allocated label (for /v1/levels and metrics). */
  entries(): IterableIterator<[string, number]> {
    return this.byTarget.entries();
  }
}
