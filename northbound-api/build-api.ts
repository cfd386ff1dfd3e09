// buildApi(services, options): the whole REST API as a fastify instance that is not
// listening yet (tests drive it with inject; startApi listens). Strict validation: no
// type coercion, no silent removal of unknown fields, every error reported.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../controller/logger';
import { DEFAULT_BODY_LIMIT } from './config-schema';
import { authHook, TokenTable, type TokenEntry } from './http/auth';
import { installErrorHandling } from './http/error-handler';
import { buildOpenApi } from './http/openapi';
import { registerRoutes, type RouteDef } from './http/route-def';
import type { RouteContext } from './routes/context';
import { componentSchemas } from './schemas/components';
import { pinRoutes } from './routes/pins';
import { qosRoutes } from './routes/qos';
import { policyRoutes } from './routes/policies';
import { serviceRoutes } from './routes/services';
import { usageRoutes } from './routes/usage';
import { simulateRoutes } from './routes/simulate';
import { statusRoutes } from './routes/status';
import { targetRoutes } from './routes/targets';
import type { NorthboundServices } from './services';
import { StateRepository } from './state/repository';
import { MemoryApiStateStore, type ApiStateStore } from './state/state-store';

export interface ApiOptions {
  tokens: readonly TokenEntry[];
  /** Largest accepted request body, bytes. */
  bodyLimit?: number;
  /** Where configured state persists; in memory when absent. Not closed by the API. */
  stateStore?: ApiStateStore;
  log?: Logger;
  /** Counts every response by route pattern and status (controller/metrics/rest-metrics.ts). */
  metrics?: { instrument(app: FastifyInstance): void };
  /** Serve HTTPS with this key and certificate (PEM). */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Reported in the OpenAPI document. */
  version?: string;
  /**
   * How often to pick up a document another controller stored (a hot spare sharing the
   * Redis); 0 or absent: only at start and after a conflicting write.
   */
  refreshIntervalMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Loads a newer stored document if another controller wrote one. */
    refreshState(): Promise<void>;
    /** Puts a new set of bearer tokens in force (config reload). */
    replaceTokens(tokens: readonly TokenEntry[]): void;
  }
}

export const API_VERSION = '1.0.0';

/** Every API route, for fastify and for the OpenAPI document. */
export function apiRoutes(ctx: RouteContext): RouteDef[] {
  return [...serviceRoutes(ctx), ...targetRoutes(ctx), ...policyRoutes(ctx), ...pinRoutes(ctx), ...simulateRoutes(ctx), ...statusRoutes(ctx), ...qosRoutes(ctx), ...usageRoutes(ctx)];
}

export async function buildApi(services: NorthboundServices, options: ApiOptions): Promise<FastifyInstance> {
  const repo = new StateRepository(options.stateStore ?? new MemoryApiStateStore(), services.routing, options.log);
  await repo.open();
  const fastifyOptions = {
    logger: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true, discriminator: true } },
  };
  // fastify types an HTTPS instance with a different server generic; routes, hooks and
  // inject are the same, so both are handled as the plain instance type.
  const app: FastifyInstance = options.https
    ? (Fastify({ ...fastifyOptions, https: options.https }) as unknown as FastifyInstance)
    : Fastify(fastifyOptions);
  options.metrics?.instrument(app);
  app.decorate('refreshState', () => repo.refresh());
  if (options.refreshIntervalMs !== undefined && options.refreshIntervalMs > 0) {
    const timer = setInterval(() => {
      repo.refresh().catch((err: unknown) => options.log?.warn({ err }, 'API state refresh failed'));
    }, options.refreshIntervalMs);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app, options.log);
  app.decorateRequest('principal', null);
  const tokenTable = new TokenTable(options.tokens);
  app.decorate('replaceTokens', (tokens: readonly TokenEntry[]) => tokenTable.replace(tokens));
  app.addHook('onRequest', authHook(tokenTable));
  // Audit trail: who changed what. Reads are not logged (dashboards poll).
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.url.startsWith('/v1/simulate')) return;
    const entry = { who: req.principal, method: req.method, url: req.url, status: reply.statusCode, etag: reply.getHeader('etag') };
    if (reply.statusCode < 400) options.log?.info(entry, 'API change');
    else options.log?.warn(entry, 'API change refused');
  });
  app.addHook('onSend', async (_req, reply) => {
    void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
  });

  const routes = apiRoutes({ services, repo });
  const document = buildOpenApi(routes, options.version ?? API_VERSION, componentSchemas());
  registerRoutes(app, [
    ...routes,
    {
      method: 'GET', url: '/openapi.json', tag: 'meta', access: 'public', summary: 'this document',
      responses: { 200: { description: 'OpenAPI 3.1 document' } },
      handler: async () => document,
    },
  ]);
  await registerDocs(app, document);
  return app;
}

export const DOCS_PREFIX = '/docs';

/**
 * GET /docs: Swagger UI over the same document. @fastify/swagger-ui serves Swagger UI's
 * files from its own package (no CDN), so the page works on an isolated management
 * network. Its routes are public like /openapi.json: the document holds no state.
 */
async function registerDocs(app: FastifyInstance, document: Record<string, unknown>): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) route.config = { ...(route.config ?? {}), access: 'public' };
  });
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    // Same-origin only: no https: sources, no validator.swagger.io, and no
    // upgrade-insecure-requests (an API served over plain HTTP on loopback would have its
    // own assets "upgraded" to an https:// that does not answer).
    transformStaticCSP: (header: string) => header.replace(/ https:| validator\.swagger\.io|\s*upgrade-insecure-requests;/g, ''),
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: false, persistAuthorization: false, validatorUrl: null },
  });
}
