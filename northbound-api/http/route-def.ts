// One table of routes feeds both fastify (validation, handlers) and the OpenAPI
// document, so the published contract is the one that is enforced.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchema } from '../schemas/common';

/** public: no token; read: a read or write token; write: a write token. */
export type Access = 'public' | 'read' | 'write';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseDoc {
  description: string;
  schema?: JsonSchema;
}

export interface RouteDef {
  method: Method;
  /** fastify path syntax: /v1/targets/:id */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** Honours If-Match (documented as a header parameter). */
  ifMatch?: boolean;
  responses: Record<number, ResponseDoc>;
  handler(req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export function registerRoutes(app: FastifyInstance, routes: readonly RouteDef[]): void {
  for (const r of routes) {
    const schema: Record<string, JsonSchema> = {};
    if (r.params) schema.params = r.params;
    if (r.querystring) schema.querystring = r.querystring;
    if (r.body) schema.body = r.body;
    app.route({ method: r.method, url: r.url, schema, config: { access: r.access }, handler: r.handler });
  }
}
