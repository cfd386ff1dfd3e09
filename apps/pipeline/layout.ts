// The flow table pipeline of every switch slr drives, declared in one place: which app
// owns which table, the priority band of each kind of flow, and where a packet goes
// when a table has no flow for it. Apps take their table ids and priorities from here
// and nowhere else (no config key moves them), so no two apps can fight over a slot.
// docs: apps/pipeline/README.md draws the same layout.
//
// A packet walks forward only (spec 5.1: goto-table must name a later table):
//
//   0 classify ──MPLS──> 1 tunnel-exit ──> 2 labels            (label-switched: out, or popped to a server)
//        │                     └─ own label, bottom of stack ──> 3 pins
//        └──IPv4/other──────────────────────────────────────────> 3 pins ──miss──> 4 services ──miss──> 5 l2
//
// Each table's miss flow (priority 0) belongs to the pipeline app, except the last
// table's, which is the forwarding app's own table-miss to the controller.

export const TABLE = {
  /** MPLS frames to the tunnel tables; everything else straight to the pins. */
  classify: 0,
  /** This level's own tunnel labels: popped here (the tunnel ends at this switch). */
  tunnelExit: 1,
  /** Label switching: labels of targets reached through this switch. Unknown labels are dropped and counted. */
  labels: 2,
  /** One exact-match flow per pinned connection (5-tuple -> path to its target). */
  pins: 3,
  /** Packet-in rules for VIP prefixes (first packets of new connections) and ARP for VIPs. */
  services: 4,
  /** Baseline L2 learning for everything that is not a VIP's. */
  l2: 5,
} as const;

export type TableName = keyof typeof TABLE;

/** The app that owns the flows of each table (its cookie space), besides the pipeline's miss flows. */
export const TABLE_OWNER: Readonly<Record<TableName, string>> = {
  classify: 'pipeline',
  tunnelExit: 'flow-pinning',
  labels: 'flow-pinning',
  pins: 'flow-pinning',
  services: 'service-routing',
  l2: 'forwarding',
};

/** Priorities within each table. Higher wins (spec 5.3); 0 is the miss flow. */
export const PRIORITY = {
  /**
   * qos: the qos app's metering flows on a link's switch (apps/qos): an IPv4 packet to or
   * from a metered service's prefix passes its meter, then goes to the pins as the miss would.
   */
  classify: { mpls: 100, qos: 50, miss: 0 },
  /** A level's own label: bottom-of-stack and inner-label variants (see tunnel flows). */
  tunnelExit: { ownLabel: 100, miss: 0 },
  /** Labels of targets (transit, or the last hop to a server); miss = unknown label, dropped. */
  labels: { target: 100, unknownLabel: 0 },
  /** replyCount: per (service, server) flows counting the servers' replies (source = VIP) for accounting; they go on as the miss does. */
  pins: { pin: 100, replyCount: 50, miss: 0 },
  /**
   * TCP SYN rule above the catch-all VIP rule (see service-routing's vip rules); echo
   * replies to a VIP (servers' flow advertisements, patent Fig. 10) to the controller.
   */
  services: { synPacketIn: 101, packetIn: 100, arp: 100, echoReply: 100, miss: 0 },
  l2: { learned: 10, miss: 0 },
} as const;

/** Metadata bit written by a tunnel exit: the packet came in through a tunnel from the level above. */
export const METADATA_FROM_TUNNEL = 1n;
