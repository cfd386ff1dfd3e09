// What the agent registration service tells the rest of the controller (the
// service-routing app consumes these). Calls are synchronous and must not throw;
// a sink that throws is logged and the service carries on.

export interface RegisteredAgent {
  serverId: string;
  /** Data-plane address, already checked against the configured one when given. */
  ip: string;
  mac: string;
  /** Canonical CIDRs the server announced (each one allowed for it). */
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
}

export interface AgentEventSink {
  /** A server said hello (also sent again when a live server re-registers). */
  registered(agent: RegisteredAgent): void;
  /** A report was accepted; `at` is the SLR clock (ms) when it arrived. */
  report(serverId: string, at: number, loads: SubnetLoadEvent[]): void;
  /** The server missed too many reports: stop sending it new connections. */
  expired(serverId: string): void;
  /** The server said goodbye. */
  deregistered(serverId: string): void;
}

/** Fans events out to several sinks (e.g. the decision engine and a metrics exporter). */
export function fanOutSink(...sinks: AgentEventSink[]): AgentEventSink {
  return {
    registered: (a) => sinks.forEach((s) => s.registered(a)),
    report: (id, at, loads) => sinks.forEach((s) => s.report(id, at, loads)),
    expired: (id) => sinks.forEach((s) => s.expired(id)),
    deregistered: (id) => sinks.forEach((s) => s.deregistered(id)),
  };
}
