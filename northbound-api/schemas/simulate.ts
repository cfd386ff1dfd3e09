// POST /v1/simulate: which target a new connection would get now, and why.
import { closedObject, ipv4Schema, portSchema, protocolSchema, type JsonSchema } from './common';

export const simulateBody: JsonSchema = closedObject(
  {
    client: ipv4Schema,
    clientPort: { type: 'integer', minimum: 0, maximum: 65535 },
    vip: ipv4Schema,
    vipPort: portSchema,
    protocol: { ...protocolSchema, description: 'default "tcp"' },
  },
  ['client', 'clientPort', 'vip', 'vipPort'],
);

const candidate: JsonSchema = {
  type: 'object',
  properties: {
    targetId: { type: 'string' },
    adminState: { type: 'string' },
    eligible: { type: 'boolean' },
    healthy: { type: 'boolean', description: 'passes its health check for the subnet; an unhealthy target is eligible only while the service is in panic' },
    preferred: { type: ['boolean', 'null'] },
    reportedLoad: { type: ['number', 'null'] },
    reportedAt: { type: ['number', 'null'] },
    assignedSinceReport: { type: 'number' },
    estimatedLoad: { type: 'number' },
    cost: { type: 'number', description: 'routing cost in force: configured plus the measured round trip\'s share' },
    configuredCost: { type: 'number' },
    measuredRttMs: { type: ['number', 'null'], description: 'round trip to the target measured between the levels, ms' },
    weight: { type: 'number' },
    metric: { type: 'number', description: 'm_kj = F(load, cost, weight): the lowest eligible one wins' },
  },
};

const levelStep: JsonSchema = {
  type: 'object',
  properties: {
    level: { type: 'string', description: 'the level\'s id' },
    kind: { type: ['string', 'null'], enum: ['site', 'system', 'network', null] },
    serviceId: { type: ['string', 'null'] },
    pinnedTarget: { type: ['string', 'null'] },
    chosen: { type: ['string', 'null'], description: 'the pinned target, else what a decision would choose now' },
    reason: { type: 'string', description: 'the decision\'s reason, "pinned", "not-a-vip", or "unreachable" (the level could not be asked: see error)' },
    policy: { type: ['string', 'null'] },
    label: { type: ['integer', 'null'], description: 'the MPLS label the chosen target is reached by' },
    panic: { type: 'boolean', description: 'the service is in panic at this level: its usable targets all (or too many) fail their health checks, so all of them take connections' },
    candidates: { type: 'array', items: candidate },
    error: { type: 'string' },
  },
};

export const simulateResponse: JsonSchema = {
  type: 'object',
  properties: {
    serviceId: { type: ['string', 'null'] },
    pinnedTarget: { type: ['string', 'null'], description: 'this exact connection is pinned: it keeps that target' },
    chosen: { type: ['string', 'null'] },
    reason: { type: 'string' },
    policy: { type: ['string', 'null'] },
    affinityRule: { type: ['string', 'null'] },
    panic: { type: 'boolean', description: 'the service is in panic: its usable targets all (or too many) fail their health checks, so all of them take connections' },
    candidates: { type: 'array', items: candidate },
    levels: {
      type: 'array',
      items: levelStep,
      description: 'the decision at every level from this one down (this level, then the level its choice leads to, down to the server), asked of the levels below over their registration link',
    },
  },
};
