// The VIP catalog in force, mutable at run time. Each change builds and validates a whole
// new catalog and swaps it in only when valid, so readers never see a half-applied edit.
// Pins are not touched: a change affects new connections only.

import { buildCatalog, type CompiledCatalog } from './catalog-build';
import type { Service } from './service';
import type { CatalogSpec, PolicySpec, ServiceSpec, TargetSpec } from '../types';

export class CatalogError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid service catalog: ${errors.join('; ')}`);
    this.name = 'CatalogError';
  }
}

export class ServiceCatalog {
  private current: CompiledCatalog;
  /** Bumped on every accepted change; the decision engine rebuilds its tables when it moves. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(spec: CatalogSpec) {
    this.current = ServiceCatalog.compile(spec);
  }

  private static compile(spec: CatalogSpec): CompiledCatalog {
    const result = buildCatalog(spec);
    if (!result.ok) throw new CatalogError(result.errors);
    return result.catalog;
  }

  get version(): number {
    return this.generation;
  }

  get compiled(): CompiledCatalog {
    return this.current;
  }

  /** Packet-in path: the service for a destination, or undefined. Allocation-free. */
  lookup(dstIp: number, protocol: number, dstPort: number): Service | undefined {
    return this.current.index.lookup(dstIp, protocol, dstPort);
  }

  /** Any service on this address (for answering ARP for VIPs). Allocation-free. */
  serviceAt(dstIp: number): Service | undefined {
    return this.current.index.serviceAt(dstIp);
  }

  service(id: string): Service | undefined {
    return this.current.servicesById.get(id);
  }

  target(id: string): TargetSpec | undefined {
    return this.current.targets.get(id);
  }

  services(): readonly Service[] {
    return this.current.services;
  }

  targets(): TargetSpec[] {
    return [...this.current.targets.values()];
  }

  spec(): CatalogSpec {
    return this.current.spec;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the whole catalog (config reload); throws CatalogError and keeps the old one if invalid. */
  replace(spec: CatalogSpec): void {
    this.current = ServiceCatalog.compile(spec);
    this.generation++;
    for (const l of this.listeners) l();
  }

  private edit(change: (spec: CatalogSpec) => CatalogSpec): void {
    this.replace(change(this.current.spec));
  }

  /** Adds or replaces a service by id. */
  putService(service: ServiceSpec): void {
    this.edit((s) => ({ ...s, services: [...s.services.filter((x) => x.id !== service.id), service] }));
  }

  /** Removes a service; returns false when there was none. */
  removeService(id: string): boolean {
    if (!this.current.servicesById.has(id)) return false;
    this.edit((s) => ({ ...s, services: s.services.filter((x) => x.id !== id) }));
    return true;
  }

  /** Adds or replaces a target by id (e.g. to change weight, cost or adminState). */
  putTarget(target: TargetSpec): void {
    this.edit((s) => ({ ...s, targets: [...s.targets.filter((x) => x.id !== target.id), target] }));
  }

  /**
   * Removes a target and takes it out of every service that listed it. Refused (with the
   * services named) when that would leave a service without targets.
   */
  removeTarget(id: string): boolean {
    if (!this.current.targets.has(id)) return false;
    this.edit((s) => ({
      ...s,
      targets: s.targets.filter((x) => x.id !== id),
      services: s.services.map((x) => (x.targets.includes(id) ? { ...x, targets: x.targets.filter((t) => t !== id) } : x)),
    }));
    return true;
  }

  setAdminState(id: string, adminState: TargetSpec['adminState']): void {
    const t = this.current.targets.get(id);
    if (t === undefined) throw new CatalogError([`unknown target "${id}"`]);
    this.putTarget({ ...t, adminState });
  }

  putPolicy(name: string, policy: PolicySpec): void {
    this.edit((s) => ({ ...s, policies: { ...s.policies, [name]: policy } }));
  }
}
