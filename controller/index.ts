// Public API of the controller core for apps, the northbound API and the CLI.
export type { App, AppContext, DatapathDirectory } from './app';
export type { AppModule } from './app-module';
export { configSectionsOf } from './app-module';
export {
  addFlow,
  deleteFlow,
  deleteFlows,
  packetOut,
  type Change,
  type Changes,
  type FlowFilter,
  type FlowIdentity,
  type FlowSpec,
} from './changes';
export { type Clock, ManualClock, systemClock, type TimerClock, type TimerHandle, wallClock } from './clock';
export * from './net';
export {
  APP_ID_COOKIE_MASK,
  appIdOfCookie,
  CookieSpace,
  LOCAL_COOKIE_MAX,
  localPartOfCookie,
  WELL_KNOWN_APP_IDS,
} from './cookies';
export { meterKey, planMeters, type MeterPlan, type MeterWanted } from './meter-reconcile';
export { MeterSpace, appIdOfMeter, METER_LOCAL_MAX, type MeterSpec } from './meter-space';
export { Controller, type ControllerCounters, type ControllerOptions } from './controller';
export type { DatapathEntry } from './datapath-registry';
export { isPortUp } from './datapath-registry';
export { dpidToHex, parseDpid } from './dpid';
export { fromChannelError, isSlrError, ofErrorFor, SlrError, type SlrErrorCode } from './errors';
export type * from './events';
export { componentLogger, createLogger, datapathLogger, type Logger, type LogLevel } from './logger';
export type { ReconcileReport } from './reconcile-report';
export { startRuntime, type Runtime, type RuntimeOptions } from './runtime';
export type { SwitchLink } from './switch-link';
export { buildConfigSchema, type ConfigSections, type JsonSchema } from './config/schema';
export { loadConfigFile, validateConfig, type LoadConfigOptions } from './config/load';
export { toChannelConfig, type OpenflowConfig, type SlrConfig } from './config/types';
export type { ControllerStore, LoadEntry, LoadTableReader, LoadUpdate, PinMirror, StoreStats } from './store/types';
export { createStore } from './store/create-store';
export type { DecisionMetrics } from './metrics/decision-metrics';
export {
  REDIS_SECTION_SCHEMA,
  redisEndpointOf,
  SENTINEL_DEPENDENCIES,
  SENTINEL_PROPERTIES,
  type RedisConfig,
  type RedisEndpoint,
  type SentinelAddress,
} from './store/config-schema';
export { connectClient, createRedisClient, redisClientOptions, serverRunId, usesSentinels } from './store/redis-client';
export * from './openflow';
export {
  defaultFlowKey,
  FlowExpiry,
  IdleTracker,
  sliceCookie,
  type ExpiryHost,
  type FlowExpiryOptions,
  type FlowKeyOf,
  type SweepReport,
} from './flow-expiry';
export { type DesiredRole, type RoleClaimOutcome, type TakeoverReconcile } from './controller';
export { type DatapathRole, type OfRoleName, roleMayWrite } from './roles';
export { HA_SECTION_SCHEMA, leaseTimingOf, type HaConfig } from './ha/config-schema';
export { checkTiming, LeaseTracker, type LeaseHolder, type LeaseState, type LeaseTiming } from './ha/lease';
export { RedisLeaseStore, type LeaseStore } from './ha/redis-lease';
export { HotSpare, type HotSpareCounters, type HotSpareHooks, type TakeoverReport } from './ha/hot-spare';
