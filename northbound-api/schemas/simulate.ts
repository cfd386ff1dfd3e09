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

export const simulateResponse: JsonSchema = {
  type: 'object',
  properties: {
    serviceId: { type: ['string', 'null'] },
    pinnedTarget: { type: ['string', 'null'], description: 'this exact connection is pinned: it keeps that target' },
    chosen: { type: ['string', 'null'] },
    reason: { type: 'string' },
    policy: { type: ['string', 'null'] },
    affinityRule: { type: ['string', 'null'] },
    candidates: { type: 'array', items: candidate },
  },
};
