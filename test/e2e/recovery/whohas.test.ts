// WHOHAS between two SLR clusters of one level (issue 10 item 5; the patent's recovery 3)
// on real Open vSwitch (topologies/whohas.json): site SLRs west and east serve the same
// VIP from two edges, each its own controller process with its own servers, Redis keys
// and agents. A client downloading from a west server is moved to the east edge in
// the middle of the download (a routing change: its route to the VIP now leaves by the
// interface on east's edge). East holds no pin for the connection and must not decide
// it afresh; it asks west over mutual-TLS gRPC, west answers with its server's label,
// and east tunnels the connection's packets across to that server. The download
// finishes, from the one server it started on.
import { existsSync, readFileSync } from 'node:fs';
import { WHOHAS } from '../../support/hierarchy-config';
import { metricValue, startHierarchy, type Hierarchy } from '../../support/hierarchy-harness';
import { servedRequests, sleep, waitUntil } from '../../support/site-logs';
import { curl } from '../../support/site-traffic';

const VIP = '10.0.0.100';
const CLIENT_IP = '10.1.0.1';
/** 1 MB at 100 kB/s: about 10 s, long enough to move the client in the middle. */
const BYTES = 1_000_000;
const RATE = 100_000;
let h: Hierarchy;
let eth1 = '';

beforeAll(async () => {
  h = await startHierarchy({ name: 'whohas', topology: WHOHAS, reportIntervalMs: 500 });
  await h.warmL2();
  const links = (await h.net.cmd('c1', 'ip -o link show')).output;
  eth1 = /^\d+: ([^:@\s]+-eth1)[@:]/m.exec(links)?.[1] ?? '';
  if (eth1 === '') throw new Error(`c1 has no eth1:\n${links}`);
}, 240_000);

afterAll(async () => {
  await h?.stop();
}, 60_000);

const westServers = ['w1', 'w2'];
const eastServers = ['e1', 'e2'];

/** Which servers logged a request from the client on this client port, and with which events. */
function servedOn(clientPort: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, log] of h.httpLogs) {
    const events = servedRequests(log).filter((r) => r.client === CLIENT_IP && r.clientPort === clientPort).map((r) => r.event);
    if (events.length > 0) out.set(id, events);
  }
  return out;
}

async function recovery(processName: string, event: string): Promise<number> {
  return metricValue(await h.metrics(processName), 'slr_level_recovery_total', { level: processName, event });
}

/** The client's route to the VIP: out of eth0 (west's edge, on-link) or eth1 (east's edge). */
async function routeVia(edge: 'west' | 'east'): Promise<void> {
  const cmd = edge === 'east' ? `ip route replace ${VIP}/32 dev ${eth1} src ${CLIENT_IP}` : `ip route del ${VIP}/32`;
  const r = await h.net.cmd('c1', cmd);
  if (r.exit !== 0) throw new Error(`${cmd}: ${r.output}`);
}

