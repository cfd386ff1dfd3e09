// GET /v1/services/{id}/usage: accounting per service and per target.
import { closedObject, idSchema, type JsonSchema } from './common';

const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });
const counts = (description: string): JsonSchema => closedObject({
  bytes: count('Ethernet frame bytes, as the switches count them'),
  packets: count('packets'),
}, ['bytes', 'packets'], { description });

const usageFields: Record<string, JsonSchema> = {
  toService: counts('client -> VIP: the pinned flows, ended ones included (their FLOW_REMOVED counters)'),
  fromService: counts('VIP -> client: the servers\' direct replies, counted at the site edge'),
  bytes: count('toService.bytes + fromService.bytes'),
  packets: count('toService.packets + fromService.packets'),
  connections: count('connections (pinned flows: one per TCP connection or UDP 5-tuple) ever counted, ended ones included'),
  activeConnections: count('pinned flows live in the switches at the last poll'),
};
const usageRequired = ['toService', 'fromService', 'bytes', 'packets', 'connections', 'activeConnections'];

export const targetUsageSchema: JsonSchema = closedObject({ target: idSchema, ...usageFields }, ['target', ...usageRequired]);

export const serviceUsageResponse: JsonSchema = closedObject({
  service: idSchema,
  level: { type: 'string', description: 'the SLR level whose switches counted it' },
  accounting: closedObject({
    enabled: { type: 'boolean' },
    pollIntervalMs: { type: 'integer', description: 'statistics poll period; live flows count as of the last poll' },
    lastPollAt: { type: ['string', 'null'], description: 'when the last poll finished (ISO 8601), null before the first' },
  }, ['enabled', 'pollIntervalMs', 'lastPollAt']),
  ...usageFields,
  targets: { type: 'array', items: targetUsageSchema, description: 'one row per target that serves or served the service' },
}, ['service', 'level', 'accounting', ...usageRequired, 'targets']);
