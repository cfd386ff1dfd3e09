// /v1/services/{id}/usage: bytes, packets and connections of a service, per target
// (accounting from flow statistics; see apps/flow-pinning/usage-ledger.ts).
import { ApiError } from '../errors';
import type { RouteDef } from '../http/route-def';
import { errorResponseSchema, idParams } from '../schemas/common';
import { serviceUsageResponse } from '../schemas/usage';
import type { RouteContext } from './context';

export function usageRoutes(ctx: RouteContext): RouteDef[] {
  return [{
    method: 'GET', url: '/v1/services/:id/usage', tag: 'services', access: 'read', params: idParams,
    summary: 'usage of one service: bytes, packets and connections, in total and per target',
    responses: {
      200: { description: 'the usage', schema: serviceUsageResponse },
      401: { description: 'no or unknown bearer token', schema: errorResponseSchema },
      404: { description: 'no such service, or this process does not count usage', schema: errorResponseSchema },
    },
    handler: async (req) => {
      const { id } = req.params as { id: string };
      const usage = ctx.services.usage?.(id);
      if (usage === undefined) throw new ApiError('NOT_FOUND', `service "${id}" has no usage here (unknown service, or accounting is not running in this process)`);
      return usage;
    },
  }];
}
