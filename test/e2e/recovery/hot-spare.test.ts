// Hot spare on real Open vSwitch (topologies/site.json, real agents, a real Redis): two
// controller processes, each switch connected to both. The master serves; the spare is
// OpenFlow SLAVE (Open vSwitch sends it no PACKET_IN) and writes nothing. A long
// download runs through the master; the master is SIGKILLed; the spare takes the lease,
// claims MASTER with a higher generation id, restores the pins from Redis and serves.
// The download finishes unbroken and new connections work again. The time from the kill
// to the first new connection served, and the mirroring lag (pin decided -> pin in
// Redis, from Redis keyspace notifications), are printed as one RESULT line.
import { existsSync, readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { startHotSpareSite, type HotSpareSite } from '../../support/hot-spare-site';
import { servedRequests, sleep, waitUntil } from '../../support/site-logs';
import { controllerMetrics, fetchMany } from '../../support/site-traffic';

const VIP = '10.0.0.100';
const BYTES = 2_000_000;
const RATE = 250_000; // 8 s of transfer

let hs: HotSpareSite;

/** A metric's value summed over its series in a controller's GET /metrics. */
async function metric(records: readonly Record<string, unknown>[], name: string): Promise<number> {
  const text = await controllerMetrics(records);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

describe('hot spare', () => {
  beforeAll(async () => {
    hs = await startHotSpareSite({ name: 'hot-spare' });
  }, 180_000);

  afterAll(async () => {
    await hs?.stop();
  });

  it('takes over from a SIGKILLed master: the running download finishes, new connections are served again', async () => {
    const { site, master, spare } = hs;
    const net = site.net;

    // Mirroring lag: every pin the master writes to Redis, seen through keyspace notifications.
    const admin = new Redis(hs.redisUrl);
    const sub = new Redis(hs.redisUrl);
    const seen = new Map<string, number>();
    try {
      await admin.config('SET', 'notify-keyspace-events', 'K$');
      const channelPrefix = `__keyspace@0__:`;
      await sub.psubscribe(`${channelPrefix}${hs.keyPrefix}pin:*`);
      sub.on('pmessage', (_pattern: string, channel: string, event: string) => {
        if (event === 'set') seen.set(channel.slice(channelPrefix.length), Date.now());
      });

      // The spare is SLAVE on both switches and gets nothing to answer.
      const ignoredBefore = await metric(spare.records, 'slr_packet_ins_ignored_total');
      const before = await fetchMany(net, 'c2', `http://${VIP}/`, { count: 40, concurrency: 4 });
      expect(before.succeeded).toBe(40);
      expect(await metric(spare.records, 'slr_packet_ins_ignored_total')).toBe(ignoredBefore);
      expect(await metric(spare.records, 'slr_packet_ins_dispatched_total')).toBe(0);
      expect(await metric(spare.records, 'slr_app_messages_sent_total')).toBe(0);
      const roles = await controllerMetrics(spare.records);
      expect(roles).toMatch(/slr_openflow_role\{dpid="0000000000000102",role="slave"\} 1/);
      expect(roles).toMatch(/slr_openflow_role\{dpid="0000000000000101",role="slave"\} 1/);

      // Pins of those 40 connections reached Redis; lag = seen in Redis - decided.
      await waitUntil('pins mirrored', () => seen.size >= 40, 10_000);
      const lags: number[] = [];
      for (const [key, at] of seen) {
        const value = await admin.get(key);
        const createdAt = value === null ? NaN : Number(value.split(' ')[2]);
        if (Number.isFinite(createdAt)) lags.push(at - createdAt);
      }
      lags.sort((a, b) => a - b);
      expect(lags.length).toBeGreaterThanOrEqual(30);

      // A long download through the master.
      const url = `http://${VIP}/slow?bytes=${BYTES}&rate=${RATE}`;
      const dl = await net.bg('c1', `exec curl -s -o /dev/null --max-time 60 -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' '${url}'`);
      let carrier = '';
      await waitUntil('the download to start on a server', () => {
        for (const id of ['srv1', 'srv2', 'srv3']) {
          if (servedRequests(site.httpLogs.get(id)!).some((r) => r.event === 'slow-start' && r.client === '10.0.1.1')) carrier = id;
        }
        return carrier !== '';
      }, 15_000);
      await sleep(1500);

      // New connections from c2, one attempt after another (each a fresh connection with a
      // short timeout), timestamps from the host's clock (the same machine clock as ours).
      const probe = await net.bg('c2', `for i in $(seq 1 80); do s=$(date +%s%3N); c=$(curl -s -o /dev/null --max-time 0.15 -w '%{http_code}' http://${VIP}/); e=$(date +%s%3N); echo "PROBE $s $e $c"; done`);
      await sleep(600);
      const killedAt = Date.now();
      process.kill(master.pid, 'SIGKILL');

      await spare.waitForLog((r) => r.msg === 'hot spare: master on every switch that answered', 10_000);
      const takeover = spare.records.find((r) => r.msg === 'hot spare: master on every switch that answered')!;
      expect(takeover).toMatchObject({ from: 'ctl-a', switches: 2, refused: 0 });
      const restored = spare.records.filter((r) => r.msg === 'hot spare: pins restored from the mirror');
      expect(restored.length).toBeGreaterThan(0);
      expect(Number(restored[0]!.pins)).toBeGreaterThan(0);

      await waitUntil('the probe loop to end', async () => !(await net.bgStatus(probe.pid)).running, 60_000, 250);
      const probes = readFileSync(probe.log, 'utf8').split('\n').filter((l) => l.startsWith('PROBE ')).map((l) => {
        const [, s, e, code] = l.split(' ');
        return { start: Number(s), end: Number(e), code };
      });
      const firstOk = probes.find((p) => p.start >= killedAt && p.code === '200');
      expect(firstOk).toBeDefined();
      const failoverMs = firstOk!.end - killedAt;
      // Every attempt started after the first success after the kill succeeded.
      expect(probes.filter((p) => p.start > firstOk!.end && p.code !== '200')).toEqual([]);

      // The download finishes whole on the server it started on.
      await waitUntil('the download to finish', async () => !(await net.bgStatus(dl.pid)).running, 45_000, 250);
      const out = existsSync(dl.log) ? readFileSync(dl.log, 'utf8') : '';
      expect(out).toContain(`RESULT 200 ${BYTES} ${VIP}`);
      const done = servedRequests(site.httpLogs.get(carrier)!).filter((r) => r.event === 'slow-done' && r.client === '10.0.1.1');
      expect(done).toHaveLength(1);

      // The new master serves new connections (agents re-registered with it meanwhile).
      const after = await fetchMany(net, 'c1', `http://${VIP}/`, { count: 40, concurrency: 4 });
      expect(after.succeeded).toBe(40);
      await waitUntil('agents registered with the new master', () => spare.records.filter((r) => r.msg === 'peer registered').length >= 3, 15_000);

      const result = {
        failoverMs,
        masterAfterKillMs: Number(takeover.time) - killedAt,
        leaseTtlMs: 400,
        takeover: { restoreMs: takeover.restoreMs, claimMs: takeover.claimMs, generation: takeover.generation },
        pinsRestored: restored[0]!.pins,
        mirrorLagMs: { n: lags.length, p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), max: lags.at(-1) },
        downloadBytes: BYTES,
        carrier,
      };
      process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    } finally {
      sub.disconnect();
      admin.disconnect();
    }
  }, 240_000);
});

describe('hot spare with a paused master (no split brain)', () => {
  beforeAll(async () => {
    hs = await startHotSpareSite({ name: 'hot-spare-paused' });
  }, 180_000);

  afterAll(async () => {
    await hs?.stop();
  });

  it('a master paused past its lease writes nothing when it wakes up: the spare stays master and the download finishes', async () => {
    const { site, master, spare } = hs;
    const net = site.net;
    const url = `http://${VIP}/slow?bytes=${BYTES}&rate=${RATE}`;
    const dl = await net.bg('c1', `exec curl -s -o /dev/null --max-time 60 -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' '${url}'`);
    await waitUntil('the download to start on a server', () => ['srv1', 'srv2', 'srv3'].some((id) =>
      servedRequests(site.httpLogs.get(id)!).some((r) => r.event === 'slow-start' && r.client === '10.0.1.1')), 15_000);

    // SIGSTOP: the process keeps its switch connections but runs nothing.
    process.kill(master.pid, 'SIGSTOP');
    await spare.waitForLog((r) => r.msg === 'hot spare: master on every switch that answered', 10_000);
    // New connections reach the spare while the old master sleeps.
    const during = await fetchMany(net, 'c2', `http://${VIP}/`, { count: 10, concurrency: 2 });
    expect(during.succeeded).toBe(10);
    const written = await metric(spare.records, 'slr_app_messages_sent_total');
    expect(written).toBeGreaterThan(0);

    // SIGCONT: its first timers and queued input run with a lapsed lease; its renewal finds
    // the spare's lease; it claims SLAVE and exits (code 3) without a single write.
    process.kill(master.pid, 'SIGCONT');
    const stopping = await master.waitForLog((r) => r.msg === 'stopping', 15_000);
    expect(stopping.signal).toBe('demoted');
    expect(master.records.some((r) => r.msg === 'hot spare: another controller holds the master lease: this one writes nothing more')).toBe(true);
    // No switch ever refused a write from it: it sent none after losing the lease.
    expect(master.records.filter((r) => r.msg === 'switch refused a write as from a slave: another controller is master here; writing nothing more')).toEqual([]);
    expect(master.records.filter((r) => r.msg === 'switch error' && r.errType === 1 && r.errCode === 10)).toEqual([]);
    // The spare was never demoted.
    expect(spare.records.filter((r) => String(r.msg).startsWith('hot spare: another controller'))).toEqual([]);
    expect(await metric(spare.records, 'slr_role_demotions_by_switch_total')).toBe(0);

    const after = await fetchMany(net, 'c2', `http://${VIP}/`, { count: 20, concurrency: 4 });
    expect(after.succeeded).toBe(20);
    await waitUntil('the download to finish', async () => !(await net.bgStatus(dl.pid)).running, 45_000, 250);
    const out = existsSync(dl.log) ? readFileSync(dl.log, 'utf8') : '';
    expect(out).toContain(`RESULT 200 ${BYTES} ${VIP}`);
  }, 240_000);
});
