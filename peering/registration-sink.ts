// What the registration service tells the level it serves (level/registration-events.ts
// consumes these). Calls are synchronous and must not throw, except shortcut, which may
// need the level above and so answers later; a sink that throws is logged and the
// service carries on.
import type { FiveTuple } from '../controller/net';
import type { TargetKindName } from './directory';

export interface RegisteredPeer {
  id: string;
  kind: TargetKindName;
  /** A server's data-plane address, already checked against the configured one when given. */
  ip?: string;
  mac?: string;
  /** An SLR's own MPLS label (its ingress switches pop it). */
  label?: number;
  /** Canonical CIDRs the registrant announced (each one allowed for it). */
  subnets: string[];
  /** Service ports per subnet, as announced. */
  ports: Record<string, number[]>;
}

export interface SubnetLoadEvent {
  subnet: string;
  /** Load index, 0 = idle, 1 = full (see agent/load-index.ts). */
  load: number;
  connections: number;
  cpu: number;
  /** The service class the subnet is advertised with; absent when none. */
  serviceClass?: string;
  /** The target failed its health check for the subnet (see SubnetLoad.unhealthy); absent when healthy. */
  unhealthy?: boolean;
}


export interface ShortcutOutcome {
  applied: boolean;
  detail: string;
  /** The registrant may not move this connection (not pinned here to it): refused, not just declined. */
  refused?: boolean;
}

/** What only the registrant and this level know about a session (never logged or listed). */
export interface SessionSecrets {
  /** Authenticates the registrant's flow advertisements (HelloReply.advertisement_key). */
  advertisementKey: Buffer;
}

export interface RegistrationSink {
  /** A registrant said hello (also sent again when a live one re-registers). */
  registered(peer: RegisteredPeer, secrets?: SessionSecrets): void;
  /**
   * A report was accepted; `at` is the SLR clock (ms) when it arrived. The loads are the
   * registrant's whole offer: announced subnets left out are withdrawn. rttMs is the
   * round trip the registrant measured for its previous report (undefined: none yet).
   */
  report(id: string, at: number, loads: SubnetLoadEvent[], rttMs: number | undefined): void;
  /** The registrant missed too many reports: stop sending it new connections. */
  expired(id: string): void;
  /** The registrant said goodbye. */
  deregistered(id: string): void;
  /** A lower SLR says where a connection it got from this level ended up (the label stack below it). */
  shortcut?(id: string, flow: FiveTuple, labels: number[]): Promise<ShortcutOutcome>;
  /** A lower SLR hands back a connection it has no target for (see Release in the proto). */
  release?(id: string, flow: FiveTuple, reason: string): ReleaseOutcome;
}

export interface ReleaseOutcome {
  released: boolean;
  detail: string;
  /** The registrant may not release this connection (not pinned here to it). */
  refused?: boolean;
}

/** Fans events out to several sinks (e.g. the decision engine and a metrics exporter); the first sink answers shortcuts. */
export function fanOutSink(...sinks: RegistrationSink[]): RegistrationSink {
  return {
    registered: (a, secrets) => sinks.forEach((s) => s.registered(a, secrets)),
    report: (id, at, loads, rtt) => sinks.forEach((s) => s.report(id, at, loads, rtt)),
    expired: (id) => sinks.forEach((s) => s.expired(id)),
    deregistered: (id) => sinks.forEach((s) => s.deregistered(id)),
    shortcut: sinks[0]?.shortcut?.bind(sinks[0]),
    release: sinks[0]?.release?.bind(sinks[0]),
  };
}
