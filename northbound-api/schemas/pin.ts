// Pinned connections are addressed by their 5-tuple: /v1/pins/{protocol}/{client}/{vip}
// with client and vip as "a.b.c.d:port".
import { closedObject, endpointSchema, idSchema, ipv4Schema, prefixSchema, protocolSchema, type JsonSchema } from './common';

export const pinParams: JsonSchema = closedObject({ protocol: protocolSchema, client: endpointSchema, vip: endpointSchema }, ['protocol', 'client', 'vip']);

/** Query values are strings (no coercion): limit is checked by pattern, then parsed. */
export const pinListQuery: JsonSchema = closedObject({
  vip: { ...prefixSchema, description: 'only pins whose VIP falls in this prefix' },
  client: { ...prefixSchema, description: 'only pins whose client falls in this prefix' },
  target: { ...idSchema, description: 'only pins to this target' },
  // Capped so one request cannot make the controller serialize millions of pins.
  limit: { type: 'string', pattern: '^([1-9][0-9]{0,4}|100000)$', description: 'at most this many (1..100000, default 1000)' },
});

export const pinResponse: JsonSchema = closedObject(
  {
    protocol: { anyOf: [protocolSchema, { type: 'integer' }] },
    client: ipv4Schema,
    clientPort: { type: 'integer' },
    vip: ipv4Schema,
    vipPort: { type: 'integer' },
    target: idSchema,
    dpid: { type: 'string' },
    createdAt: { type: 'number', description: 'ms since the epoch' },
  },
  ['protocol', 'client', 'clientPort', 'vip', 'vipPort', 'target', 'dpid', 'createdAt'],
);
