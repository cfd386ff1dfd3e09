// Client-side traffic and switch-side counts for the site tests: single curl fetches,
// bulk fetches with testbed-servers/fetch_many.py, and packet-in counts read from the
// switches' own flow statistics (n_packets of every flow whose action sends to the
// controller), which count what reached the controller independently of its code.
import path from 'node:path';
import type { MininetDriver } from './mininet-driver';
import { parseFlows } from './flow-table';
import { TESTBED_SERVERS } from './site-config';

export interface CurlResult {
  code: string;
  remoteIp: string;
  servedBy: string;
}

/** One fetch with curl in a client host: HTTP status, the address that answered, and the server's name. */
export async function curl(net: MininetDriver, client: string, url: string, maxTimeS = 5): Promise<CurlResult> {
  const cmd = `curl -s -D - -o /dev/null --max-time ${maxTimeS} -w 'RESULT %{http_code} %{remote_ip}\\n' '${url}'`;
  const out = (await net.cmd(client, cmd, maxTimeS + 10)).output;
  const m = /RESULT (\d{3}) (\S*)/.exec(out);
  const served = /X-Served-By: (\S+)/i.exec(out);
  return { code: m?.[1] ?? '000', remoteIp: m?.[2] ?? '', servedBy: served?.[1] ?? '' };
}

export interface FetchSummary {
  connections: number;
  succeeded: number;
  seconds: number;
  perSecond: number | null;
  byServer: Record<string, number>;
  peers: Record<string, number>;
  errors: Record<string, number>;
  connectMsP50: number | null;
  connectMsP99: number | null;
}

export interface FetchManyOptions {
  count: number;
  concurrency?: number;
  connectOnly?: boolean;
  /** One JSON line per connection, for later inspection. */
  out?: string;
  timeoutS?: number;
  /**
   * Connection i binds client port base+i (below the ephemeral range): 5-tuples no earlier
   * connection of the test used. A client reusing a port within a pin's idle timeout rides
   * the earlier connection's pinned flow to its server, as it should, so a test about where
   * new decisions go needs 5-tuples that are new to the network.
   */
  sourcePortBase?: number;
}

export async function fetchMany(net: MininetDriver, client: string, url: string, o: FetchManyOptions): Promise<FetchSummary> {
  const args = [
    `--url '${url}'`,
    `--count ${o.count}`,
    `--concurrency ${o.concurrency ?? 8}`,
    `--timeout ${o.timeoutS ?? 5}`,
    o.connectOnly ? '--connect-only' : '',
    o.out ? `--out ${o.out}` : '',
    o.sourcePortBase === undefined ? '' : `--source-port-base ${o.sourcePortBase}`,
  ];
  const res = await net.cmd(client, `/usr/bin/python3 ${path.join(TESTBED_SERVERS, 'fetch_many.py')} ${args.join(' ')}`, 300);
  const line = res.output.split('\n').find((l) => l.startsWith('{"connections"'));
  if (!line) throw new Error(`fetch_many in ${client} printed no summary: ${res.output.slice(0, 2000)}`);
  return JSON.parse(line) as FetchSummary;
}

export interface PacketInCounts {
  /** Every packet a switch sent to the controller (all switches, all flows). */
  total: number;
  /** Through the VIP packet-in rules (new connections to a VIP). */
  vip: number;
  /** ARP requests for VIPs. */
  vipArp: number;
}

/** Reads every switch's flow table; call before and after a run and subtract. */
export async function packetInCounts(net: MininetDriver): Promise<PacketInCounts> {
  const counts: PacketInCounts = { total: 0, vip: 0, vipArp: 0 };
  for (const sw of Object.keys(net.info.switches)) {
    for (const f of parseFlows(await net.dumpFlows(sw))) {
      if (!f.actions.includes('CONTROLLER')) continue;
      counts.total += f.nPackets;
      if (f.priority === 0) continue;
      if (f.match.arp !== undefined || f.match.arp_op !== undefined) counts.vipArp += f.nPackets;
      else if (f.match.nw_dst !== undefined) counts.vip += f.nPackets;
    }
  }
  return counts;
}

export function diffCounts(after: PacketInCounts, before: PacketInCounts): PacketInCounts {
  return { total: after.total - before.total, vip: after.vip - before.vip, vipArp: after.vipArp - before.vipArp };
}

/** Sum of one counter family in a Prometheus text exposition (all label sets). */
export function sumMetric(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(v)) total += v;
  }
  return total;
}

/** The controller's GET /metrics text (port from its "metrics listening" log line). */
export async function controllerMetrics(records: readonly Record<string, unknown>[]): Promise<string> {
  const rec = records.find((r) => r.msg === 'metrics listening');
  if (!rec) throw new Error('the controller logged no "metrics listening" line (metrics section off?)');
  const res = await fetch(`http://127.0.0.1:${String(rec.port)}/metrics`);
  return res.text();
}

/** PACKET_INs the controller received from all switches so far. */
export async function controllerPacketIns(records: readonly Record<string, unknown>[]): Promise<number> {
  return sumMetric(await controllerMetrics(records), 'slr_packet_ins_total');
}
