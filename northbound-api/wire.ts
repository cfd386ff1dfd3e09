// What `slr controller` calls to run the API next to the service-routing app: one module
// entry that registers the "api" config section, and one start function.
import type { AppModule } from '../controller/app-module';
import type { DatapathDirectory } from '../controller/app';
import type { SlrConfig } from '../controller/config/types';
import { SlrError } from '../controller/errors';
import type { Logger } from '../controller/logger';
import type { SlrLevel } from '../level/slr-level';
import { redisEndpointOf, type RedisConfig } from '../controller';
import { createNorthboundServices, type NorthboundAdapter } from './adapter';
import { API_SECTION_SCHEMA, type ApiConfig } from './config-schema';
import type { LevelStep, LevelView, PeerInfo, UsagePort } from './services';
import type { FiveTuple } from '../controller/net';
import type { ApiOptions } from './build-api';
import type { QosPort } from '../apps/qos';
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
  /** The SLR level the API manages (its catalog, engine, pins and store). */
  level: SlrLevel;
  /** runtime.controller.datapaths */
  datapaths: DatapathDirectory;
  log: Logger;
  /** Usually agentPeers(agentServer.registry): the agents registered with this site SLR. */
  peers?: () => PeerInfo[];
  /** Every level the process hosts, the API's own first. */
  hosted?: () => LevelView[];
  /** Explains a connection from the API's level down to the server. */
  explainAcross?: (t: FiveTuple) => Promise<LevelStep[]>;
  /** The process metrics (ControllerMetrics.rest): REST requests by route and status. */
  metrics?: ApiOptions['metrics'];
  /** The qos app, when the config has a qos section: serves /v1/qos. */
  qos?: QosPort;
  /** Accounting per service (GET /v1/services/{id}/usage). */
  usage?: UsagePort;
}

export interface RunningNorthbound {
  readonly address: RunningApi['address'];
  readonly services: NorthboundAdapter;
  /** Config reload of the api section (tokens, TLS files); see RunningApi.reload. */
  reload(config: SlrConfig): ReturnType<RunningApi['reload']>;
  close(): Promise<void>;
}

/** The api section, with its state kept in the controller's Redis unless it names its own. */
export function effectiveApiConfig(config: SlrConfig): ApiConfig | undefined {
  const api = config.api as ApiConfig | undefined;
  if (api === undefined || api.state !== undefined) return api;
  const redis = config.redis as RedisConfig | undefined;
  if (redis === undefined) return api;
  const { url, ...sentinel } = redisEndpointOf(redis);
  return { ...api, state: { redisUrl: url, ...sentinel, keyPrefix: redis.keyPrefix } };
}

/** Starts the API unless the config disables it (then undefined). */
export async function startNorthbound(w: NorthboundWiring): Promise<RunningNorthbound | undefined> {
  const api = effectiveApiConfig(w.config);
  if (api === undefined || !api.enabled) return undefined;
  const services = createNorthboundServices({
    catalog: w.level.catalog,
    engine: w.level.engine,
    pins: w.level.pins,
    store: w.level.store,
    datapaths: w.datapaths,
    level: { name: w.level.kind, defaultAggregation: w.level.config.aggregate, classOf: (subnet) => w.level.subnetClass(subnet) },
    peers: w.peers,
    hosted: w.hosted,
    explainAcross: w.explainAcross,
    ingressDpids: [...w.level.ingress],
    usage: w.usage,
  });
  if (w.qos) services.qos = w.qos;
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
    reload: (next) => {
      const section = effectiveApiConfig(next);
      if (section === undefined || !section.enabled) throw new SlrError('CONFIG_INVALID', 'api: stopping the API needs a restart');
      return running.reload(section);
    },
    close: async () => {
      await running.close();
      services.close();
    },
  };
}
