// The listener's unix socket handling: a socket file left by a crashed SLR is reused,
// a socket a running SLR answers on is never taken over.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Certs, makeCerts, startSlr, waitFor } from './harness';

let certs: Certs;
beforeAll(() => { certs = makeCerts(['srv1']); });
afterAll(() => fs.rmSync(certs.dir, { recursive: true, force: true }));

describe('agent listener on a unix socket', () => {
  it('replaces a stale socket file left by a killed process', async () => {
    const sock = path.join(certs.dir, 'stale.sock');
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => console.log('up'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    await waitFor('the child to listen', () => out.includes('up'));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(fs.existsSync(sock)).toBe(true); // SIGKILL leaves the file behind

    const slr = await startSlr(certs, `unix:${sock}`, [{ id: 'srv1', kind: 'server', subnets: ['192.200.0.0/16'] }]);
    expect(slr.server.address).toBe(`unix:${sock}`);
    await slr.server.stop();
  });

  it('refuses to take over a socket a running SLR listens on', async () => {
    const sock = path.join(certs.dir, 'busy.sock');
    const first = await startSlr(certs, `unix:${sock}`, [{ id: 'srv1', kind: 'server', subnets: ['192.200.0.0/16'] }]);
    try {
      await expect(startSlr(certs, `unix:${sock}`, [])).rejects.toThrow(/in use by another process/);
      expect(fs.existsSync(sock)).toBe(true);
    } finally {
      await first.server.stop();
    }
  });
});
