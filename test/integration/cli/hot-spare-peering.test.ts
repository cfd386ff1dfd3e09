// A promoted hot spare whose registration address is still held by the old master
// (paused, not killed: its unix socket answers). A real SlrProcess with two levels,
// real certificates and sockets: the second level's socket is held by another
// listener, so the first attempt fails; it must leave the first level's socket closed
// (not bound twice at the next attempt), and the attempt after the holder went away
// starts both registration services.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { APP_MODULES } from '../../../cli/controller';
import { startPeeringAfresh } from '../../../cli/hot-spare';
import { createSlrProcess, type SlrProcess } from '../../../cli/slr-process';
import { configSectionsOf } from '../../../controller/app-module';
import { validateConfig } from '../../../controller/config/load';
import { silentLogger } from '../../../controller/logger';
import { makeCerts, type Certs } from '../peering/harness';

let certs: Certs;
let dir: string;
const sock = (name: string): string => path.join(dir, `${name}.sock`);

beforeAll(() => {
  certs = makeCerts(['srv1', 'srv2']);
  dir = mkdtempSync(path.join(os.tmpdir(), 'slr-hsp-'));
});

afterAll(() => {
  rmSync(certs.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function level(id: string, dpid: string, vip: string, server: string): Record<string, unknown> {
  return {
    id, kind: 'site',
    ingress: { dpids: [dpid] },
    targets: [{ id: server, attachment: { ip: '10.0.1.1', mac: '02:00:00:00:01:01', port: 1 } }],
    services: [{ id: 'web', prefix: vip, protocol: 'tcp', ports: [80], targets: [server], policy: 'least' }],
    policies: { least: { type: 'least-load' } },
    registration: { listen: `unix:${sock(id)}`, tls: { caFile: certs.file('ca.crt'), certFile: certs.file('slr.crt'), keyFile: certs.file('slr.key') } },
  };
}

/** Whether something accepts connections on a unix socket path. */
function answers(p: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(p);
    c.once('connect', () => { c.destroy(); resolve(true); });
    c.once('error', () => resolve(false));
  });
}

describe('a promoted spare starting its peering while the old master holds an address', () => {
  let slr: SlrProcess;
  let holder: net.Server | undefined;

  afterEach(async () => {
    await slr?.stopPeering();
    await new Promise<void>((resolve) => (holder?.listening ? holder.close(() => resolve()) : resolve()));
  });

  it('fails without keeping the services it did start, and starts them all once the address is free', async () => {
    const config = validateConfig({ levels: [level('a', '1', '10.0.0.100', 'srv1'), level('b', '2', '10.0.0.101', 'srv2')] }, { sections: configSectionsOf(APP_MODULES) });
    slr = createSlrProcess(config, silentLogger())!;
    // The old master's socket for level b: it answers, so it is not stale and is not taken.
    holder = net.createServer();
    await new Promise<void>((resolve) => holder!.listen(sock('b'), resolve));

    await expect(startPeeringAfresh(slr)).rejects.toThrow(/in use by another process/);
    expect(slr.registrations.size).toBe(0);
    expect(await answers(sock('a'))).toBe(false);

    // The old master exits: its socket goes; the next attempt binds both.
    await new Promise<void>((resolve) => holder!.close(() => resolve()));
    await startPeeringAfresh(slr);
    expect([...slr.registrations.keys()]).toEqual(['a', 'b']);
    expect(await answers(sock('a'))).toBe(true);
    expect(await answers(sock('b'))).toBe(true);
  });
});
