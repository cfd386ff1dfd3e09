// Services: a VIP (a /32) or a virtual subnet, with protocol, ports, targets and policy.
import { closedObject, idSchema, portSchema, prefixSchema, protocolSchema, versionSchema, type JsonSchema } from './common';

const fields: Record<string, JsonSchema> = {
  prefix: prefixSchema,
  protocol: protocolSchema,
  ports: { type: 'array', items: portSchema, uniqueItems: true, maxItems: 1024, description: 'empty or absent: every port' },
  targets: { type: 'array', items: idSchema, minItems: 1, uniqueItems: true, maxItems: 4096 },
  policy: { ...idSchema, description: 'name of a policy' },
};
const required = ['prefix', 'protocol', 'targets', 'policy'];

export const serviceCreateBody: JsonSchema = closedObject({ id: idSchema, ...fields }, ['id', ...required]);
export const serviceReplaceBody: JsonSchema = closedObject({ id: idSchema, ...fields }, required);

export const serviceResponse: JsonSchema = closedObject(
  {
    id: idSchema,
    ...fields,
    kind: { type: 'string', enum: ['vip', 'subnet'], description: 'vip when the prefix is a single address' },
    version: versionSchema,
  },
  ['id', ...required, 'ports', 'kind', 'version'],
);
