// The learned flows the app still wants on one switch: its desired state for
// reconciliation. Bounded; a forgotten flow is left to its idle timeout on the switch.

export interface LearnedFlow {
  readonly inPort: number;
  readonly ethSrc: string;
  readonly ethDst: string;
  readonly outPort: number;
}

export function learnedFlowKey(inPort: number, ethSrc: string, ethDst: string): string {
  return `${inPort}|${ethSrc}|${ethDst}`;
}

export class LearnedFlows {
  private readonly flows = new Map<string, LearnedFlow>();
  evictions = 0;

  constructor(private readonly maxFlows: number) {}

  get size(): number {
    return this.flows.size;
  }

  add(flow: LearnedFlow): void {
    const key = learnedFlowKey(flow.inPort, flow.ethSrc, flow.ethDst);
    if (this.flows.delete(key) === false && this.flows.size >= this.maxFlows) {
      const oldest = this.flows.keys().next();
      if (!oldest.done) {
        this.flows.delete(oldest.value);
        this.evictions++;
      }
    }
    this.flows.set(key, flow);
  }

  remove(inPort: number, ethSrc: string, ethDst: string): boolean {
    return this.flows.delete(learnedFlowKey(inPort, ethSrc, ethDst));
  }

  /** Drops flows entering or leaving through a port; returns how many. */
  removeByPort(port: number): number {
    let n = 0;
    for (const [key, f] of this.flows) {
      if (f.inPort === port || f.outPort === port) {
        this.flows.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Drops flows towards a MAC (it moved to another port); returns how many. */
  removeByDestination(ethDst: string): number {
    let n = 0;
    for (const [key, f] of this.flows) {
      if (f.ethDst === ethDst) {
        this.flows.delete(key);
        n++;
      }
    }
    return n;
  }

  values(): IterableIterator<LearnedFlow> {
    return this.flows.values();
  }
}
