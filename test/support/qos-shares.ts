// The site set up for bandwidth shares, shared by test/e2e/qos/shares.test.ts and
// `npm run demo:qos`: two VIPs whose iperf3 servers sit on their own server (affinity
// policies, so an iperf3 control and data connection meet the same server), a qos
// section giving them shares of the access link into the site edge, and iperf3 clients
// that saturate it.
import type { Site } from './site-harness';
import type { SiteService } from './site-config';

export const IPERF_PORT = 5201;
export const GOLD = { id: 'gold', vip: '10.0.0.100', server: 'srv1', client: 'c1' } as const;
export const BRONZE = { id: 'bronze', vip: '10.0.0.101', server: 'srv2', client: 'c2' } as const;
/** The access link's configured capacity (kbit/s): shares are fractions of it. */
export const LINK_KBPS = 24_000;
export const GOLD_SHARE = 50;
export const BRONZE_SHARE = 25;

export const QOS_SERVICES: SiteService[] = [
  { id: GOLD.id, prefix: `${GOLD.vip}/32`, protocol: 'tcp', ports: [IPERF_PORT], policy: 'to-srv1' },
  { id: BRONZE.id, prefix: `${BRONZE.vip}/32`, protocol: 'tcp', ports: [IPERF_PORT], policy: 'to-srv2' },
];

export const QOS_POLICIES = {
  'least-load': { type: 'least-load' },
  'to-srv1': { type: 'affinity', base: 'least-load', rules: [{ clientPrefix: '10.0.0.0/16', targets: ['srv1'] }] },
  'to-srv2': { type: 'affinity', base: 'least-load', rules: [{ clientPrefix: '10.0.0.0/16', targets: ['srv2'] }] },
};

/** The qos config section: gold premium with 50% of the link, bronze best effort with 25%: 2:1. */
export function qosSection(edgeDpid: string): Record<string, unknown> {
  return {
    links: [{ id: 'access', dpid: edgeDpid, rateKbps: LINK_KBPS }],
    classes: {
      premium: { rank: 0, sharePercent: 50, description: 'served first when the link is short' },
      'best-effort': { rank: 1, sharePercent: 10 },
    },
    services: {
      [GOLD.id]: { class: 'premium', sharePercent: GOLD_SHARE },
      [BRONZE.id]: { class: 'best-effort', sharePercent: BRONZE_SHARE },
    },
    auditIntervalMs: 1000,
  };
}

/** Starts an iperf3 server on each VIP's server (it listens on every address, the VIP on lo too). */
export async function startIperfServers(site: Site): Promise<number[]> {
  const pids: number[] = [];
  for (const s of [GOLD.server, BRONZE.server]) {
    const { pid } = await site.net.bg(s, `exec iperf3 -s -p ${IPERF_PORT}`);
    pids.push(pid);
  }
  // iperf3 -s prints nothing until a client comes: give it a moment to bind.
  await new Promise((r) => setTimeout(r, 500));
  return pids;
}

export interface IperfResult {
  /** Goodput the receiving side measured, kbit/s (omitting the first seconds of slow start). */
  kbps: number;
  ok: boolean;
  error?: string;
}

/**
 * One iperf3 client run: `reverse` makes the server send (traffic from the VIP, the
 * direct-return direction). The figure is what the receiver got.
 */
export async function iperf(site: Site, client: string, vip: string, seconds: number, reverse = false): Promise<IperfResult> {
  const r = await site.net.cmd(client, `iperf3 -c ${vip} -p ${IPERF_PORT} -t ${seconds} -O 2 -J ${reverse ? '-R' : ''}`, seconds + 30);
  try {
    const j = JSON.parse(r.output) as { end?: { sum_received?: { bits_per_second?: number } }; error?: string };
    const bps = j.end?.sum_received?.bits_per_second;
    if (j.error !== undefined || bps === undefined) return { kbps: 0, ok: false, error: j.error ?? 'no sum_received' };
    return { kbps: Math.round(bps / 1000), ok: true };
  } catch {
    return { kbps: 0, ok: false, error: r.output.slice(0, 400) };
  }
}

/** Both VIPs saturated at once from their own clients. */
export async function bothSaturated(site: Site, seconds: number, reverse = false): Promise<{ gold: IperfResult; bronze: IperfResult }> {
  const [gold, bronze] = await Promise.all([iperf(site, GOLD.client, GOLD.vip, seconds, reverse), iperf(site, BRONZE.client, BRONZE.vip, seconds, reverse)]);
  return { gold, bronze };
}

/** The meter ids on a switch (ovs-ofctl dump-meters). */
export async function meterIds(site: Site, sw: string): Promise<number[]> {
  const out = await site.net.ofctl(sw, ['dump-meters']);
  return [...out.matchAll(/meter=(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}
