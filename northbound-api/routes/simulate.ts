// POST /v1/simulate: the target a new connection would get now and why, per candidate.
// Changes nothing; a read token is enough.
import type { RouteDef } from '../http/route-def';
import { errorResponseSchema } from '../schemas/common';
import { simulateBody, simulateResponse } from '../schemas/simulate';
import type { Protocol } from '../services';
import type { RouteContext } from './context';

interface SimulateBody {
  client: string;
  clientPort: number;
  vip: string;
  vipPort: number;
  protocol?: Protocol;
}

export function simulateRoutes(ctx: RouteContext): RouteDef[] {
  return [
    {
      method: 'POST', url: '/v1/simulate', tag: 'simulate', access: 'read', body: simulateBody,
      summary: 'which target a new connection would get now, and each candidate\'s load, cost and metric, at this level and every level below',
      responses: {
        200: { description: 'the decision and its reasons', schema: simulateResponse },
        400: { description: 'bad request', schema: errorResponseSchema },
        401: { description: 'no or unknown bearer token', schema: errorResponseSchema },
      },
      handler: async (req) => {
        const b = req.body as SimulateBody;
        const r = ctx.services.simulate({ protocol: b.protocol ?? 'tcp', client: b.client, clientPort: b.clientPort, vip: b.vip, vipPort: b.vipPort });
        const e = r.explanation;
        const levels = ctx.services.simulateAcross === undefined ? undefined : await ctx.services.simulateAcross({ protocol: b.protocol ?? 'tcp', client: b.client, clientPort: b.clientPort, vip: b.vip, vipPort: b.vipPort });
        const chosen = r.pinnedTarget ?? e?.chosen ?? null;
        const reason = r.serviceId === null ? 'not-a-vip' : r.pinnedTarget !== null ? 'pinned' : e?.reason ?? 'no-eligible-target';
        return {
          serviceId: r.serviceId,
          pinnedTarget: r.pinnedTarget,
          chosen,
          reason,
          policy: e?.policy ?? null,
          affinityRule: e?.affinityRule ?? null,
          panic: e?.panic ?? false,
          candidates: e?.candidates ?? [],
          ...(levels === undefined ? {} : { levels }),
        };
      },
    },
  ];
}
