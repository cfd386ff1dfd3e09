// list/get/create/replace/patch/delete for one kind of versioned object (targets,
// services, policies). Each write edits a candidate copy through the repository, so
// it applies whole or not at all; If-Match guards replace, patch and delete.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type Problem } from '../errors';
import { checkIfMatch, setEtag } from '../http/etag';
import type { RouteDef } from '../http/route-def';
import { closedObject, errorResponseSchema, idSchema, type JsonSchema } from '../schemas/common';
import type { StateDocument, Versioned } from '../state/document';
import type { RouteContext } from './context';

type Body = Record<string, unknown>;

export interface CollectionSpec<T> {
  /** "/v1/targets" */
  path: string;
  /** Key of the id in paths and bodies: "id" or "name". */
  key: 'id' | 'name';
  noun: string;
  tag: string;
  select(doc: StateDocument): Map<string, Versioned<T>>;
  createBody: JsonSchema;
  replaceBody: JsonSchema;
  patchBody?: JsonSchema;
  response: JsonSchema;
  /** The stored value for a request body; `base` is the existing value for a patch. */
  fromBody(id: string, body: Body, base: T | undefined): T;
  view(id: string, v: Versioned<T>): Body;
  /** Cross-object checks of a value about to be written, naming body fields. */
  check(draft: StateDocument, id: string, value: T): Problem[];
  /** Objects that refer to this one (a delete is refused while any remain). */
  referrers(draft: StateDocument, id: string): string[];
}

const errors = (...codes: number[]): Record<number, { description: string; schema: JsonSchema }> => {
  const text: Record<number, string> = {
    400: 'the request does not match the schema',
    401: 'no or unknown bearer token',
    403: 'the token may only read',
    404: 'no such object',
    409: 'already exists, still in use, or changed by another controller',
    412: 'If-Match names a stale version',
    413: 'body too large',
    422: 'the change would leave an invalid configuration',
    503: 'the state store is unreachable: nothing was changed',
  };
  return Object.fromEntries(codes.map((c) => [c, { description: text[c], schema: errorResponseSchema }]));
};

function refuse(problems: Problem[], noun: string): never {
  throw new ApiError('INVALID_CHANGE', `invalid ${noun}: ${problems[0].field ? `${problems[0].field}: ` : ''}${problems[0].reason}`, problems);
}

