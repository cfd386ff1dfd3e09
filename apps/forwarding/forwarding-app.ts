// The L2 learning switch as an slr app: keeps a bounded MAC table and the learned
// flows it wants per switch, and returns the changes its pure decisions produce.
import { type App, type AppContext, type Changes, type Clock, type FlowRemovedEvent, type FlowSpec, type PacketInEvent, type PortStatusEvent, systemClock, WELL_KNOWN_APP_IDS } from '../../controller';
import type { ForwardingConfig } from './config';
import { decideFlowRemoved, decidePacketIn, decidePortGone, newSwitchState, type SwitchState } from './decide';
import { LEARNED_COOKIE, learnedFlowSpec, tableMissFlow } from './flows';

export class ForwardingApp implements App {
  readonly name = 'forwarding';
  readonly appId = WELL_KNOWN_APP_IDS.forwarding;
  private readonly switches = new Map<bigint, SwitchState>();
  private clock: Clock;

  constructor(
    private readonly cfg: ForwardingConfig,
    clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  start(ctx: AppContext): void {
    this.clock = ctx.clock;
  }

  /** Per-switch state, created on first use; kept across reconnects (flows survive in fail-secure mode). */
  stateOf(dpid: bigint): SwitchState {
    let s = this.switches.get(dpid);
    if (!s) {
      s = newSwitchState(this.cfg);
      this.switches.set(dpid, s);
    }
    return s;
  }

  *desiredFlows(dpid: bigint): Iterable<FlowSpec> {
    yield tableMissFlow();
    const s = this.switches.get(dpid);
    if (!s) return;
    for (const f of s.flows.values()) yield learnedFlowSpec(this.cfg, f);
  }

  onPacketIn(ev: PacketInEvent): Changes {
    return decidePacketIn(this.stateOf(ev.dpid), this.cfg, ev.inPort, ev.data, this.clock.now(), ev.bufferId);
  }

  onPortStatus(ev: PortStatusEvent): Changes {
    if (ev.up) return undefined;
    return decidePortGone(this.stateOf(ev.dpid), ev.port.portNo);
  }

  onFlowRemoved(ev: FlowRemovedEvent): Changes {
    if (ev.cookie === LEARNED_COOKIE) decideFlowRemoved(this.stateOf(ev.dpid), ev.match);
    return undefined;
  }
}
