// Public entry of the northbound API.
export { buildApi, apiRoutes, API_VERSION, type ApiOptions } from './build-api';
export { startApi, stateStoreFor, type RunningApi } from './start-api';
export { API_SECTION_SCHEMA, API_CONFIG_SECTIONS, DEFAULT_BODY_LIMIT, type ApiConfig } from './config-schema';
export { createNorthboundServices, type AdapterDeps, type NorthboundAdapter } from './adapter';
export { ApiError, mapError, type ApiErrorCode, type Problem } from './errors';
export type { TokenEntry, Role } from './http/auth';
export { MemoryApiStateStore, type ApiStateStore } from './state/state-store';
export { RedisApiStateStore } from './state/redis-state-store';
export type * from './services';
export { northboundApiModule, startNorthbound, type NorthboundWiring, type RunningNorthbound } from './wire';
export { agentPeers, type PeerRegistry } from './adapter/agent-peers';