export function collectionRoutes<T>(ctx: RouteContext, spec: CollectionSpec<T>): RouteDef[] {
  const { path, key, noun, tag } = spec;
  const one = `${path}/:${key}`;
  const params = closedObject({ [key]: idSchema }, [key]);
  const idOf = (req: FastifyRequest): string => (req.params as Record<string, string>)[key];

  const existing = (doc: StateDocument, id: string): Versioned<T> => {
    const v = spec.select(doc).get(id);
    if (v === undefined) throw new ApiError('NOT_FOUND', `no ${noun} "${id}"`);
    return v;
  };

  const write = async (reply: FastifyReply, id: string, edit: (draft: StateDocument) => Versioned<T>): Promise<Body> => {
    const saved = await ctx.repo.change(edit);
    setEtag(reply, saved.version);
    return spec.view(id, saved);
  };

  const put = (draft: StateDocument, id: string, value: T): Versioned<T> => {
    const problems = spec.check(draft, id, value);
    if (problems.length > 0) refuse(problems, noun);
    const entry = { value, version: draft.generation };
    spec.select(draft).set(id, entry);
    return entry;
  };

  const routes: RouteDef[] = [
    {
      method: 'GET', url: path, tag, access: 'read', summary: `list ${noun}s`,
      responses: { 200: { description: `every ${noun}`, schema: closedObject({ items: { type: 'array', items: spec.response } }, ['items']) }, ...errors(401) },
      handler: async () => ({ items: [...spec.select(ctx.repo.current).entries()].map(([id, v]) => spec.view(id, v)) }),
    },
    {
      method: 'GET', url: one, tag, access: 'read', summary: `get one ${noun}`, params,
      responses: { 200: { description: `the ${noun}; ETag is its version`, schema: spec.response }, ...errors(401, 404) },
      handler: async (req, reply) => {
        const id = idOf(req);
        const v = existing(ctx.repo.current, id);
        setEtag(reply, v.version);
        return spec.view(id, v);
      },
    },
    {
      method: 'POST', url: path, tag, access: 'write', summary: `create a ${noun}`, body: spec.createBody,
      responses: { 201: { description: 'created', schema: spec.response }, ...errors(400, 401, 403, 409, 413, 422, 503) },
      handler: async (req, reply) => {
        const body = req.body as Body;
        const id = body[key] as string;
        const out = await write(reply, id, (draft) => {
          if (spec.select(draft).has(id)) throw new ApiError('ALREADY_EXISTS', `${noun} "${id}" already exists`, [{ field: `/${key}`, in: 'body', reason: 'already exists' }]);
          return put(draft, id, spec.fromBody(id, body, undefined));
        });
        void reply.code(201).header('location', `${path}/${encodeURIComponent(id)}`);
        return out;
      },
    },
    {
      method: 'PUT', url: one, tag, access: 'write', summary: `create or replace a ${noun}`, params, body: spec.replaceBody, ifMatch: true,
      responses: { 200: { description: 'replaced', schema: spec.response }, 201: { description: 'created', schema: spec.response }, ...errors(400, 401, 403, 409, 412, 413, 422, 503) },
      handler: async (req, reply) => {
        const id = idOf(req);
        const body = req.body as Body;
        if (body[key] !== undefined && body[key] !== id) {
          throw new ApiError('VALIDATION_FAILED', `body ${key} "${String(body[key])}" differs from the path`, [{ field: `/${key}`, in: 'body', reason: `must equal the path's ${key} "${id}"` }]);
        }
        let created = false;
        const out = await write(reply, id, (draft) => {
          const before = spec.select(draft).get(id);
          checkIfMatch(req, before?.version);
          if (typeof body.version === 'number' && body.version !== before?.version) {
            const now = before === undefined ? 'the object does not exist' : `the current version is ${before.version}`;
            throw new ApiError('PRECONDITION_FAILED', `body version ${body.version} is stale: ${now}`, [{ field: '/version', in: 'body', reason: now }]);
          }
          created = before === undefined;
          return put(draft, id, spec.fromBody(id, body, undefined));
        });
        void reply.code(created ? 201 : 200);
        return out;
      },
    },
    {
      method: 'DELETE', url: one, tag, access: 'write', summary: `delete a ${noun}`, params, ifMatch: true,
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 409, 412, 503) },
      handler: async (req, reply) => {
        const id = idOf(req);
        await ctx.repo.change((draft) => {
          checkIfMatch(req, existing(draft, id).version);
          const users = spec.referrers(draft, id);
          if (users.length > 0) {
            throw new ApiError('IN_USE', `${noun} "${id}" is still used by ${users.join(', ')}`, users.map((u) => ({ field: '', in: 'state', reason: `used by ${u}` })));
          }
          spec.select(draft).delete(id);
        });
        return reply.code(204).send();
      },
    },
  ];
  if (spec.patchBody) {
    routes.push({
      method: 'PATCH', url: one, tag, access: 'write', summary: `change some fields of a ${noun}`, params, body: spec.patchBody, ifMatch: true,
      responses: { 200: { description: 'changed', schema: spec.response }, ...errors(400, 401, 403, 404, 412, 413, 422, 503) },
      handler: async (req, reply) => {
        const id = idOf(req);
        return write(reply, id, (draft) => {
          const before = existing(draft, id);
          checkIfMatch(req, before.version);
          return put(draft, id, spec.fromBody(id, req.body as Body, before.value));
        });
      },
    });
  }
  return routes;
}
