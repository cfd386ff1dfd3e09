// The config of one SLR level (JSON schema for the controller's composed config). A
// process that hosts one level gives it as the `serviceRouting` section; a process that
// hosts several gives each as an item of `levels` (with its own `registration` and
// `upstream`, composed in by the process module). The schema checks shapes;
// buildCatalog() then checks meaning (overlaps, references) with messages that name the
// offending service, target or policy. Every key carries a description: the
// configuration reference is generated from them.

import type { CatalogSpec } from './types';
import type { AggregateKind } from './policies/aggregate';

type JsonSchema = { [key: string]: unknown };

const obj = (description: string, properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties,
  required,
});
const d = (description: string, schema: JsonSchema): JsonSchema => ({ ...schema, description });

const ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' };
const IPV4 = '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';
const PREFIX: JsonSchema = { type: 'string', pattern: `${IPV4.slice(0, -1)}(/([0-9]|[12][0-9]|3[0-2]))?$` };
const MAC: JsonSchema = { type: 'string', pattern: '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$' };
const DPID: JsonSchema = { type: 'string', minLength: 1, maxLength: 32 };
const CLOCK: JsonSchema = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' };
const NON_NEGATIVE: JsonSchema = { type: 'number', minimum: 0 };
const PORT: JsonSchema = { type: 'integer', minimum: 1, maximum: 0xffffff00 };
/** MPLS labels are 20 bits and 0-15 are reserved (RFC 3032). */
const LABEL: JsonSchema = { type: 'integer', minimum: 16, maximum: 0xfffff };

const TARGET: JsonSchema = obj(
  'One next-level target: a server (site level), a host site (system level) or an autonomous system (network level).',
  {
    id: d('Unique id. For a site or AS it is the id the lower SLR registers with (its certificate names it).', ID),
    kind: d('What the target is; it must match what the level chooses (site: server, system: site, network: as).', { enum: ['server', 'site', 'as'], default: 'server' }),
    weight: d('Share under the weighted policy; 0 takes no new connections by weight.', { ...NON_NEGATIVE, default: 1 }),
    cost: d('Configured routing cost r_j (distance, IGP/BGP-like metric): lower is nearer. A measured round trip is added to it.', { ...NON_NEGATIVE, default: 0 }),
    adminState: d('enabled takes new connections; draining keeps its pinned connections and takes no new ones; disabled neither.', { enum: ['enabled', 'draining', 'disabled'], default: 'enabled' }),
    attachment: obj(
      'Where the target is on the data plane, as seen from this level\'s switches.',
      {
        ip: d('Real IPv4 address of a server (its agent must say the same).', { type: 'string', pattern: IPV4 }),
        mac: d('MAC of a server, written as destination on the last hop.', MAC),
        port: d('Output port toward the target on every ingress switch of this level.', PORT),
        ports: d('Output port toward the target per ingress switch (datapath id -> port), where it differs between the switches of an SLR cluster.', {
          type: 'object', propertyNames: DPID, additionalProperties: PORT,
        }),
        label: d('MPLS label of the target. For a site or AS it is normally carried in its registration instead; for a server it overrides the allocated shortcut label.', LABEL),
        delivery: d('How a site or AS is reached: mpls pushes its label and sends it out of port; ip-tunnel sends the packet out of port, an Open vSwitch tunnel port (VXLAN or GRE) that wraps it in IP toward the site, where it arrives as a plain first packet (no shortcut through a tunnel).', { enum: ['mpls', 'ip-tunnel'], default: 'mpls' }),
        tunnelId: d('With delivery ip-tunnel: the key written as tunnel_id before the output (VXLAN VNI / GRE key) for a tunnel port made with options:key=flow; leave it out for a port with a fixed key.', { type: 'integer', minimum: 0, maximum: 0xffffff }),
      },
    ),
  },
  ['id'],
);

const SERVICE: JsonSchema = obj(
  'A virtual host: a VIP or virtual subnet, protocol and ports, served by targets under a policy.',
  {
    id: d('Unique id of the service.', ID),
    prefix: d('VIP ("a.b.c.d") or virtual subnet ("a.b.c.d/len").', { ...PREFIX, examples: ['10.10.0.1', '192.200.0.0/24'] }),
    protocol: d('Transport protocol.', { enum: ['tcp', 'udp'] }),
    ports: d('Destination ports served; empty means every port.', { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 }, uniqueItems: true, default: [] }),
    targets: d('Ids of the targets that serve it.', { type: 'array', items: ID, minItems: 1, uniqueItems: true }),
    policy: d('Name of the policy (an entry of "policies") that chooses among the targets.', ID),
  },
  ['id', 'prefix', 'protocol', 'targets', 'policy'],
);

