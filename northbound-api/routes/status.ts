// Read-only views of the running controller: switches, SLR levels and peers, health.
import { ApiError } from '../errors';
import type { RouteDef } from '../http/route-def';
import { closedObject, errorResponseSchema, type JsonSchema } from '../schemas/common';
import type { RouteContext } from './context';

const list = (items: JsonSchema): JsonSchema => closedObject({ items: { type: 'array', items } }, ['items']);
const unauthorized = { 401: { description: 'no or unknown bearer token', schema: errorResponseSchema } };

const switchSchema: JsonSchema = {
  type: 'object',
  properties: {
    dpid: { type: 'string' },
    up: { type: 'boolean' },
    remote: { type: 'string' },
    nTables: { type: 'integer' },
    ports: { type: 'array', items: { type: 'object', properties: { portNo: { type: 'integer' }, name: { type: 'string' }, hwAddr: { type: 'string' }, up: { type: 'boolean' }, currSpeedKbps: { type: 'integer' } } } },
  },
};
const levelSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    targetKind: { type: 'string', enum: ['server', 'site', 'as'] },
    services: { type: 'integer' },
    targets: { type: 'integer' },
    subnets: { type: 'array', items: { type: 'object', properties: { subnet: { type: 'string' }, aggregation: { type: 'string' }, load: { type: ['number', 'null'] }, serviceClass: { type: ['string', 'null'] } } } },
    id: { type: 'string', description: 'the level\'s id (its certificate name toward the level above)' },
    chooses: { type: 'string', description: 'what it chooses among: servers, host sites or autonomous systems' },
    ownLabel: { type: ['integer', 'null'], description: 'the MPLS label the level above reaches this level by' },
    members: {
      type: 'array',
      description: 'its targets: servers, sites or ASes, with what the level knows of each',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: 'string', enum: ['server', 'site', 'as'] },
          adminState: { type: 'string' },
          weight: { type: 'number' },
          cost: { type: 'number', description: 'configured routing cost r_j' },
          measuredRttMs: { type: ['number', 'null'], description: 'round trip measured by the active probe between the levels' },
          label: { type: ['integer', 'null'], description: 'the MPLS label the target is reached by (null: by MAC)' },
          loads: { type: 'object', additionalProperties: { type: 'number' }, description: 'reported (or, for a lower level, aggregated) load per virtual subnet' },
          pins: { type: 'integer', description: 'connections pinned to it at this level' },
        },
      },
    },
  },
};
const peerSchema: JsonSchema = { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, address: { type: 'string' }, state: { type: 'string' } } };
const healthSchema: JsonSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'], description: 'degraded when problems is not empty' },
    version: { type: 'string', description: 'the slr build answering' },
    uptimeSeconds: { type: 'number' },
    store: { type: 'object', properties: { kind: { type: 'string', enum: ['memory', 'redis'] }, connected: { type: 'boolean' } } },
    switches: {
      type: 'object',
      properties: {
        connected: { type: 'integer' },
        known: { type: 'integer' },
        ingress: { type: 'array', description: 'the configured ingress switches', items: { type: 'object', properties: { dpid: { type: 'string' }, connected: { type: 'boolean' } } } },
      },
    },
    services: { type: 'object', properties: { total: { type: 'integer' }, withoutEligibleTarget: { type: 'array', items: { type: 'string' } } } },
    pins: { type: 'integer' },
    problems: {
      type: 'array',
      description: 'one entry per cause of degradation: an ingress switch not connected, the store unreachable, a service with no eligible target',
      items: {
        type: 'object',
        properties: { component: { type: 'string', enum: ['switch', 'store', 'service'] }, id: { type: 'string' }, message: { type: 'string' } },
      },
    },
    stateGeneration: { type: 'integer' },
  },
};

/** For the OpenAPI document's components/schemas. */
export const statusSchemas = { switch: switchSchema, level: levelSchema, peer: peerSchema, health: healthSchema };

export function statusRoutes(ctx: RouteContext): RouteDef[] {
  const s = ctx.services;
  return [
    {
      method: 'GET', url: '/v1/switches', tag: 'switches', access: 'read', summary: 'switches known to the controller, up or down',
      responses: { 200: { description: 'switches', schema: list(switchSchema) }, ...unauthorized },
      handler: async () => ({ items: s.switches.list() }),
    },
    {
      method: 'GET', url: '/v1/switches/:dpid', tag: 'switches', access: 'read', summary: 'one switch by datapath id',
      params: closedObject({ dpid: { type: 'string', pattern: '^(0x)?[0-9A-Fa-f:]{1,23}$' } }, ['dpid']),
      responses: { 200: { description: 'the switch', schema: switchSchema }, ...unauthorized, 404: { description: 'unknown dpid', schema: errorResponseSchema } },
      handler: async (req) => {
        const { dpid } = req.params as { dpid: string };
        const sw = s.switches.get(dpid);
        if (sw === undefined) throw new ApiError('NOT_FOUND', `no switch ${dpid}`);
        return sw;
      },
    },
    {
      method: 'GET', url: '/v1/levels', tag: 'levels', access: 'read', summary: 'SLR levels run here, with the load figure each advertises per subnet and their targets (loads, costs, labels, pins)',
      responses: { 200: { description: 'levels', schema: list(levelSchema) }, ...unauthorized },
      handler: async () => ({ items: s.levels.list() }),
    },
    {
      method: 'GET', url: '/v1/peers', tag: 'levels', access: 'read', summary: 'neighbouring SLRs and registered agents',
      responses: { 200: { description: 'peers', schema: list(peerSchema) }, ...unauthorized },
      handler: async () => ({ items: s.levels.peers() }),
    },
    {
      method: 'GET', url: '/v1/health', tag: 'health', access: 'public', summary: 'ok or degraded, and why: ingress switches, store, services without an eligible target (no token needed)',
      responses: { 200: { description: 'health', schema: healthSchema } },
      handler: async () => ({ ...s.health(), stateGeneration: ctx.repo.current.generation }),
    },
  ];
}
