// Services: a VIP (a /32) or a virtual subnet, with protocol, ports, targets and policy.
import { bodyVersionSchema, closedObject, idSchema, portSchema, prefixSchema, protocolSchema, versionSchema, type JsonSchema } from './common';

const fields: Record<string, JsonSchema> = {
  prefix: prefixSchema,
  protocol: protocolSchema,
  ports: { type: 'array', items: portSchema, uniqueItems: true, maxItems: 1024, description: 'empty or absent: every port' },
  targets: { type: 'array', items: idSchema, minItems: 1, uniqueItems: true, maxItems: 4096 },
  policy: { ...idSchema, description: 'name of a policy' },
};
const required = ['prefix', 'protocol', 'targets', 'policy'];
const kindSchema: JsonSchema = { type: 'string', enum: ['vip', 'subnet'], description: 'read-only: vip when the prefix is a single address' };

export const serviceCreateBody: JsonSchema = closedObject({ id: idSchema, ...fields }, ['id', ...required]);
/** PUT: the whole object; the read-only fields GET returns are accepted, so GET, edit, PUT works. */
export const serviceReplaceBody: JsonSchema = closedObject({ id: idSchema, ...fields, kind: kindSchema, version: bodyVersionSchema }, required);

export const serviceResponse: JsonSchema = closedObject(
  {
    id: idSchema,
    ...fields,
    kind: kindSchema,
    version: versionSchema,
  },
  ['id', ...required, 'ports', 'kind', 'version'],
);
