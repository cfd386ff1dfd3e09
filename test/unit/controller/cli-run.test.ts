// The `slr controller` contract the end-to-end tests rely on: a JSON "listening" line
// carrying the real port (also with --port 0), a switch served, and a clean stop on SIGTERM.
import fs from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../cli/controller';
import { FakeSwitch } from '../../support/fake-switch';

function captureStdout(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown) => {
    const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString();
    if (fd === 1) chunks.push(text);
    return text.length;
  }) as typeof fs.writeSync);
  return {
    lines: () => chunks.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}

async function until<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('slr controller (in-process run)', () => {
  it('logs the real port for --port 0, serves a switch, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slr-cli-'));
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ openflow: { port: 6653 }, log: { level: 'info' }, apps: { forwarding: { idleTimeout: 11 } } }));
    const out = captureStdout();
    let stopped = false;
    const exit = run(['--config', cfg, '--port', '0', '--host', '127.0.0.1']).finally(() => {
      stopped = true;
    });
    try {
      const listening = await until(() => out.lines().find((l) => l.msg === 'listening'));
      expect(listening.host).toBe('127.0.0.1');
      expect(typeof listening.port).toBe('number');
      expect(listening.port).not.toBe(6653);
      expect(listening.port).toBeGreaterThan(0);

      const sw = await FakeSwitch.connect(listening.port as number, { datapathId: 0x99n });
      await sw.waitFor((m) => m.type === 'FLOW_MOD', 5000);
      await until(() => out.lines().find((l) => l.msg === 'reconciled' && l.dpidHex === '0000000000000099'));
      expect(out.lines().find((l) => l.msg === 'switch up')).toMatchObject({ dpid: '0000000000000099', component: 'core' });

      process.emit('SIGTERM', 'SIGTERM');
      await expect(exit).resolves.toBe(0);
      await sw.closed;
      expect(out.lines().at(-1)).toMatchObject({ msg: 'stopped' });
    } finally {
      out.restore();
      // A failed assertion must not leave the controller listening.
      if (!stopped) process.emit('SIGTERM', 'SIGTERM');
    }
  });

  it('rejects a bad config with the key named and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slr-cli-'));
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ openflow: { prot: 1 } }));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(run(['--config', cfg])).resolves.toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('config: unknown key "openflow.prot" (did you mean "port"?)');
    } finally {
      err.mockRestore();
    }
  });
});
