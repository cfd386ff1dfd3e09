// SIGHUP under a long-lived transfer, in the Mininet site: the config file is edited to
// drain one server (adminState) and the controller reloaded; new connections stop going
// to that server while a slow download through the VIP keeps running on its own server,
// and a second reload that asks for a restart-only change is refused. The download
// finishes whole, from the VIP, and the edge switch was never disconnected.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { siteApiSection } from '../../support/site-api';
import { startSite, type Site } from '../../support/site-harness';
import { servedRequests, waitUntil } from '../../support/site-logs';
import { fetchMany } from '../../support/site-traffic';

const WEB = '10.0.0.100';
const BYTES = 2_000_000;
const RATE = 200_000; // 10 s of transfer

let site: Site;

beforeAll(async () => {
  site = await startSite({ name: 'site-reload', reportIntervalMs: 500, controller: { tableUpdateIntervalMs: 200, extra: siteApiSection() } });
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

interface ControllerFile {
  openflow: Record<string, unknown>;
  serviceRouting: { targets: Array<{ id: string; adminState?: string }> };
}

describe('config reload (SIGHUP) under a long-lived transfer', () => {
  it('applies a drained server and refuses a restart-only change while a download runs on unbroken', async () => {
    const configFile = path.join(site.dir, 'controller.config.json');
    const reloads = (msg: string): number => site.controller.records.filter((r) => r.msg === msg).length;
    const url = `http://${WEB}/slow?bytes=${BYTES}&rate=${RATE}`;
    const dl = await site.net.bg('c1', `exec curl -s -o /dev/null --max-time 60 -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' '${url}'`);
    let carrier = '';
    await waitUntil('the download to start on a server', () => {
      for (const id of ['srv1', 'srv2', 'srv3']) {
        if (servedRequests(site.httpLogs.get(id)!).some((r) => r.event === 'slow-start' && r.client === '10.0.1.1')) carrier = id;
      }
      return carrier !== '';
    }, 15_000);
    const other = ['srv1', 'srv2', 'srv3'].find((id) => id !== carrier)!;

    // 1. The file drains another server; SIGHUP applies it.
    const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as ControllerFile;
    cfg.serviceRouting.targets.find((t) => t.id === other)!.adminState = 'draining';
    writeFileSync(configFile, JSON.stringify(cfg, null, 2));
    process.kill(site.controller.pid, 'SIGHUP');
    await waitUntil('the reload to be applied', () => reloads('reloaded') === 1, 10_000);
    const done = site.controller.records.find((r) => r.msg === 'reloaded')!;
    expect(done.changed).toEqual(['serviceRouting.targets']);
    const after = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 40, concurrency: 2 });
    expect(after.succeeded).toBe(40);
    expect(after.byServer[other] ?? 0).toBe(0);

    // 2. A change only a restart can make is refused; the controller runs on.
    cfg.openflow.maxConnections = 100;
    writeFileSync(configFile, JSON.stringify(cfg, null, 2));
    process.kill(site.controller.pid, 'SIGHUP');
    await waitUntil('the reload to be refused', () => reloads('reload refused') === 1, 10_000);
    expect(site.controller.records.find((r) => r.msg === 'reload refused')!.reason).toBe('openflow.maxConnections cannot change without a restart');
    const still = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 20, concurrency: 2 });
    expect(still.succeeded).toBe(20);
    expect(still.byServer[other] ?? 0).toBe(0);

    // The download ran through both reloads and finishes whole, from the VIP.
    expect((await site.net.bgStatus(dl.pid)).running).toBe(true);
    await waitUntil('the download to finish', async () => !(await site.net.bgStatus(dl.pid)).running, 45_000, 250);
    const out = existsSync(dl.log) ? readFileSync(dl.log, 'utf8') : '';
    expect(out).toContain(`RESULT 200 ${BYTES} ${WEB}`);
    const log = servedRequests(site.httpLogs.get(carrier)!);
    expect(log.filter((r) => r.event === 'slow-done' && r.client === '10.0.1.1')).toHaveLength(1);
    expect(log.some((r) => r.event === 'slow-aborted')).toBe(false);
    // No switch connection was closed by either reload.
    expect(site.controller.records.filter((r) => r.msg === 'switch connection closed')).toEqual([]);
  }, 120_000);
});
