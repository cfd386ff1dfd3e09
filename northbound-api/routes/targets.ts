// /v1/targets: servers now, sites and ASes later, with weight, cost and admin state.
import type { RouteDef } from '../http/route-def';
import { targetCreateBody, targetPatchBody, targetReplaceBody, targetResponse } from '../schemas/target';
import type { TargetSpec } from '../services';
import { targetReferrers } from '../state/semantic';
import { collectionRoutes } from './collection';
import type { RouteContext } from './context';

const DEFAULTS = { kind: 'server', weight: 1, cost: 0, adminState: 'enabled' } as const;

function fromBody(id: string, body: Record<string, unknown>, base: TargetSpec | undefined): TargetSpec {
  const b = body as Partial<TargetSpec>;
  const start: TargetSpec = base ?? { id, ...DEFAULTS };
  const t: TargetSpec = {
    id,
    kind: b.kind ?? start.kind,
    weight: b.weight ?? start.weight,
    cost: b.cost ?? start.cost,
    adminState: b.adminState ?? start.adminState,
  };
  const attachment = b.attachment ?? start.attachment;
  if (attachment !== undefined) t.attachment = attachment;
  return t;
}

export function targetRoutes(ctx: RouteContext): RouteDef[] {
  return collectionRoutes<TargetSpec>(ctx, {
    path: '/v1/targets',
    key: 'id',
    noun: 'target',
    tag: 'targets',
    select: (doc) => doc.targets,
    createBody: targetCreateBody,
    replaceBody: targetReplaceBody,
    patchBody: targetPatchBody,
    response: targetResponse,
    fromBody,
    view: (id, v) => ({ ...v.value, version: v.version, pinnedConnections: ctx.services.pins.countForTarget(id) }),
    check: () => [],
    referrers: targetReferrers,
  });
}
