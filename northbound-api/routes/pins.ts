// /v1/pins: pinned connections. Listing filters by VIP prefix, client prefix and
// target; one pin is addressed by its 5-tuple. Deleting a pin does not cut the
// connection: it only stops the controller from re-pinning it to the same target.
import type { FastifyRequest } from 'fastify';
import { parsePrefix } from '../../controller/net';
import { ApiError } from '../errors';
import type { RouteDef } from '../http/route-def';
import { closedObject, errorResponseSchema } from '../schemas/common';
import { pinListQuery, pinParams, pinResponse } from '../schemas/pin';
import type { ConnectionKey, Protocol } from '../services';
import type { RouteContext } from './context';

export const DEFAULT_PIN_LIMIT = 1000;

function splitEndpoint(text: string, field: string): { ip: string; port: number } {
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (port > 65535) throw new ApiError('VALIDATION_FAILED', `${field}: port out of range`, [{ field: `/${field}`, in: 'params', reason: 'port must be 0..65535' }]);
  return { ip: text.slice(0, colon), port };
}

function keyOf(req: FastifyRequest): ConnectionKey {
  const p = req.params as { protocol: Protocol; client: string; vip: string };
  const client = splitEndpoint(p.client, 'client');
  const vip = splitEndpoint(p.vip, 'vip');
  return { protocol: p.protocol, client: client.ip, clientPort: client.port, vip: vip.ip, vipPort: vip.port };
}

const err = (description: string) => ({ description, schema: errorResponseSchema });

export function pinRoutes(ctx: RouteContext): RouteDef[] {
  const one = '/v1/pins/:protocol/:client/:vip';
  return [
    {
      method: 'GET', url: '/v1/pins', tag: 'pins', access: 'read', querystring: pinListQuery,
      summary: 'list pinned connections (filters: vip, client, target, limit)',
      responses: {
        200: { description: 'pins, at most limit of them', schema: closedObject({ items: { type: 'array', items: pinResponse }, total: { type: 'integer' }, truncated: { type: 'boolean' } }, ['items', 'total', 'truncated']) },
        400: err('bad filter'),
        401: err('no or unknown bearer token'),
      },
      handler: async (req) => {
        const q = req.query as { vip?: string; client?: string; target?: string; limit?: string };
        for (const field of ['vip', 'client'] as const) {
          const text = q[field];
          const parsed = text === undefined ? undefined : parsePrefix(text);
          if (typeof parsed === 'string') throw new ApiError('VALIDATION_FAILED', `query ${field}: ${parsed}`, [{ field: `/${field}`, in: 'query', reason: parsed }]);
        }
        const limit = q.limit === undefined ? DEFAULT_PIN_LIMIT : Number(q.limit);
        // One more than asked tells whether the list was cut.
        const items = ctx.services.pins.list({ vip: q.vip, client: q.client, target: q.target, limit: limit + 1 });
        const truncated = items.length > limit;
        return { items: truncated ? items.slice(0, limit) : items, total: ctx.services.pins.count(), truncated };
      },
    },
    {
      method: 'GET', url: one, tag: 'pins', access: 'read', params: pinParams,
      summary: 'get the pin of one connection, e.g. /v1/pins/tcp/10.0.0.1:4242/10.0.0.100:80',
      responses: { 200: { description: 'the pin', schema: pinResponse }, 401: err('no or unknown bearer token'), 404: err('not pinned') },
      handler: async (req) => {
        const key = keyOf(req);
        const pin = ctx.services.pins.get(key);
        if (pin === undefined) throw new ApiError('NOT_FOUND', `connection ${key.protocol} ${key.client}:${key.clientPort} -> ${key.vip}:${key.vipPort} is not pinned`);
        return pin;
      },
    },
    {
      method: 'DELETE', url: one, tag: 'pins', access: 'write', params: pinParams,
      summary: 'forget one pin (the connection is not cut; it is no longer re-pinned)',
      responses: { 204: { description: 'forgotten' }, 401: err('no or unknown bearer token'), 403: err('read-only token'), 404: err('not pinned') },
      handler: async (req, reply) => {
        const key = keyOf(req);
        if (!ctx.services.pins.delete(key)) throw new ApiError('NOT_FOUND', `connection ${key.protocol} ${key.client}:${key.clientPort} -> ${key.vip}:${key.vipPort} is not pinned`);
        return reply.code(204).send();
      },
    },
  ];
}
