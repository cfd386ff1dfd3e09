// Small catalogs shared by the service-routing tests.

import type { CatalogSpec, PolicySpec, ServiceSpec, TargetSpec } from '../../../level/types';

export function server(id: string, extra: Partial<TargetSpec> = {}): TargetSpec {
  return { id, kind: 'server', weight: 1, cost: 10, adminState: 'enabled', ...extra };
}

export function service(id: string, prefix: string, targets: string[], extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return { id, prefix, protocol: 'tcp', ports: [80], targets, policy: 'least', ...extra };
}

export function catalogSpec(
  targets: TargetSpec[],
  services: ServiceSpec[],
  policies: Record<string, PolicySpec> = { least: { type: 'least-load' } },
): CatalogSpec {
  return { targets, services, policies };
}

export function ip(s: string): number {
  const [a, b, c, d] = s.split('.').map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
