// The OpenAPI 3.1 document, built from the same route table and schema objects that
// fastify validates requests with (3.1 because its schemas are JSON Schema, so type
// arrays with "null" and "const" carry over unchanged). Named schemas go to
// components/schemas once and are referenced from every operation that uses them.
import type { JsonSchema } from '../schemas/common';
import type { RouteDef } from './route-def';

type Operation = Record<string, unknown>;

function openapiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): Operation[] {
  if (!schema) return [];
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

function operationOf(r: RouteDef): Operation {
  const parameters = [...parametersOf(r.params, 'path'), ...parametersOf(r.querystring, 'query')];
  if (r.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'the ETag (version) last read: the write is refused with 412 if the object changed since',
      schema: { type: 'string' },
    });
  }
  const responses: Operation = {};
  for (const [code, doc] of Object.entries(r.responses)) {
    responses[code] = doc.schema ? { description: doc.description, content: { 'application/json': { schema: doc.schema } } } : { description: doc.description };
  }
  const op: Operation = { summary: r.summary, tags: [r.tag], operationId: `${r.method.toLowerCase()}${openapiPath(r.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`, responses };
  if (parameters.length > 0) op.parameters = parameters;
  if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: r.body } } };
  op.security = r.access === 'public' ? [] : [{ bearer: [] }];
  if (r.access === 'write') op.description = 'needs a token with the write role';
  return op;
}

/**
 * A copy of `value` in which every object that IS one of the named schemas (by identity)
 * becomes {$ref}; `self` is the named schema being written out itself.
 */
function withRefs(value: unknown, names: ReadonlyMap<object, string>, self?: object): unknown {
  if (Array.isArray(value)) return value.map((v) => withRefs(v, names));
  if (value === null || typeof value !== 'object') return value;
  const name = names.get(value);
  if (name !== undefined && value !== self) return { $ref: `#/components/schemas/${name}` };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRefs(v, names)]));
}

export function buildOpenApi(routes: readonly RouteDef[], version: string, schemas: Record<string, JsonSchema> = {}): Record<string, unknown> {
  const names = new Map<object, string>(Object.entries(schemas).map(([name, schema]) => [schema, name]));
  const paths: Record<string, Record<string, Operation>> = {};
  for (const r of routes) {
    const p = openapiPath(r.url);
    paths[p] ??= {};
    paths[p][r.method.toLowerCase()] = withRefs(operationOf(r), names) as Operation;
  }
  const components = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, withRefs(schema, names, schema)]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'slr northbound API',
      version,
      description:
        'Operator API of an slr Service Level Router. Changes apply to new connections only: a pinned connection keeps its target ' +
        'until its pin is deleted or the target is removed. Every write is validated whole and applies atomically.',
    },
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
