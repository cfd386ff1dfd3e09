// The data model of one SLR level. The same shapes serve every level: at a host site the
// targets are servers, at the AS border they are sites, at the network level ASes.

export type TargetKind = 'server' | 'site' | 'as';

/** enabled: takes new connections; draining: keeps its pins, no new ones; disabled: neither. */
export type AdminState = 'enabled' | 'draining' | 'disabled';

/**
 * Where a target sits on the data plane, so this level's ingress switches can reach it
 * (see level/path.ts for the path made of it). A server is reached by its MAC out of a
 * port; a site or AS by its MPLS label out of a port toward it.
 */
export interface TargetAttachment {
  /** Real IPv4 address of a server (dotted). */
  ip?: string;
  /** Lowercase colon-separated MAC of a server, for the last-hop destination-MAC rewrite. */
  mac?: string;
  /** Output port toward the target on every ingress switch of the level. */
  port?: number;
  /** Output port per ingress switch (datapath id as written in config -> port), where it differs. */
  ports?: Record<string, number>;
  /** MPLS label of the target (a site's or AS's own, from its registration or config). */
  label?: number;
  /** How a site or AS is reached: an MPLS label stack (default) or an IP tunnel port (VXLAN/GRE). */
  delivery?: Delivery;
  /** Tunnel key (VXLAN VNI / GRE key) written as tunnel_id, for a tunnel port made with key=flow. */
  tunnelId?: number;
}

export type Delivery = 'mpls' | 'ip-tunnel';

export interface TargetSpec {
  id: string;
  kind: TargetKind;
  /** Share under the weighted policy; 0 means "no new connections by weight". */
  weight: number;
  /** Routing cost r_j (distance, IGP/BGP-like metric), lower is nearer. */
  cost: number;
  adminState: AdminState;
  attachment?: TargetAttachment;
}

export type Protocol = 'tcp' | 'udp';

export interface ServiceSpec {
  id: string;
  /** VIP or virtual subnet: "a.b.c.d/len" (a bare address means /32). */
  prefix: string;
  protocol: Protocol;
  /** Destination ports served; an empty list means every port. */
  ports: number[];
  /** Ids of the targets that serve this service. */
  targets: string[];
  /** Name of an entry of the policy table. */
  policy: string;
}

/** Metric policies: m_kj = F(s_kj, r_j) computed per target, lowest wins. */
export type MetricPolicySpec =
  | { type: 'least-load' }
  /** Lowest load/weight wins: with load estimates moving per assignment this splits
   * new connections in proportion to the weights. */
  | { type: 'weighted' }
  /** Lowest routing cost wins (proximity). */
  | { type: 'cost' }
  | { type: 'weighted-sum'; loadFactor: number; costFactor: number };

export interface AffinityRuleSpec {
  /** Client source prefix. */
  clientPrefix: string;
  /** Targets preferred for those clients, chosen among by the base policy. */
  targets: string[];
}

/** Client-prefix affinity: the longest matching rule's targets first, else the base policy over all. */
export interface AffinityPolicySpec {
  type: 'affinity';
  rules: AffinityRuleSpec[];
  base: string;
}

export interface TimeWindowSpec {
  /** "HH:MM" local time (see tzOffsetMinutes), inclusive. */
  start: string;
  /** "HH:MM" local time, exclusive; a window with end <= start wraps past midnight. */
  end: string;
  /** Days of week the window starts on, 0 = Sunday; absent means every day. */
  days?: number[];
  policy: string;
}

/** Selects a sub-policy by local time of day; the first matching window wins. */
export interface TimeOfDayPolicySpec {
  type: 'time-of-day';
  /** Offset of local time from UTC in minutes (e.g. 60 for UTC+1). */
  tzOffsetMinutes: number;
  windows: TimeWindowSpec[];
  default: string;
}

export type PolicySpec = MetricPolicySpec | AffinityPolicySpec | TimeOfDayPolicySpec;

export interface CatalogSpec {
  targets: TargetSpec[];
  services: ServiceSpec[];
  policies: Record<string, PolicySpec>;
}
