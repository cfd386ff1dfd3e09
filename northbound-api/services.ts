// What the REST API needs from the running controller, and nothing more. The API owns
// versions, validation, persistence and HTTP; the controller side (an adapter over the
// service-routing and flow-pinning apps, see adapter/) only reads and applies state.
import type { StoreStats } from '../controller/store/types';
import type { Explanation } from '../level/decision/decision-types';
import type { AggregateKind } from '../level/policies/aggregate';
import type { CatalogSpec, PolicySpec } from '../level/types';
import type { LevelStep, TargetView } from '../level/level-view';
import type { QosPort } from '../apps/qos';

export type { AggregateKind } from '../level/policies/aggregate';
export type { AdminState, CatalogSpec, PolicySpec, ServiceSpec, TargetSpec } from '../level/types';
export type { CandidateExplanation, Explanation } from '../level/decision/decision-types';
export type { LevelStep, LevelView, TargetView } from '../level/level-view';

/** Per-policy settings the catalog itself does not hold: G and the table update period. */
export interface PolicySettings {
  /** Aggregation G used when this policy's subnets are advertised to the level above. */
  aggregation?: AggregateKind;
  /** Table update interval (patent Fig. 9) wanted for services under this policy, ms. */
  tableUpdateIntervalMs?: number;
}

/** A policy as the API stores it: the metric F (with its parameters) plus its settings. */
export type ApiPolicy = PolicySpec & PolicySettings;

/** Everything an operator configures at one SLR level. */
export interface RoutingState {
  catalog: CatalogSpec;
  settings: Record<string, PolicySettings>;
}

export interface RoutingPort {
  /** The state in force now (the seed on a first start, when the store holds nothing). */
  current(): RoutingState;
  /**
   * Moves whenever the state in force changes, through the API or not (a server agent
   * registering adds a target): the API re-reads current() when it has moved.
   */
  revision(): number;
  /** Problems that would stop this candidate from being applied; empty when it is fine. */
  check(candidate: RoutingState): string[];
  /**
   * Puts a checked candidate in force for new connections; pins are untouched, except
   * those of targets that no longer exist, which are released.
   */
  apply(next: RoutingState): void;
}

export type Protocol = 'tcp' | 'udp';

/** One pinned connection, addresses as dotted text. */
export interface PinInfo {
  protocol: Protocol | number;
  client: string;
  clientPort: number;
  vip: string;
  vipPort: number;
  target: string;
  dpid: string;
  createdAt: number;
}

export interface PinQuery {
  /** "a.b.c.d/len" or a bare address. */
  vip?: string;
  client?: string;
  target?: string;
  limit?: number;
}

export interface ConnectionKey {
  protocol: Protocol;
  client: string;
  clientPort: number;
  vip: string;
  vipPort: number;
}

export interface PinsPort {
  list(query: PinQuery): PinInfo[];
  get(key: ConnectionKey): PinInfo | undefined;
  /** Forgets the pin so it is not recreated; returns false when there was none. */
  delete(key: ConnectionKey): boolean;
  count(): number;
  /** Live pins of one target: a draining target is empty when this reaches 0. */
  countForTarget(target: string): number;
}

export interface SwitchPortInfo {
  portNo: number;
  name: string;
  hwAddr: string;
  up: boolean;
  currSpeedKbps: number;
}

export interface SwitchInfo {
  dpid: string;
  up: boolean;
  remote: string;
  nTables: number;
  ports: SwitchPortInfo[];
}

export interface SwitchesPort {
  list(): SwitchInfo[];
  /** dpid as hex "00:00:..:01" or a decimal / 0x number. */
  get(dpid: string): SwitchInfo | undefined;
}

export interface SubnetAdvertisement {
  subnet: string;
  aggregation: AggregateKind;
  /** M_k, or null when no eligible target has reported yet. */
  load: number | null;
  /** The service class the subnet is advertised with to the level above (absent: none). */
  serviceClass?: string;
}

export interface LevelInfo {
  name: string;
  /** What its targets are: servers at a site, sites at an AS border, ASes above. */
  targetKind: 'server' | 'site' | 'as';
  services: number;
  targets: number;
  subnets: SubnetAdvertisement[];
  /** The level's id, what it chooses among, its own label and its targets (when the process describes its levels). */
  id?: string;
  chooses?: string;
  ownLabel?: number | null;
  members?: TargetView[];
}

export interface PeerInfo {
  id: string;
  kind: string;
  address: string;
  state: string;
}

export interface LevelsPort {
  list(): LevelInfo[];
  peers(): PeerInfo[];
}

/** One reason the SLR is degraded, naming what is at fault. */
export interface HealthProblem {
  component: 'switch' | 'store' | 'service';
  /** The switch's dpid (16 hex digits), the store's kind, or the service id. */
  id: string;
  message: string;
}

export interface HealthInfo {
  /** "degraded" when problems is not empty. */
  status: 'ok' | 'degraded';
  /** The slr build answering. */
  version: string;
  uptimeSeconds: number;
  store: StoreStats;
  switches: { connected: number; known: number; ingress: Array<{ dpid: string; connected: boolean }> };
  services: { total: number; withoutEligibleTarget: string[] };
  pins: number;
  problems: HealthProblem[];
}

export type SimulationQuery = ConnectionKey;

export interface SimulationResult {
  /** The service the destination falls in, or null when it is not a VIP. */
  serviceId: string | null;
  /** Set when this exact connection is already pinned: it keeps that target. */
  pinnedTarget: string | null;
  /** What a new connection would get now (null: no eligible target or not a VIP). */
  explanation: Explanation | null;
}

export interface UsageCounts {
  bytes: number;
  packets: number;
}

/** Usage of one target of a service (GET /v1/services/{id}/usage). */
export interface TargetUsageInfo {
  target: string;
  toService: UsageCounts;
  fromService: UsageCounts;
  bytes: number;
  packets: number;
  connections: number;
  activeConnections: number;
}

export interface ServiceUsageInfo extends Omit<TargetUsageInfo, 'target'> {
  service: string;
  level: string;
  accounting: { enabled: boolean; pollIntervalMs: number; lastPollAt: string | null };
  targets: TargetUsageInfo[];
}

/** A service's usage, or undefined when unknown (or nothing counts usage in this process). */
export type UsagePort = (serviceId: string) => ServiceUsageInfo | undefined;

export interface NorthboundServices {
  routing: RoutingPort;
  pins: PinsPort;
  switches: SwitchesPort;
  levels: LevelsPort;
  health(): HealthInfo;
  /** Changes nothing: no assignment is counted, no pin is made. */
  simulate(query: SimulationQuery): SimulationResult;
  /** The same at every level from this one down, the levels below asked over their registration link. */
  simulateAcross?(query: SimulationQuery): Promise<LevelStep[]>;
  /** Bandwidth shares and rate limits (apps/qos), when the config has a qos section. */
  qos?: QosPort;
  /** Accounting per service and target, when the process counts it. */
  usage?: UsagePort;
}