const POLICY: JsonSchema = {
  description: 'A policy F: a metric over targets (lowest wins), client-prefix affinity, or a time-of-day selection of other policies.',
  oneOf: [
    obj('least-load: lowest load index; weighted: lowest load/weight; cost: lowest routing cost.', { type: d('Metric.', { enum: ['least-load', 'weighted', 'cost'] }) }, ['type']),
    obj('m = loadFactor x load + costFactor x cost.', {
      type: d('Metric.', { const: 'weighted-sum' }),
      loadFactor: d('Weight of the load index.', { type: 'number' }),
      costFactor: d('Weight of the routing cost (configured plus measured).', { type: 'number' }),
    }, ['type', 'loadFactor', 'costFactor']),
    obj(
      'Clients in a prefix prefer some targets; the base policy chooses among them, or among all when none is eligible.',
      {
        type: d('Affinity.', { const: 'affinity' }),
        base: d('Name of the policy that chooses among the preferred targets.', ID),
        rules: d('Client prefixes and their preferred targets; the longest matching prefix applies.', {
          type: 'array',
          items: obj('One affinity rule.', { clientPrefix: d('Client source prefix.', PREFIX), targets: d('Preferred targets.', { type: 'array', items: ID, minItems: 1 }) }, ['clientPrefix', 'targets']),
        }),
      },
      ['type', 'base', 'rules'],
    ),
    obj(
      'Chooses a policy by local time of day; the first matching window wins.',
      {
        type: d('Time of day.', { const: 'time-of-day' }),
        // Required, not defaulted: ajv cannot fill defaults inside oneOf branches.
        tzOffsetMinutes: d('Offset of local time from UTC in minutes (60 for UTC+1).', { type: 'integer', minimum: -840, maximum: 840 }),
        windows: d('Time windows, each naming the policy in force during it.', {
          type: 'array',
          items: obj(
            'One window.',
            {
              start: d('Start "HH:MM", local time, inclusive.', CLOCK),
              end: d('End "HH:MM", local time, exclusive; end <= start wraps past midnight.', CLOCK),
              days: d('Days of week the window starts on (0 = Sunday); absent means every day.', { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, uniqueItems: true }),
              policy: d('Policy in force during the window.', ID),
            },
            ['start', 'end', 'policy'],
          ),
        }),
        default: d('Policy in force outside every window.', ID),
      },
      ['type', 'tzOffsetMinutes', 'windows', 'default'],
    ),
  ],
};

const TRANSIT: JsonSchema = obj(
  'A core switch this level programs: it forwards tunnelled connections on their top label only, with no VIP rules and no per-connection flows.',
  {
    dpid: d('Datapath id of the core switch.', DPID),
    routes: d('Per target of this level: the port toward it. The label comes from the target (its registration or config).', {
      type: 'array',
      items: obj('One label route.', { target: d('Target id.', ID), port: d('Output port toward the target.', PORT) }, ['target', 'port']),
    }),
  },
  ['dpid', 'routes'],
);

