// One controller process over simulated switches, for unit tests: the process's apps
// (pipeline, the SLR apps, forwarding), each of its switches a PipelineSim holding the
// flows the apps want (as reconciliation would install them), and the controller's side
// of the loop: a packet the switch sends to the controller becomes a PACKET_IN for the
// apps (the app owning the flow that sent it first, then the rest in order, as
// controller/controller.ts dispatches), and what the apps send back reaches the switch
// (FLOW_MODs into its tables, packet-outs run through its actions).
import type { App, AppContext, Change, Clock } from '../../controller';
import { silentLogger } from '../../controller/logger';
import { MeterSpace } from '../../controller/meter-space';
import { packetInOf, PipelineSim, type PortOutput, type SimResult } from './pipeline-sim';
import type { SimPacket } from './sim-packet';
import type { PacketInEvent } from '../../controller';

/** An app context with no controller behind it: `apply` goes to `sink`, the rest is inert. */
export function simContext(name: string, clock: Clock, sink: (dpid: bigint, changes: Change[]) => void): AppContext {
  return {
    appId: 0,
    name,
    log: silentLogger(),
    clock,
    datapaths: { get: () => undefined, list: () => [] },
    meters: new MeterSpace(0),
    apply: (dpid, changes) => {
      sink(dpid, changes);
      return true;
    },
    barrier: async () => undefined,
    flowStats: async () => [],
    aggregateStats: async () => ({ packetCount: 0n, byteCount: 0n, flowCount: 0 }),
    multipart: async () => [],
    reconcile: async () => ({ dpidHex: '', actual: 0, kept: 0, added: 0, deleted: 0, foreign: 0, readBack: true }),
    reconcileSwitch: async () => ({ dpidHex: '', actual: 0, kept: 0, added: 0, deleted: 0, foreign: 0, readBack: true }),
  };
}

/** One packet's visit to a switch and its controller. */
export interface Exchange {
  /** What the switch's tables did with the packet itself. */
  readonly switch: SimResult;
  /** Each PACKET_IN it raised, with the app that took it (undefined: no app did). */
  readonly packetIns: Array<{ readonly event: PacketInEvent; readonly app?: string }>;
  /** Every port output: the switch's own and those of the packet-outs the controller answered with. */
  readonly outputs: PortOutput[];
}

export class SimController {
  readonly switches = new Map<bigint, PipelineSim>();
  /** Outputs of packet-outs the apps sent through their context (collected by send). */
  private sent: PortOutput[] = [];

  /** `apps` in packet-in precedence order. */
  constructor(readonly apps: readonly App[], dpids: Iterable<bigint>, readonly clock: Clock) {
    for (const dpid of dpids) this.switches.set(dpid, new PipelineSim());
  }

  start(): void {
    for (const app of this.apps) void app.start?.(simContext(app.name, this.clock, (dpid, changes) => this.deliver(dpid, changes, app.name)));
    this.sync();
  }

  /** The switch with this datapath id. */
  sim(dpid: bigint): PipelineSim {
    const s = this.switches.get(dpid);
    if (s === undefined) throw new Error(`switch ${dpid.toString(16)} is not driven by this controller`);
    return s;
  }

  /** Reconciliation: each switch (or one) holds exactly what the apps want now. */
  sync(dpid?: bigint): void {
    for (const d of dpid === undefined ? this.switches.keys() : [dpid]) {
      const sim = new PipelineSim();
      for (const app of this.apps) for (const f of app.desiredFlows?.(d) ?? []) sim.add({ ...f, app: app.name });
      this.switches.set(d, sim);
    }
  }

  /** A packet arriving at a switch, and the controller's answer to whatever it sends up. */
  send(dpid: bigint, packet: SimPacket): Exchange {
    const result = this.sim(dpid).run(packet);
    const outputs = [...result.outputs];
    const packetIns: Array<{ event: PacketInEvent; app?: string }> = [];
    for (const c of result.controller) {
      const event = packetInOf(dpid, c);
      const owner = this.apps.find((a) => a.name === c.app);
      let taken: string | undefined;
      for (const app of owner === undefined ? this.apps : [owner, ...this.apps.filter((a) => a !== owner)]) {
        const changes = app.onPacketIn?.(event);
        if (changes === undefined) continue;
        taken = app.name;
        this.deliver(dpid, changes, app.name);
        break;
      }
      packetIns.push({ event, app: taken });
      outputs.push(...this.sent);
      this.sent = [];
    }
    return { switch: result, packetIns, outputs };
  }

  private deliver(dpid: bigint, changes: readonly Change[], app: string): void {
    for (const r of this.sim(dpid).apply(changes, app)) this.sent.push(...r.outputs);
  }
}
