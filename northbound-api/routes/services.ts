// /v1/services: VIPs (a single address) and virtual subnets.
import { ApiError } from '../errors';
import type { RouteDef } from '../http/route-def';
import { serviceCreateBody, serviceReplaceBody, serviceResponse } from '../schemas/service';
import type { ServiceSpec } from '../services';
import { checkService } from '../state/semantic';
import { collectionRoutes } from './collection';
import type { RouteContext } from './context';

function fromBody(id: string, body: Record<string, unknown>): ServiceSpec {
  const b = body as unknown as ServiceSpec;
  // "kind" is read-only (derived from the prefix): accepted back only when it still agrees.
  if (body.kind !== undefined && body.kind !== kindOf(b.prefix)) {
    throw new ApiError('VALIDATION_FAILED', `kind "${String(body.kind)}" does not match prefix ${b.prefix}`, [
      { field: '/kind', in: 'body', reason: `is read-only: ${b.prefix} makes it "${kindOf(b.prefix)}"` },
    ]);
  }
  return { id, prefix: b.prefix, protocol: b.protocol, ports: b.ports ?? [], targets: b.targets, policy: b.policy };
}

function kindOf(prefix: string): 'vip' | 'subnet' {
  return !prefix.includes('/') || prefix.endsWith('/32') ? 'vip' : 'subnet';
}

export function serviceRoutes(ctx: RouteContext): RouteDef[] {
  return collectionRoutes<ServiceSpec>(ctx, {
    path: '/v1/services',
    key: 'id',
    noun: 'service',
    tag: 'services',
    select: (doc) => doc.services,
    createBody: serviceCreateBody,
    replaceBody: serviceReplaceBody,
    response: serviceResponse,
    fromBody,
    view: (_id, v) => ({ ...v.value, kind: kindOf(v.value.prefix), version: v.version }),
    check: (draft, _id, value) => checkService(draft, value),
    // Nothing refers to a service: pins keep their targets when it goes.
    referrers: () => [],
  });
}
