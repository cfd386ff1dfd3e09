// /v1/qos: bandwidth shares and rate limits per service (the qos app, apps/qos). Present
// only when the config has a qos section. A change is checked whole before anything
// moves: a share above 100%, a negative rate (schema, 400) or a class or link that does
// not exist (422) names its field, and the shares in force stay as they were.
import { QosChangeError, SERVICE_QOS_PROPERTIES, type ServiceQos } from '../../apps/qos';
import { ApiError } from '../errors';
import type { RouteDef } from '../http/route-def';
import { closedObject, errorResponseSchema, idParams, type JsonSchema } from '../schemas/common';
import type { RouteContext } from './context';

const serviceQosBody: JsonSchema = closedObject(SERVICE_QOS_PROPERTIES);

const effectiveShare: JsonSchema = closedObject({
  serviceId: { type: 'string' },
  link: { type: 'string' },
  class: { type: ['string', 'null'] },
  requestedPercent: { type: ['number', 'null'], description: 'share asked for (own or the class\'s), percent' },
  grantedPercent: { type: ['number', 'null'], description: 'share granted after higher classes took theirs, percent' },
  rateKbps: { type: 'number', description: 'the meter rate: min(granted share of the link, rate limit)' },
  directions: { type: 'string', enum: ['both', 'to-vip', 'from-vip'] },
});

const errors = {
  400: { description: 'a field is malformed or out of range (named in problems)', schema: errorResponseSchema },
  401: { description: 'no or unknown bearer token', schema: errorResponseSchema },
};

function refused(err: unknown): never {
  if (err instanceof QosChangeError) {
    if (err.kind === 'not-found') throw new ApiError('NOT_FOUND', err.message, err.problems.map((p) => ({ field: p.field, in: 'params', reason: p.reason })));
    throw new ApiError('INVALID_CHANGE', err.message, err.problems.map((p) => ({ field: p.field || '/', in: 'body', reason: p.reason })));
  }
  throw err;
}

export function qosRoutes(ctx: RouteContext): RouteDef[] {
  const port = (): NonNullable<RouteContext['services']['qos']> => {
    const q = ctx.services.qos;
    if (!q) throw new ApiError('NOT_FOUND', 'this controller has no qos section', [{ field: '', in: 'state', reason: 'qos is not configured' }]);
    return q;
  };
  return [
    {
      method: 'GET', url: '/v1/qos', tag: 'qos', access: 'read',
      summary: 'links, classes, each service\'s QoS as configured and the share and rate it gets; audit counters',
      responses: { 200: { description: 'the QoS state' }, ...errors },
      handler: async () => {
        const q = port();
        return { ...q.state(), shares: q.shares(), counters: q.counters() };
      },
    },
    {
      method: 'PUT', url: '/v1/qos/services/:id', tag: 'qos', access: 'write', params: idParams, body: serviceQosBody,
      summary: 'sets a service\'s share and/or rate limit and class (the whole entry); in force on the link switch at once',
      responses: {
        200: { description: 'the share and rate the service now gets', schema: effectiveShare },
        ...errors,
        404: { description: 'no such service', schema: errorResponseSchema },
        422: { description: 'a class or link that does not exist, or a class the service\'s targets are not allowed', schema: errorResponseSchema },
      },
      handler: async (req) => {
        const { id } = req.params as { id: string };
        try {
          return port().setService(id, req.body as ServiceQos);
        } catch (err) {
          refused(err);
        }
      },
    },
    {
      method: 'DELETE', url: '/v1/qos/services/:id', tag: 'qos', access: 'write', params: idParams,
      summary: 'removes a service\'s share and rate limit (its meters and metering flows go)',
      responses: { 204: { description: 'removed' }, ...errors, 404: { description: 'the service has no QoS', schema: errorResponseSchema } },
      handler: async (req, reply) => {
        const { id } = req.params as { id: string };
        if (!port().deleteService(id)) throw new ApiError('NOT_FOUND', `service "${id}" has no QoS`, [{ field: '/id', in: 'params', reason: 'no QoS set for it' }]);
        return reply.code(204).send();
      },
    },
  ];
}
