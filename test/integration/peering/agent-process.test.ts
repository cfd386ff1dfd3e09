// Real agent processes (`slr agent --config FILE`, compiled on the fly by run-ts.js)
// against a real site SLR service: expiry after SIGKILL, goodbye on SIGTERM, and
// registration retried until a late SLR comes up. Routes are not managed here
// (routes.manage false): tests must not change this machine's routes.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Certs, makeCerts, REPO, Slr, startSlr, waitFor } from './harness';

const INTERVAL_MS = 200;
// 2 s of silence before expiry. With 3 (600 ms), a busy shared machine that starved a
// live agent for a moment expired it before the test killed it, and it registered again.
const MISSED = 10;

// Each test starts agent processes compiled from TypeScript on the fly: seconds when the
// machine is loaded, beyond jest's 5 s default; waitFor has its own 15 s deadlines.
jest.setTimeout(60_000);

let certs: Certs;
const children: ChildProcess[] = [];
const slrs: Slr[] = [];

beforeAll(() => { certs = makeCerts(['srv1', 'srv2', 'srv3']); });
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of slrs.splice(0)) await s.server.stop();
});
afterAll(() => fs.rmSync(certs.dir, { recursive: true, force: true }));

function socketPath(name: string): string {
  return `unix:${path.join(certs.dir, `${name}.sock`)}`;
}

async function slrAt(address: string): Promise<Slr> {
  const slr = await startSlr(
    certs,
    address,
    ['srv1', 'srv2', 'srv3'].map((id) => ({ id: id, kind: 'server', subnets: ['192.200.0.0/16'] })),
    { reportIntervalMs: INTERVAL_MS, missedReportsToExpire: MISSED },
  );
  slrs.push(slr);
  return slr;
}

function startAgentProcess(serverId: string, address: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const configFile = path.join(certs.dir, `${serverId}-agent.json`);
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      serverId,
      slr: { address },
      tls: { caFile: certs.file('ca.crt'), certFile: certs.file(`${serverId}.crt`), keyFile: certs.file(`${serverId}.key`) },
      dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:01' },
      subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
      routes: { manage: false },
      registration: { initialBackoffMs: 50, maxBackoffMs: 200 },
    }),
  );
  const child = spawn(process.execPath, [path.join(__dirname, 'run-ts.js'), path.join(REPO, 'cli', 'main.ts'), 'agent', '--config', configFile], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('agent processes', () => {
  it('an agent killed with SIGKILL expires after the configured missed reports', async () => {
    const slr = await slrAt(socketPath('kill'));
    const agent = startAgentProcess('srv1', slr.server.address);
    await waitFor('srv1 to report twice', () => slr.sink.of('report', 'srv1').length >= 2).catch((e: Error) => {
      throw new Error(`${e.message}\nagent output:\n${agent.output()}`);
    });
    agent.child.kill('SIGKILL');
    await agent.exited;
    await waitFor('srv1 to expire', () => slr.sink.of('expired', 'srv1').length === 1);

    const lastReport = slr.sink.of('report', 'srv1').at(-1)!;
    const expired = slr.sink.of('expired', 'srv1')[0];
    // Not before N whole intervals of silence (a lower bound: it cannot fail on a slow machine).
    expect(expired.at - lastReport.at).toBeGreaterThanOrEqual(MISSED * INTERVAL_MS);
    expect(slr.sink.of('deregistered')).toEqual([]);
    expect(slr.server.registry.get('srv1')).toBeUndefined();
    expect(slr.server.counters().expiries).toBe(1);
    expect(slr.log.find(/peer expired/, 'warn')?.fields).toMatchObject({ id: 'srv1', missedReports: MISSED });
  });

  it('an agent stopped with SIGTERM says goodbye and exits 0', async () => {
    const slr = await slrAt(socketPath('term'));
    const agent = startAgentProcess('srv2', slr.server.address);
    await waitFor('srv2 to report', () => slr.sink.of('report', 'srv2').length >= 1).catch((e: Error) => {
      throw new Error(`${e.message}\nagent output:\n${agent.output()}`);
    });
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(slr.sink.of('deregistered', 'srv2')).toHaveLength(1);
    expect(slr.sink.of('expired')).toEqual([]);
    expect(agent.output()).toMatch(/deregistered from SLR/);
  });

  it('an agent started before its SLR keeps retrying and registers once the SLR is up', async () => {
    const address = socketPath('late');
    const agent = startAgentProcess('srv3', address);
    await waitFor('a failed registration attempt', () => /registration failed/.test(agent.output()));
    const slr = await slrAt(address);
    await waitFor('srv3 to register', () => slr.sink.of('registered', 'srv3').length === 1).catch((e: Error) => {
      throw new Error(`${e.message}\nagent output:\n${agent.output()}`);
    });
    await waitFor('srv3 to report', () => slr.sink.of('report', 'srv3').length >= 1);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
