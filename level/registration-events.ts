// Turns the server agents' registration events into catalog and load-table changes:
// a hello adds the server as a target of the services it announces, reports become
// load rows, and expiry or goodbye takes it out of new decisions at once. The shapes
// match peering/agent-events.ts structurally, so this class is an AgentEventSink.

import type { ControllerStore } from '../controller/store/types';
import type { Logger } from '../controller/logger';
import type { ServiceCatalog } from './catalog/catalog';
import type { DecisionEngine } from './decision/decision-engine';
import { formatPrefix, parsePrefix, prefixContains } from './ipv4-prefix';
import type { TargetSpec } from './types';

export interface AgentHello {
  serverId: string;
  ip: string;
  mac: string;
  subnets: string[];
}

export interface AgentSubnetLoad {
  subnet: string;
  load: number;
}

const MAX_CANONICAL_CACHE = 10_000;

export class RegistrationEvents {
  /** Announced subnet text -> canonical key, so reports do not re-parse every time. */
  private readonly canonical = new Map<string, string | null>();

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly engine: DecisionEngine,
    private readonly store: ControllerStore,
    private readonly log: Logger,
  ) {}

  private canonicalSubnet(text: string): string | null {
    let c = this.canonical.get(text);
    if (c === undefined) {
      const p = parsePrefix(text);
      c = typeof p === 'string' ? null : formatPrefix(p);
      if (this.canonical.size < MAX_CANONICAL_CACHE) this.canonical.set(text, c);
    }
    return c;
  }

  registered(agent: AgentHello): void {
    try {
      const known = this.catalog.target(agent.serverId);
      // Config keeps the operator's weight, cost, state and switch port; the agent knows its addresses.
      const target: TargetSpec = {
        id: agent.serverId,
        kind: 'server',
        weight: known?.weight ?? 1,
        cost: known?.cost ?? 0,
        adminState: known?.adminState ?? 'enabled',
        attachment: { ip: agent.ip, mac: agent.mac.toLowerCase(), port: known?.attachment?.port },
      };
      if (target.attachment?.port === undefined) delete target.attachment?.port;
      if (known === undefined || JSON.stringify(known.attachment) !== JSON.stringify(target.attachment)) this.catalog.putTarget(target);
      const announced = agent.subnets.map((s) => parsePrefix(s)).filter((p): p is Exclude<typeof p, string> => typeof p !== 'string');
      for (const service of this.catalog.services()) {
        if (service.spec.targets.includes(agent.serverId)) continue;
        const covered = announced.some((p) => p.length <= service.prefix.length && prefixContains(p, service.prefix.base));
        if (covered) this.catalog.putService({ ...service.spec, targets: [...service.spec.targets, agent.serverId] });
      }
      this.engine.setTargetDown(agent.serverId, false);
    } catch (err) {
      this.log.warn({ serverId: agent.serverId, err: err instanceof Error ? err.message : String(err) }, 'service routing: could not add registered server');
    }
  }

  report(serverId: string, at: number, loads: readonly AgentSubnetLoad[]): void {
    for (const l of loads) {
      const subnet = this.canonicalSubnet(l.subnet);
      if (subnet === null || !Number.isFinite(l.load)) continue;
      this.store.reportLoad({ subnet, targetId: serverId, load: l.load, reportedAt: at });
    }
  }

  expired(serverId: string): void {
    this.gone(serverId, 'expired');
  }

  deregistered(serverId: string): void {
    this.gone(serverId, 'deregistered');
  }

  private gone(serverId: string, why: string): void {
    // Pins stay: connections already on the server end on their own.
    this.engine.setTargetDown(serverId, true);
    this.store.removeTarget(serverId);
    this.log.info({ serverId, why }, 'service routing: server out of new decisions');
  }
}
