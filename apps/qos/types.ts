// The QoS state an operator sets (config `qos` section, REST /v1/qos): access links with
// their rate, service classes, and per service a share of a link and/or a rate limit.

export type Direction = 'both' | 'to-vip' | 'from-vip';

export interface QosLink {
  id: string;
  /** The switch at the link's site end (16 hex digits), where its meters and flows go. */
  dpid: string;
  /** The link's capacity, kbit/s: a share is a fraction of it. */
  rateKbps: number;
}

export interface QosClass {
  /** 0 is served first when a link's shares add up to more than 100%. */
  rank: number;
  /** The share a service of this class gets when it names none, percent of its link. */
  sharePercent?: number;
  /** When set, a service of this class may use only these targets. */
  targets?: string[];
}

export interface ServiceQos {
  /** Link id; default the first link. */
  link?: string;
  /** Percent of the link's rate (0 < p <= 100). */
  sharePercent?: number;
  /** A cap in kbit/s, whatever the share. */
  rateLimitKbps?: number;
  class?: string;
  /** Which traffic is metered: toward the VIP, from the VIP (server replies), or both (default). */
  directions?: Direction;
}

export interface QosState {
  links: QosLink[];
  classes: Record<string, QosClass>;
  services: Record<string, ServiceQos>;
}

/** What a service gets on its link after classes and contention are applied. */
export interface EffectiveShare {
  serviceId: string;
  link: string;
  class: string | null;
  /** Share asked for (its own or its class's), percent; null when it has only a rate limit. */
  requestedPercent: number | null;
  /** Share granted after higher classes took theirs, percent; null when it has only a rate limit. */
  grantedPercent: number | null;
  /** The meter rate: min(granted share of the link, rate limit), kbit/s. */
  rateKbps: number;
  directions: Direction;
}
