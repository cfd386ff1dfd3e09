// NorthboundServices over the running apps: the one place the API meets their modules.
import type { ServiceCatalog } from '../../level/catalog/catalog';
import type { DecisionEngine } from '../../level/decision/decision-engine';
import { parseIpv4Address, type FiveTuple } from '../../controller/net';
import type { Pins } from '../../level/pins/pins';
import type { DatapathDirectory } from '../../controller/app';
import type { ControllerStore } from '../../controller/store/types';
import type { LevelStep, LevelView, NorthboundServices, PeerInfo, PolicySettings, SimulationQuery, SimulationResult, UsagePort } from '../services';
import { PinsAdapter, protocolNumberOf } from './pins-adapter';
import { RoutingAdapter, type TableTimer } from './routing-adapter';
import { healthOf } from './health';
import { LevelsAdapter, SwitchesAdapter, type LevelDescription } from './status-adapter';
import { slrVersion } from '../../controller/version';

export interface AdapterDeps {
  catalog: ServiceCatalog;
  engine: DecisionEngine;
  pins: Pins;
  datapaths: DatapathDirectory;
  store: ControllerStore;
  level?: Partial<LevelDescription>;
  /** Settings per policy from the config file (G, table update interval). */
  policySettings?: Record<string, PolicySettings>;
  peers?: () => PeerInfo[];
  /** Every level the process hosts (GET /v1/levels lists them all). */
  hosted?: () => LevelView[];
  /** Explains a connection from the API's level down (POST /v1/simulate's levels). */
  explainAcross?: (t: FiveTuple) => Promise<LevelStep[]>;
  now?: () => number;
  tableTimer?: TableTimer;
  /** Ingress switches from the config: health is degraded while one is not connected. */
  ingressDpids?: readonly bigint[];
  /** Accounting per service (the flow-pinning app's ledgers). */
  usage?: UsagePort;
}

export interface NorthboundAdapter extends NorthboundServices {
  /** Stops the extra table-update timer. */
  close(): void;
}

export function createNorthboundServices(deps: AdapterDeps): NorthboundAdapter {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const routing = new RoutingAdapter(deps.catalog, deps.engine, deps.pins, deps.policySettings, deps.tableTimer);
  const pins = new PinsAdapter(deps.pins);
  const level: LevelDescription = { name: deps.level?.name ?? 'site', defaultAggregation: deps.level?.defaultAggregation ?? 'mean', peers: deps.peers, hosted: deps.hosted, classOf: deps.level?.classOf };

  const simulate = (q: SimulationQuery): SimulationResult => {
    const clientIp = parseIpv4Address(q.client);
    const vipIp = parseIpv4Address(q.vip);
    const proto = protocolNumberOf(q.protocol);
    const service = vipIp === undefined ? undefined : deps.catalog.lookup(vipIp, proto, q.vipPort);
    if (service === undefined || clientIp === undefined || vipIp === undefined) return { serviceId: null, pinnedTarget: null, explanation: null };
    const pinned = deps.pins.lookup(proto, clientIp, q.clientPort, vipIp, q.vipPort) ?? null;
    return { serviceId: service.id, pinnedTarget: pinned, explanation: deps.engine.explain(service, clientIp) };
  };

  const explainAcross = deps.explainAcross;
  const simulateAcross = explainAcross === undefined ? undefined : async (q: SimulationQuery): Promise<LevelStep[]> => {
    const clientIp = parseIpv4Address(q.client);
    const vipIp = parseIpv4Address(q.vip);
    if (clientIp === undefined || vipIp === undefined) return [];
    return explainAcross({ proto: protocolNumberOf(q.protocol), srcIp: clientIp, srcPort: q.clientPort, dstIp: vipIp, dstPort: q.vipPort });
  };

  return {
    routing,
    pins,
    simulateAcross,
    switches: new SwitchesAdapter(deps.datapaths),
    levels: new LevelsAdapter(deps.catalog, deps.engine, routing, level),
    health: () => healthOf({
      store: deps.store, datapaths: deps.datapaths, catalog: deps.catalog, engine: deps.engine, pins: deps.pins,
      ingressDpids: deps.ingressDpids ?? [], version: slrVersion(), startedAtMs: startedAt,
    }, now()),
    simulate,
    usage: deps.usage,
    close: () => routing.close(),
  };
}
