// Public surface of the metrics module: the controller's metrics object, the hooks
// apps and services call, the config section and the GET /metrics listener.
export { ControllerMetrics } from './controller-metrics';
export { DEFAULT_METRICS_PORT, METRICS_SECTION_SCHEMA, metricsConfigOf, type MetricsConfig } from './config-schema';
export { NO_DECISION_METRICS, type DecisionMetrics } from './decision-metrics';
export { startMetricsListener, type MetricsListener } from './http-listener';
export { createMetricsRegistry, renderMetrics, type RenderedMetrics } from './registry';
export { UNMATCHED_ROUTE, type OnResponseHookTarget, type RestMetrics } from './rest-metrics';
export { NO_STORE_LATENCY, type StoreLatencyMetrics } from './store-latency';
export type { ServiceRoutingSource } from './service-routing-metrics';
export type { PeeringSource } from './peering-metrics';
export type { LevelSource, LevelCountersView } from './level-metrics';
export { AgentMetrics, parseListenAddress } from './agent-metrics';
