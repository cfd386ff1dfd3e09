// Building blocks shared by the request schemas. Every object schema closes itself
// (additionalProperties: false), so an unknown field is an error, never ignored.
import type { JsonSchema } from '../../controller/config/schema';

export type { JsonSchema };

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;

/** The same ids the serviceRouting config section accepts, so every seeded object is addressable. */
export const ID_PATTERN = '^[A-Za-z0-9_.:-]{1,128}$';

export const idSchema: JsonSchema = { type: 'string', pattern: ID_PATTERN, description: 'letters, digits, ".", "_", ":", "-"; at most 128' };
export const ipv4Schema: JsonSchema = { type: 'string', pattern: `^${IPV4}$`, description: 'dotted IPv4 address' };
export const prefixSchema: JsonSchema = {
  type: 'string',
  pattern: `^${IPV4}(/(3[0-2]|[12]?[0-9]))?$`,
  description: 'IPv4 prefix "a.b.c.d/len" (a bare address is /32)',
};
/** "a.b.c.d:port" as used in paths for one side of a connection. */
export const endpointSchema: JsonSchema = {
  type: 'string',
  pattern: `^${IPV4}:([0-9]{1,5})$`,
  description: 'address and port, "a.b.c.d:port"',
};
export const portSchema: JsonSchema = { type: 'integer', minimum: 1, maximum: 65535 };
export const protocolSchema: JsonSchema = { type: 'string', enum: ['tcp', 'udp'] };

export function closedObject(properties: Record<string, JsonSchema>, required: string[] = [], extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', additionalProperties: false, properties, ...(required.length > 0 ? { required } : {}), ...extra };
}

export const idParams: JsonSchema = closedObject({ id: idSchema }, ['id']);

/** The body of every error response. */
export const errorResponseSchema: JsonSchema = closedObject(
  {
    error: closedObject(
      {
        code: { type: 'string' },
        message: { type: 'string' },
        problems: {
          type: 'array',
          items: closedObject(
            {
              field: { type: 'string', description: 'JSON pointer into the part named by "in"' },
              in: { type: 'string', enum: ['body', 'query', 'params', 'headers', 'state'] },
              reason: { type: 'string' },
            },
            ['field', 'in', 'reason'],
          ),
        },
      },
      ['code', 'message'],
    ),
  },
  ['error'],
);

/** Every stored object carries its version (also its ETag). */
export const versionSchema: JsonSchema = { type: 'integer', minimum: 1, description: 'bumped on every change; send it back in If-Match' };

/**
 * A version sent back in a replace body (what GET returned) works like If-Match, so a
 * fetched object can be edited and PUT back as it is.
 */
export const bodyVersionSchema: JsonSchema = { type: 'integer', minimum: 1, description: 'optional: the version this replaces (412 if stale), as If-Match' };
