// Everything the controller process exposes on GET /metrics, in one object: its own
// registry, the hooks other parts call (decisions, store latency, REST), and the
// sources read at scrape time (core, switch connections, service routing, peering).
// Sources are attached as the process wires itself up; until then their series are absent.
import type { Registry } from 'prom-client';
import { registerCoreMetrics, type CoreSource } from './core-metrics';
import { registerHaMetrics, type HaSource } from './ha-metrics';
import { registerLevelMetrics, type LevelSource } from './level-metrics';
import { PromDecisionMetrics } from './decision-metrics';
import { registerOpenflowMetrics } from './openflow-metrics';
import { registerPeeringMetrics, type PeeringSource } from './peering-metrics';
import { createMetricsRegistry, renderMetrics, type RenderedMetrics } from './registry';
import { PromRestMetrics } from './rest-metrics';
import { registerServiceRoutingMetrics, type ServiceRoutingSource } from './service-routing-metrics';
import { PromStoreLatency } from './store-latency';
import { type ObservedConnection, SwitchConnectionTracker } from './switch-connections';
import { registerUsageMetrics, type UsageSource } from './usage-metrics';

export class ControllerMetrics {
  readonly registry: Registry;
  readonly switches = new SwitchConnectionTracker();
  readonly decisions: PromDecisionMetrics;
  readonly storeLatency: PromStoreLatency;
  readonly rest: PromRestMetrics;
  private core: CoreSource | undefined;
  private serviceRouting: ServiceRoutingSource | undefined;
  private peering: PeeringSource | undefined;
  private levels: readonly LevelSource[] = [];
  private ha: HaSource | undefined;
  private usage: UsageSource | undefined;

  constructor(opts: { processMetrics?: boolean } = {}) {
    this.registry = createMetricsRegistry(opts);
    registerCoreMetrics(this.registry, () => this.core);
    registerOpenflowMetrics(this.registry, this.switches, () => this.core?.packetInMeters?.droppedAtSwitch);
    registerServiceRoutingMetrics(this.registry, () => this.serviceRouting);
    registerPeeringMetrics(this.registry, () => this.peering);
    registerLevelMetrics(this.registry, () => this.levels);
    registerHaMetrics(this.registry, () => this.core, () => this.ha);
    registerUsageMetrics(this.registry, () => this.usage);
    this.decisions = new PromDecisionMetrics(this.registry);
    this.storeLatency = new PromStoreLatency(this.registry);
    this.rest = new PromRestMetrics(this.registry);
  }

  /** The controller core (counters, connected switches). */
  watchController(core: CoreSource): void {
    this.core = core;
  }

  /** The hot-spare coordinator (ha section): lease state, failovers. */
  watchHotSpare(ha: HaSource): void {
    this.ha = ha;
  }

  /** A switch connection that completed its handshake. */
  trackSwitch(conn: ObservedConnection): void {
    this.switches.track(conn);
  }

  watchServiceRouting(app: ServiceRoutingSource): void {
    this.serviceRouting = app;
    const catalog = app.catalog;
    if (!catalog) return;
    const declareAll = (): void => {
      for (const s of catalog.services()) this.decisions.declare(s.id, s.subnet, s.targetIds);
    };
    declareAll();
    catalog.onChange(declareAll);
  }

  /** The SLR levels the process hosts (series labelled by level). */
  watchLevels(levels: readonly LevelSource[]): void {
    this.levels = levels;
  }

  /** Accounting per service and target (the flow-pinning app's ledgers). */
  watchUsage(source: UsageSource): void {
    this.usage = source;
  }

  watchPeering(server: PeeringSource): void {
    this.peering = server;
  }

  render(): Promise<RenderedMetrics> {
    return renderMetrics(this.registry);
  }
}
