// What `slr controller` calls to run the API next to the service-routing app: one module
// entry that registers the "api" config section, and one start function.
import type { AppModule } from '../controller/app-module';
import type { DatapathDirectory } from '../controller/app';
import { parseDpid } from '../controller/dpid';
import type { SlrConfig } from '../controller/config/types';
import type { Logger } from '../controller/logger';
import type { ServiceRoutingApp } from '../apps/service-routing/service-routing-app';
import type { ServiceRoutingConfig } from '../apps/service-routing/config-schema';
import type { RedisConfig } from '../controller/store/config-schema';
import { createNorthboundServices, type NorthboundAdapter } from './adapter';
import { API_SECTION_SCHEMA, type ApiConfig } from './config-schema';
import type { PeerInfo } from './services';
import type { ApiOptions } from './build-api';
import { startApi, type RunningApi } from './start-api';

/**
 * Add to APP_MODULES: contributes the "api" config section and creates no app (the API
 * is not an OpenFlow app; it is started with startNorthbound once the runtime is up).
 */
export const northboundApiModule: AppModule = {
  name: 'northbound-api',
  topLevelSchemas: { api: API_SECTION_SCHEMA },
  create: () => undefined,
};

export interface NorthboundWiring {
  config: SlrConfig;
  /** The running service-routing app (its catalog, engine, pins and store). */
  serviceRouting: ServiceRoutingApp;
  /** runtime.controller.datapaths */
  datapaths: DatapathDirectory;
  log: Logger;
  /** Usually agentPeers(agentServer.registry): the agents registered with this site SLR. */
  peers?: () => PeerInfo[];
  /** The process metrics (ControllerMetrics.rest): REST requests by route and status. */
  metrics?: ApiOptions['metrics'];
}

export interface RunningNorthbound {
  readonly address: RunningApi['address'];
  readonly services: NorthboundAdapter;
  close(): Promise<void>;
}

/** The api section, with its state kept in the controller's Redis unless it names its own. */
export function effectiveApiConfig(config: SlrConfig): ApiConfig | undefined {
  const api = config.api as ApiConfig | undefined;
  if (api === undefined || api.state !== undefined) return api;
  const redis = config.redis as RedisConfig | undefined;
  return redis === undefined ? api : { ...api, state: { redisUrl: redis.url, keyPrefix: redis.keyPrefix } };
}

/** Starts the API unless the config disables it (then undefined). */
export async function startNorthbound(w: NorthboundWiring): Promise<RunningNorthbound | undefined> {
  const api = effectiveApiConfig(w.config);
  if (api === undefined || !api.enabled) return undefined;
  const sr = w.config.serviceRouting as ServiceRoutingConfig | undefined;
  const services = createNorthboundServices({
    catalog: w.serviceRouting.catalog,
    engine: w.serviceRouting.engine,
    pins: w.serviceRouting.pins,
    store: w.serviceRouting.store,
    datapaths: w.datapaths,
    level: { name: 'site', defaultAggregation: sr?.aggregate ?? 'mean' },
    peers: w.peers,
    ingressDpids: (sr?.ingress.dpids ?? []).map(parseDpid).filter((d): d is bigint => d !== undefined),
  });
  let running: RunningApi;
  try {
    running = await startApi(api, services, w.log, w.metrics);
  } catch (err) {
    services.close();
    throw err;
  }
  return {
    address: running.address,
    services,
    close: async () => {
      await running.close();
      services.close();
    },
  };
}
