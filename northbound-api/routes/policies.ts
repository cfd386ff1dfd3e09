// /v1/policies: the metric F and its parameters, the aggregation G and the table
// update interval, by name; services refer to them by name.
import type { RouteDef } from '../http/route-def';
import { policyCreateBody, policyReplaceBody, policyResponse } from '../schemas/policy';
import type { ApiPolicy } from '../services';
import { checkPolicy, policyReferrers } from '../state/semantic';
import { collectionRoutes } from './collection';
import type { RouteContext } from './context';

function fromBody(_policyName: string, body: Record<string, unknown>): ApiPolicy {
  // The schema closed the body to the fields of its type; the name and version are not stored inside.
  const { name: _name, version: _version, ...rest } = body;
  return rest as unknown as ApiPolicy;
}

export function policyRoutes(ctx: RouteContext): RouteDef[] {
  return collectionRoutes<ApiPolicy>(ctx, {
    path: '/v1/policies',
    key: 'name',
    noun: 'policy',
    tag: 'policies',
    select: (doc) => doc.policies,
    createBody: policyCreateBody,
    replaceBody: policyReplaceBody,
    response: policyResponse,
    fromBody,
    view: (name, v) => ({ name, ...v.value, version: v.version }),
    check: (draft, name, value) => checkPolicy(draft, name, value),
    referrers: policyReferrers,
  });
}
