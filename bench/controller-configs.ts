// Controller configurations the controller benchmark runs with, one per ofbench payload.
// l2: the baseline forwarding app (MAC learning) answers every PACKET_IN.
// vip: the site SLR decides and pins every SYN to VIP 10.0.0.100:80 (ofbench --mode vip)
//      over three servers behind ports 2-4 of every emulated switch (all of them
//      ingress switches, dpids 1..16 as ofbench numbers them), with forwarding beside it
//      for ofbench's learning frames.
export type BenchPayload = 'l2' | 'vip';

const base = {
  openflow: { host: '127.0.0.1', port: 0 },
  log: { level: 'info' },
  apps: { forwarding: { enabled: true } },
};

export function benchConfig(payload: BenchPayload, switches: number): object {
  if (payload === 'l2') return base;
  const servers = [2, 3, 4].map((port, i) => ({
    id: `srv${i + 1}`,
    attachment: { ip: `10.0.1.${11 + i}`, mac: `02:00:00:00:01:${(0x11 + i).toString(16)}`, port },
  }));
  return {
    ...base,
    serviceRouting: {
      ingress: { dpids: Array.from({ length: switches }, (_, i) => String(i + 1)) },
      targets: servers,
      services: [{ id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: servers.map((s) => s.id), policy: 'least-load' }],
      policies: { 'least-load': { type: 'least-load' } },
    },
  };
}
