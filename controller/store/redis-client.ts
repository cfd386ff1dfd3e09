// The one place ioredis clients are made: straight to the url, or through Redis Sentinel
// (the sentinels name the current master of a group; after a failover they name the
// promoted replica). Callers keep their own options (timeouts, backoff, offline queue);
// this only adds how to reach the server, so the plain case is exactly what they ask for.

import Redis, { type RedisOptions } from 'ioredis';
import { SlrError } from '../errors';
import type { RedisEndpoint } from './config-schema';

/**
 * How long one sentinel may take to answer "where is the master?" before the next one is
 * asked. ioredis waits forever by default, so a hung sentinel would stall every reconnect.
 */
export const SENTINEL_COMMAND_TIMEOUT_MS = 1000;

/** Refuses what the schema refuses too, for callers that build an endpoint in code. */
function checkEndpoint(e: RedisEndpoint): void {
  const listed = (e.sentinels?.length ?? 0) > 0;
  if (listed && !e.sentinelName) {
    throw new SlrError('CONFIG_INVALID', 'redis: sentinels are listed but sentinelName (the master group name they monitor) is missing');
  }
  if (!listed && (e.sentinelName !== undefined || e.sentinelPassword !== undefined)) {
    throw new SlrError('CONFIG_INVALID', 'redis: sentinelName or sentinelPassword is set but no sentinels are listed');
  }
}

/** True when the endpoint goes through sentinels. */
export function usesSentinels(e: RedisEndpoint): boolean {
  return (e.sentinels?.length ?? 0) > 0;
}

/** The ioredis options for an endpoint: the caller's own, plus the Sentinel ones when it has sentinels. */
export function redisClientOptions(endpoint: RedisEndpoint, options: RedisOptions): RedisOptions {
  checkEndpoint(endpoint);
  if (!usesSentinels(endpoint)) return options;
  // rediss:// means the deployment encrypts its Redis traffic: the master (found through
  // the sentinels) and the sentinels themselves are both spoken to over TLS.
  const tls = endpoint.url.startsWith('rediss://');
  return {
    ...options,
    sentinels: (endpoint.sentinels ?? []).map(({ host, port }) => ({ host, port })),
    name: endpoint.sentinelName,
    ...(endpoint.sentinelPassword !== undefined ? { sentinelPassword: endpoint.sentinelPassword } : {}),
    role: 'master',
    sentinelCommandTimeout: SENTINEL_COMMAND_TIMEOUT_MS,
    // A master that Sentinel demoted while we stayed connected (it came back after a
    // failover, or was partitioned) refuses writes with READONLY: drop that connection so
    // the next one asks the sentinels again. Most of the time Sentinel has already closed
    // them: it sends CLIENT KILL TYPE normal and pubsub with the REPLICAOF that reconfigures
    // an instance (Redis source, sentinel.c, sentinelSendSlaveOf).
    reconnectOnError: (err: Error) => err.message.startsWith('READONLY'),
    ...(tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
  };
}

/** A new ioredis client for the endpoint (plain or through Sentinel) with the caller's options. */
export function createRedisClient(endpoint: RedisEndpoint, options: RedisOptions): Redis {
  return new Redis(endpoint.url, redisClientOptions(endpoint, options));
}

/**
 * Connects a lazyConnect client: resolves once it is ready, rejects with the first
 * connection error. Either way ioredis goes on retrying in the background; this only
 * bounds the wait. Through sentinels of which none answers, connect() alone would not
 * settle until one does (ioredis loops over them, emitting an error per round).
 */
export function connectClient(client: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      client.off('error', onError);
      reject(err);
    };
    client.on('error', onError);
    client.connect().then(
      () => {
        client.off('error', onError);
        resolve();
      },
      (err: unknown) => {
        client.off('error', onError);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * The run id of the Redis process behind a client (INFO server): another id after a
 * reconnect means another process answers, a promoted replica or a restarted server.
 * Undefined when the server does not say (INFO refused by an ACL, say).
 */
export async function serverRunId(client: Redis): Promise<string | undefined> {
  const info = await client.info('server');
  const m = /^run_id:([0-9a-f]+)\s*$/m.exec(info);
  return m?.[1];
}
