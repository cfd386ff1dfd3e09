// Starts the API for `slr controller`: state store from the config (Redis or memory),
// buildApi, listen. Returns the bound address and a close that releases everything.
import { readFileSync } from 'node:fs';
import type { Server as TlsServer } from 'node:tls';
import { SlrError } from '../controller/errors';
import type { Logger } from '../controller/logger';
import { buildApi, type ApiOptions } from './build-api';
import { resolveTokens } from './http/token-files';
import type { ApiConfig } from './config-schema';
import type { NorthboundServices } from './services';
import { RedisApiStateStore } from './state/redis-state-store';
import { MemoryApiStateStore, type ApiStateStore } from './state/state-store';

export interface RunningApi {
  readonly address: { host: string; port: number; scheme: 'http' | 'https' };
  /**
   * Config reload: puts the section's tokens in force (token files read again) and, for
   * HTTPS, loads the key and certificate files again for new connections. Open
   * connections keep theirs. Throws SlrError (nothing changed) when a file cannot be
   * used or the section asks for what only a restart can do (HTTP <-> HTTPS).
   */
  reload(config: ApiConfig): { tokens: number; tls: boolean };
  close(): Promise<void>;
}

/** Reads the API's key pair; SlrError naming api.tls when a file cannot be read. */
function readApiTls(tls: NonNullable<ApiConfig['tls']>): { key: Buffer; cert: Buffer } {
  try {
    return { key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) };
  } catch (err) {
    throw new SlrError('CONFIG_READ', `api.tls: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export function stateStoreFor(config: ApiConfig): ApiStateStore {
  if (config.state === undefined) return new MemoryApiStateStore();
  const { redisUrl, keyPrefix, ...sentinel } = config.state;
  return new RedisApiStateStore({ ...sentinel, url: redisUrl, keyPrefix });
}

export async function startApi(config: ApiConfig, services: NorthboundServices, log?: Logger, metrics?: ApiOptions['metrics']): Promise<RunningApi> {
  const tokens = resolveTokens(config.tokens);
  const stateStore = stateStoreFor(config);
  // Only a shared store can change under us: polling a private memory store is pointless.
  const refreshIntervalMs = config.state ? config.stateRefreshMs : 0;
  let https: ApiOptions['https'];
  try {
    https = config.tls ? readApiTls(config.tls) : undefined;
  } catch (err) {
    await stateStore.close();
    throw err;
  }
  const app = await buildApi(services, { tokens, bodyLimit: config.bodyLimit, stateStore, log, refreshIntervalMs, metrics, https });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    await stateStore.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
  if (config.tokens.length === 0) log?.warn({}, 'API has no tokens configured: every request except /v1/health and the docs gets 401');
  const scheme = config.tls ? 'https' : 'http';
  const loopback = config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost';
  if (!loopback && !config.tls) log?.warn({ host: config.host }, 'API exposed beyond loopback without TLS: tokens travel in clear text');
  log?.info({ host: config.host, port, scheme }, 'API listening');
  return {
    address: { host: config.host, port, scheme },
    reload: (next) => {
      if ((next.tls === undefined) !== (config.tls === undefined)) {
        throw new SlrError('CONFIG_INVALID', 'api.tls: switching between HTTP and HTTPS needs a restart');
      }
      const nextTokens = resolveTokens(next.tokens);
      const pair = next.tls ? readApiTls(next.tls) : undefined;
      if (pair !== undefined) {
        try {
          (app.server as unknown as TlsServer).setSecureContext(pair);
        } catch (err) {
          throw new SlrError('CONFIG_INVALID', `api.tls: the key pair does not load: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      }
      app.replaceTokens(nextTokens);
      return { tokens: nextTokens.length, tls: pair !== undefined };
    },
    close: async () => {
      await app.close();
      await stateStore.close();
    },
  };
}
