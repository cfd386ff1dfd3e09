// Controller configurations the controller benchmark runs with, one per ofbench payload.
// l2: the baseline forwarding app (MAC learning) answers every PACKET_IN.
// vip: added with the service routing app (VIP 10.0.0.100:80 served by servers on each switch).
export type BenchPayload = 'l2' | 'vip';

export const benchConfigs: Partial<Record<BenchPayload, object>> = {
  l2: {
    openflow: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    apps: { forwarding: { enabled: true } },
  },
};
