// A real `slr agent` process with metrics.listen against a real site SLR registration
// service (mutual TLS over a unix socket): its GET /metrics agrees with what the SLR
// received, and the SLR side's metrics count the same registration and reports.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ControllerMetrics } from '../../../controller/metrics';
import { freePort } from '../../support/controller-process';
import { type Certs, makeCerts, REPO, type Slr, startSlr, waitFor } from '../peering/harness';

const SUBNET = '192.200.0.0/16';

/** One sample line "name{labels} value" of a text exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('agent metrics in a real agent process', () => {
  let certs: Certs;
  let slr: Slr;
  let agent: ChildProcess | undefined;
  let output = '';

  // Certificates take several openssl runs; on a loaded machine that is more than jest's 5 s default.
  beforeAll(async () => {
    certs = makeCerts(['srv1']);
    // Expiry after 10 s without a report, not the default 600 ms: a short stall of the
    // agent on a busy machine expired it, and the refused report that followed showed
    // as slr_agent_report_failures_total 1. Expiry has its own test (agent-process.test.ts).
    slr = await startSlr(certs, `unix:${path.join(certs.dir, 'slr.sock')}`, [{ id: 'srv1', kind: 'server', subnets: [SUBNET] }], { reportIntervalMs: 200, missedReportsToExpire: 50 });
  }, 30_000);
  afterAll(async () => {
    if (agent && agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
    await slr?.server.stop();
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  it('serves reports sent, the last load index and the registration state, matching the SLR', async () => {
    const port = await freePort();
    const configFile = path.join(certs.dir, 'srv1-agent.json');
    fs.writeFileSync(configFile, JSON.stringify({
      serverId: 'srv1',
      slr: { address: slr.server.address },
      tls: { caFile: certs.file('ca.crt'), certFile: certs.file('srv1.crt'), keyFile: certs.file('srv1.key') },
      dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:01' },
      subnets: [{ subnet: SUBNET, ports: [80] }],
      routes: { manage: false },
      load: { cpuSource: 'system' },
      metrics: { listen: `127.0.0.1:${port}` },
    }));
    agent = spawn(process.execPath, [path.join(REPO, 'test', 'integration', 'peering', 'run-ts.js'), path.join(REPO, 'cli', 'main.ts'), 'agent', '--config', configFile], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    agent.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    await waitFor('three reports at the SLR', () => slr.sink.of('report', 'srv1').length >= 3).catch((e: Error) => {
      throw new Error(`${e.message}\nagent output:\n${output}`);
    });

    // Stop the reports from moving under the comparison: read the SLR, the agent, the SLR.
    const before = slr.sink.of('report', 'srv1').length;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const after = slr.sink.of('report', 'srv1').length;
    const sent = sample(text, 'slr_agent_reports_sent_total')!;
    expect(sent).toBeGreaterThanOrEqual(before - 1); // the SLR may have counted one the agent has not seen answered yet
    expect(sent).toBeLessThanOrEqual(after);
    expect(sample(text, 'slr_agent_report_failures_total')).toBe(0);
    expect(sample(text, 'slr_agent_hellos_accepted_total')).toBe(1);
    expect(sample(text, 'slr_agent_registered')).toBe(1);
    expect(sample(text, 'slr_agent_state{state="registered"}')).toBe(1);
    const load = sample(text, `slr_agent_load_index{subnet="${SUBNET}"}`);
    expect(load).toBeGreaterThanOrEqual(0);
    expect(text).toContain('process_cpu_user_seconds_total');

    // The SLR side of the same exchange, through the controller's collectors.
    const controller = new ControllerMetrics({ processMetrics: false });
    controller.watchPeering(slr.server);
    const slrText = (await controller.render()).body;
    expect(sample(slrText, 'slr_agent_registrations_total')).toBe(1);
    expect(sample(slrText, 'slr_agents_registered')).toBe(1);
    expect(sample(slrText, 'slr_agent_reports_total')).toBeGreaterThanOrEqual(sent);

    agent.kill('SIGTERM');
    await new Promise((r) => agent!.once('exit', r));
    expect(output).toMatch(/metrics listening/);
    // A whole agent process started from TypeScript sources: seconds on a loaded machine.
  }, 60_000);
});