/** The properties every level has, whichever section holds it. */
export const LEVEL_PROPERTIES: Record<string, JsonSchema> = {
  id: d('This level\'s id: the id the level above knows it by (its certificate names it) and the name in logs, metrics and /v1/levels.', { ...ID, default: 'site' }),
  kind: d('What this level chooses: site (servers), system (host sites, at an AS border) or network (autonomous systems).', { enum: ['site', 'system', 'network'], default: 'site' }),
  ingress: obj(
    'The switches where traffic enters this level: VIP packet-in rules, ARP answers, pins and tunnel exits go there.',
    {
      dpids: d('Datapath ids of the ingress switches, as `ovs-vsctl get bridge BR datapath_id` prints them (16 hex digits; "0x1", colon-separated bytes and decimal are accepted too).', { type: 'array', items: DPID, minItems: 1, uniqueItems: true, examples: [['0000000000000001']] }),
      vipMac: d('MAC the controller answers ARP requests for VIPs with.', { ...MAC, default: '02:00:00:00:00:01' }),
      gatewayIps: d('Gateway addresses of client subnets, answered by ARP like VIPs, so clients reach virtual subnets by an ordinary route via the gateway.', {
        type: 'array', items: { type: 'string', pattern: IPV4 }, uniqueItems: true, default: [],
      }),
      pinIdleTimeoutSec: d('Idle timeout of a pinned connection\'s switch flow, seconds; 0 means none.', { type: 'integer', minimum: 0, maximum: 65535, default: 60 }),
      udpPinIdleTimeoutSec: d('Idle timeout of a pinned UDP flow (a 5-tuple of a connectionless service), seconds: its switch flow ends after this long without a datagram and its pin ends with it, so the next datagram of that 5-tuple is decided afresh. Absent: pinIdleTimeoutSec applies; 0 means none.', { type: 'integer', minimum: 0, maximum: 65535 }),
    },
    ['dpids'],
  ),
  tunnel: obj(
    'MPLS tunnels of this level.',
    {
      label: d('This level\'s own label: the level above pushes it to reach this level, and this level\'s ingress switches pop it (tunnel exit). Sent to the level above in the registration.', LABEL),
      targetLabelBase: d('First of the labels this level hands out to its local targets (servers), so that a shortcut from the level above can name the server; labels are allocated upward from it in order of first sight.', LABEL),
      transit: d('Core switches between this level and its targets.', { type: 'array', items: TRANSIT, default: [] }),
    },
  ),
  targets: d('The next-level targets this level chooses among (servers may also join by registering).', { type: 'array', items: TARGET, default: [] }),
  services: d('The virtual hosts this level routes.', { type: 'array', items: SERVICE, default: [] }),
  policies: d('Named policies F that services refer to.', { type: 'object', propertyNames: ID, additionalProperties: POLICY, default: {} }),
  tableUpdateIntervalMs: d('Period of the table update that folds fresh load reports into the decision tables (patent Fig. 9), ms.', { type: 'integer', minimum: 10, maximum: 3_600_000, default: 1000 }),
  assignmentLoadIncrement: d('Load-index units added to a target per connection assigned since its last report, so bursts between reports spread.', { type: 'number', exclusiveMinimum: 0, default: 0.01 }),
  requireLoadReport: d('Only targets with a load report may take new connections (a target whose agent or SLR stopped reporting drops out).', { type: 'boolean', default: false }),
  maxReportAgeMs: d('A report older than this no longer counts (0: no limit), ms.', { type: 'integer', minimum: 0, default: 0 }),
  panicThreshold: d('Panic guard over health checks (0-1): when fewer than this share of a service\'s usable targets pass their health check, all of them take new connections, unhealthy or not. Whatever the value, a service whose usable targets all fail their checks is in panic: health checks never eject every target.', { type: 'number', minimum: 0, maximum: 1, default: 0 }),
  warmUpMs: d('Warm-up after the level starts or its process is promoted to master, ms: meanwhile a stale report (maxReportAgeMs) takes no target out, since registrants are still finding this controller and the rows restored from the store stand.', { type: 'integer', minimum: 0, maximum: 600_000, default: 3000 }),
  aggregate: d('Aggregation G of this level\'s loads per virtual subnet, advertised to the level above: min, mean, weighted-mean (by weight, i.e. capacity), max, or min-metric (the lowest metric F of the service\'s policy, costs included).', {
    enum: ['min', 'mean', 'weighted-mean', 'max', 'min-metric'], default: 'mean',
  }),
  rttCostFactor: d('Routing cost added per millisecond of round trip measured to a target (each report of a lower SLR carries the round trip of its previous one).', { ...NON_NEGATIVE, default: 1 }),
  aggregateCostFactor: d('Routing costs in G: each target counts as load + factor x cost (min-metric takes costs from the policy instead).', { ...NON_NEGATIVE, default: 0 }),
  accounting: obj(
    'Accounting per service and target (GET /v1/services/{id}/usage, slr_service_*_total): bytes and packets of the pinned flows (client -> VIP) from aggregate flow statistics per (service, target) cookie, plus the counters each flow carries in its FLOW_REMOVED; replies (VIP -> client) from one counting flow per (service, server) at the site edge.',
    {
      enabled: d('Count usage: installs the reply-counting flows on site ingress switches and polls the switches.', { type: 'boolean', default: true }),
      pollIntervalMs: d('Period of the statistics poll: one aggregate request per (service, target) pair and ingress switch, and one flow request for the reply-counting flows, ms.', { type: 'integer', minimum: 100, maximum: 3_600_000, default: 5000 }),
    },
  ),
};

export const SERVICE_ROUTING_SECTION_SCHEMA: JsonSchema = {
  ...obj('The SLR level this process hosts (a process hosting several uses "levels").', LEVEL_PROPERTIES, ['ingress']),
};

export type LevelKind = 'site' | 'system' | 'network';

export interface TransitConfig {
  dpid: string;
  routes: Array<{ target: string; port: number }>;
}

/** One level's config after validation (defaults filled). */
export interface LevelConfig extends CatalogSpec {
  id: string;
  kind: LevelKind;
  ingress: {
    dpids: string[];
    vipMac: string;
    gatewayIps: string[];
    pinIdleTimeoutSec: number;
    udpPinIdleTimeoutSec?: number;
  };
  tunnel?: {
    label?: number;
    targetLabelBase?: number;
    transit?: TransitConfig[];
  };
  tableUpdateIntervalMs: number;
  assignmentLoadIncrement: number;
  requireLoadReport: boolean;
  maxReportAgeMs: number;
  /** Absent in configs built by hand (tests): 0. */
  panicThreshold?: number;
  /** Absent in configs built by hand (tests): 0 (no warm-up). */
  warmUpMs?: number;
  aggregate: AggregateKind;
  aggregateCostFactor: number;
  rttCostFactor: number;
  /** Absent in configs built by hand (tests): accounting on with the default poll interval. */
  accounting?: { enabled: boolean; pollIntervalMs: number };
}

/** The serviceRouting section is one level's config. */
export type ServiceRoutingConfig = LevelConfig;