describe('WHOHAS: a connection moved to another SLR cluster keeps its server', () => {
  afterEach(async () => {
    await h.net.cmd('c1', `ip route del ${VIP}/32 2>/dev/null; true`);
  });

  it('finishes a download from its west server after the client moved to east\'s edge mid-transfer', async () => {
    const asked0 = await recovery('east', 'whohas_asked');
    const repinned0 = await recovery('east', 'whohas_repinned');
    const answered0 = await recovery('west', 'whohas_answered');
    const startedAt = Date.now();
    const { pid, log } = await h.net.bg('c1', `exec curl -s -o /dev/null --max-time 60 -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' 'http://${VIP}/slow?bytes=${BYTES}&rate=${RATE}'`);
    let start: { server: string; clientPort: number } | undefined;
    await waitUntil('the download to start on a server', () => {
      for (const [id, file] of h.httpLogs) {
        const r = servedRequests(file).find((x) => x.event === 'slow-start' && x.client === CLIENT_IP && x.t * 1000 >= startedAt - 1000);
        if (r !== undefined) start = { server: id, clientPort: r.clientPort };
      }
      return start !== undefined;
    }, 15_000);
    const { server, clientPort } = start!;
    expect(westServers).toContain(server);
    await sleep(2000);

    const movedAt = Date.now();
    await routeVia('east');
    const pinned = await h.processes.get('east')!.waitForLog((r) => r.msg === 'WHOHAS: connection pinned to a neighbour\'s target' && r.client === `${CLIENT_IP}:${clientPort}`, 15_000);
    const pinnedAfterMs = Number(pinned.time) - movedAt;
    expect(pinned.neighbour).toBe('west');
    expect(pinned.target).toBe(server);
    const labels = pinned.labels as number[];
    expect(labels).toHaveLength(1);

    // Every later packet of the client rides east's pin flow across to west's edge.
    const flow = await h.net.ofctl('ee', ['dump-flows', `tcp,nw_src=${CLIENT_IP},tp_src=${clientPort},nw_dst=${VIP},tp_dst=80`]);
    expect(flow).toContain(`push_mpls:0x8847`);
    expect(flow).toContain(`${labels[0]}`);
    expect(flow).toContain('output:10');

    await waitUntil('the download to finish', async () => !(await h.net.bgStatus(pid)).running, 60_000, 250);
    const out = existsSync(log) ? readFileSync(log, 'utf8') : '';
    expect(out).toContain(`RESULT 200 ${BYTES} ${VIP}`);
    // One server from start to end, and it never gave up on the client.
    const served = servedOn(clientPort);
    expect([...served.keys()]).toEqual([server]);
    expect(served.get(server)).not.toContain('slow-aborted');
    // After the move the client's packets did reach west's server through east: its
    // pin flow on east counted them.
    const packets = Number(/n_packets=(\d+)/.exec(await h.net.ofctl('ee', ['dump-flows', `tcp,nw_src=${CLIENT_IP},tp_src=${clientPort},nw_dst=${VIP},tp_dst=80`]))?.[1] ?? 0);
    expect(packets).toBeGreaterThan(10);

    expect(await recovery('east', 'whohas_asked')).toBe(asked0 + 1);
    expect(await recovery('east', 'whohas_repinned')).toBe(repinned0 + 1);
    expect(await recovery('west', 'whohas_answered')).toBeGreaterThanOrEqual(answered0 + 1);
    console.log(`WHOHAS: ${server}'s download (client port ${clientPort}) pinned on east ${pinnedAfterMs} ms after the route moved; ${packets} packets through east's pin flow; ${BYTES} bytes received`);
  }, 120_000);

  it('decides new connections through east\'s edge among east\'s own servers', async () => {
    await routeVia('east');
    const servedBy = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = await curl(h.net, 'c1', `http://${VIP}/`);
      expect({ code: r.code, remoteIp: r.remoteIp }).toEqual({ code: '200', remoteIp: VIP });
      servedBy.add(r.servedBy);
    }
    // A first packet through east is east's to decide: never one of west's servers.
    for (const id of servedBy) expect(eastServers).toContain(id);
  }, 60_000);

  it('drops the packets of a connection no cluster knows, asking the neighbour once', async () => {
    await routeVia('east');
    const asked0 = await recovery('east', 'whohas_asked');
    const missed0 = await recovery('east', 'whohas_missed');
    const dropped0 = await recovery('east', 'unknown_connection_dropped');
    // Five bare ACKs of a connection nobody opened, from a raw socket (the kernel adds
    // the IP header; no TCP state anywhere).
    const script = [
      'import socket, struct, time',
      's = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)',
      "ack = struct.pack('!HHIIBBHHH', 45555, 80, 1000, 2000, 5 << 4, 0x10, 65535, 0, 0)",
      'for _ in range(5):',
      `    s.sendto(ack, ('${VIP}', 0))`,
      '    time.sleep(0.1)',
    ].join('\n');
    const r = await h.net.cmd('c1', `python3 -c "${script.replace(/"/g, '\\"')}"`);
    expect(r.exit).toBe(0);
    await waitUntil('east to drop all five', async () => (await recovery('east', 'unknown_connection_dropped')) >= dropped0 + 5, 10_000, 200);
    await waitUntil('east\'s query to end as a miss', async () => (await recovery('east', 'whohas_missed')) >= missed0 + 1, 10_000, 200);
    // One query for the connection: the packets behind the first waited for it or met the miss.
    expect(await recovery('east', 'whohas_asked')).toBe(asked0 + 1);
    expect(await recovery('east', 'whohas_missed')).toBe(missed0 + 1);
    expect(await recovery('east', 'unknown_connection_dropped')).toBe(dropped0 + 5);
    const pinFlow = await h.net.ofctl('ee', ['dump-flows', `tcp,tp_src=45555`]);
    expect(pinFlow).not.toContain('tp_src=45555');
  }, 60_000);
});
