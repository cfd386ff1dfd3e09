// Turns registration events from the level below into catalog and load-table changes,
// whatever the registrants are (server agents at a site, site SLRs at a system SLR, ...):
// a hello adds the registrant as a target of the services it announces (with the
// address or label it gave), reports become load rows (a subnet left out of a report is
// withdrawn), measured round trips become part of the routing cost, and expiry or
// goodbye takes it out of new decisions at once. The shapes match
// peering/registration-sink.ts structurally, so this class is a RegistrationSink.

import type { ControllerStore, Logger } from '../controller';
import type { ServiceCatalog } from './catalog/catalog';
import type { DecisionEngine } from './decision/decision-engine';
import { formatPrefix, parsePrefix, prefixContains } from '../controller';
import type { TargetAttachment, TargetKind, TargetSpec } from './types';

export interface RegistrantHello {
  id: string;
  kind: TargetKind;
  ip?: string;
  mac?: string;
  label?: number;
  subnets: string[];
}

export interface RegistrantSubnetLoad {
  subnet: string;
  load: number;
  /** The service class the registrant advertises the subnet with (issue 12: classes travel up). */
  serviceClass?: string;
  /** The registrant fails its health check for the subnet (see SubnetLoad.unhealthy in the proto). */
  unhealthy?: boolean;
}

const MAX_CANONICAL_CACHE = 10_000;

export class RegistrationEvents {
  /** Announced subnet text -> canonical key, so reports do not re-parse every time. */
  private readonly canonical = new Map<string, string | null>();
  /** Subnets each registrant offered in its last report, to withdraw what it leaves out. */
  private readonly offered = new Map<string, Set<string>>();
  /** Per subnet, the class each target last reported it with. */
  private readonly reportedClasses = new Map<string, Map<string, string>>();
  /** Each live registrant's flow-advertisement key (from its session; never logged). */
  private readonly keys = new Map<string, Buffer>();

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

  registered(peer: RegistrantHello, secrets?: { advertisementKey: Buffer }): void {
    if (secrets !== undefined && secrets.advertisementKey.length > 0) this.keys.set(peer.id, secrets.advertisementKey);
    else this.keys.delete(peer.id);
    try {
      const known = this.catalog.target(peer.id);
      // Config keeps the operator's weight, cost, state and switch ports; the registrant
      // knows its own address (a server) or label (an SLR).
      const attachment: TargetAttachment = { ...(known?.attachment ?? {}) };
      if (peer.ip !== undefined) attachment.ip = peer.ip;
      if (peer.mac !== undefined) attachment.mac = peer.mac.toLowerCase();
      if (peer.label !== undefined) attachment.label = peer.label;
      const target: TargetSpec = {
        id: peer.id,
        kind: peer.kind,
        weight: known?.weight ?? 1,
        cost: known?.cost ?? 0,
        adminState: known?.adminState ?? 'enabled',
        attachment,
      };
      if (known === undefined || JSON.stringify(known.attachment ?? {}) !== JSON.stringify(attachment)) this.catalog.putTarget(target);
      const announced = peer.subnets.map((s) => parsePrefix(s)).filter((p): p is Exclude<typeof p, string> => typeof p !== 'string');
      for (const service of this.catalog.services()) {
        if (service.spec.targets.includes(peer.id)) continue;
        const covered = announced.some((p) => p.length <= service.prefix.length && prefixContains(p, service.prefix.base));
        if (covered) this.catalog.putService({ ...service.spec, targets: [...service.spec.targets, peer.id] });
      }
      this.engine.setTargetDown(peer.id, false);
    } catch (err) {
      this.log.warn({ id: peer.id, kind: peer.kind, err: err instanceof Error ? err.message : String(err) }, 'service routing: could not add registered target');
    }
  }

  report(id: string, at: number, loads: readonly RegistrantSubnetLoad[], rttMs?: number): void {
    const now = new Set<string>();
    for (const l of loads) {
      const subnet = this.canonicalSubnet(l.subnet);
      if (subnet === null || !Number.isFinite(l.load)) continue;
      now.add(subnet);
      this.store.reportLoad({ subnet, targetId: id, load: l.load, reportedAt: at });
      this.noteClass(subnet, id, l.serviceClass);
      this.noteHealth(subnet, id, l.unhealthy === true);
      this.engine.setWithdrawn(subnet, id, false);
    }
    // A report is the whole offer: a subnet it no longer names is one the registrant
    // cannot serve any more (its servers for it are down or drained).
    const before = this.offered.get(id);
    if (before !== undefined) {
      for (const subnet of before) {
        if (now.has(subnet)) continue;
        this.store.withdrawLoad(subnet, id);
        this.noteClass(subnet, id, undefined);
        this.noteHealth(subnet, id, false);
        this.engine.setWithdrawn(subnet, id, true);
        this.log.info({ id, subnet }, 'service routing: target withdrew a subnet');
      }
    }
    this.offered.set(id, now);
    if (rttMs !== undefined) this.engine.setMeasuredRtt(id, rttMs);
  }

  private noteHealth(subnet: string, id: string, unhealthy: boolean): void {
    if (unhealthy === this.engine.isUnhealthy(subnet, id)) return;
    this.engine.setUnhealthy(subnet, id, unhealthy);
    if (unhealthy) this.log.warn({ id, subnet }, 'service routing: target fails its health check: out of new decisions for the subnet (unless all are)');
    else this.log.info({ id, subnet }, 'service routing: target healthy again');
  }

  private noteClass(subnet: string, id: string, serviceClass: string | undefined): void {
    let byTarget = this.reportedClasses.get(subnet);
    if (serviceClass === undefined) {
      byTarget?.delete(id);
      if (byTarget?.size === 0) this.reportedClasses.delete(subnet);
      return;
    }
    if (byTarget === undefined) this.reportedClasses.set(subnet, (byTarget = new Map()));
    byTarget.set(id, serviceClass);
  }

  /**
   * The class the targets advertise a subnet with: the one most of them report (ties:
   * the first by name), or undefined when none reports one.
   */
  reportedClass(subnet: string): string | undefined {
    const byTarget = this.reportedClasses.get(subnet);
    if (byTarget === undefined) return undefined;
    const votes = new Map<string, number>();
    for (const c of byTarget.values()) votes.set(c, (votes.get(c) ?? 0) + 1);
    return [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  }

  expired(id: string): void {
    this.gone(id, 'expired');
  }

  deregistered(id: string): void {
    this.gone(id, 'deregistered');
  }

  advertisementKey(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  private gone(id: string, why: string): void {
    this.keys.delete(id);
    // Pins stay: connections already on the target end on their own.
    this.engine.setTargetDown(id, true);
    this.engine.clearHealth(id);
    this.store.removeTarget(id);
    this.offered.delete(id);
    for (const subnet of [...this.reportedClasses.keys()]) this.noteClass(subnet, id, undefined);
    this.log.info({ id, why }, 'service routing: target out of new decisions');
  }
}
