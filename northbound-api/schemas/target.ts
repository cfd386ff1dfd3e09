// Targets of this SLR level: servers now; sites and ASes use the same shape.
import { bodyVersionSchema, closedObject, idSchema, ipv4Schema, versionSchema, type JsonSchema } from './common';

export const MAX_WEIGHT = 1000;
export const MAX_COST = 1_000_000;

const fields: Record<string, JsonSchema> = {
  kind: { type: 'string', enum: ['server', 'site', 'as'], description: 'default "server"' },
  weight: { type: 'number', minimum: 0, maximum: MAX_WEIGHT, description: 'share under the weighted policy; default 1' },
  cost: { type: 'number', minimum: 0, maximum: MAX_COST, description: 'routing cost r_j, lower is nearer; default 0' },
  adminState: {
    type: 'string',
    enum: ['enabled', 'draining', 'disabled'],
    description: 'draining keeps pinned connections and takes no new ones; default "enabled"',
  },
  attachment: closedObject(
    {
      ip: ipv4Schema,
      mac: { type: 'string', pattern: '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$', description: 'lowercase aa:bb:cc:dd:ee:ff' },
      port: { type: 'integer', minimum: 1, maximum: 0xffffff00 },
      ports: {
        type: 'object',
        additionalProperties: { type: 'integer', minimum: 1, maximum: 0xffffff00 },
        description: 'output port per ingress datapath id, where it differs from port',
      },
      label: { type: 'integer', minimum: 16, maximum: 0xfffff, description: 'MPLS label of a site or AS (or a server\'s shortcut label)' },
      delivery: { type: 'string', enum: ['mpls', 'ip-tunnel'], description: 'how a site or AS is reached: its MPLS label out of port (default), or out of port as an Open vSwitch tunnel port (VXLAN/GRE)' },
      tunnelId: { type: 'integer', minimum: 0, maximum: 0xffffff, description: 'with ip-tunnel: the key written as tunnel_id (VNI / GRE key) for a port made with key=flow' },
    },
    [],
  ),
};

/** POST /v1/targets: id required, the rest defaulted. */
export const targetCreateBody: JsonSchema = closedObject({ id: idSchema, ...fields }, ['id']);

const pinnedSchema: JsonSchema = { type: 'integer', minimum: 0, description: 'read-only: connections pinned to it now (a drain is done at 0)' };

/** PUT /v1/targets/{id}: the whole object (id optional, must match the path; read-only fields of GET are accepted). */
export const targetReplaceBody: JsonSchema = closedObject(
  { id: idSchema, ...fields, version: bodyVersionSchema, pinnedConnections: pinnedSchema },
  ['kind', 'weight', 'cost', 'adminState'],
);

/** PATCH /v1/targets/{id}: the fields to change. */
export const targetPatchBody: JsonSchema = closedObject({ ...fields }, [], { minProperties: 1 });

export const targetResponse: JsonSchema = closedObject(
  { id: idSchema, ...fields, version: versionSchema, pinnedConnections: pinnedSchema },
  ['id', 'kind', 'weight', 'cost', 'adminState', 'version', 'pinnedConnections'],
);
