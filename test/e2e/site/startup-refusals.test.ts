// `slr controller` refuses a bad site config at start: exit code 2 and a message that
// names the offending key or service. The site config itself is accepted (the control).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSiteLayout, siteControllerConfig } from '../../support/site-config';
import { runControllerExpectingExit } from '../../support/site-controller';
import { makeSiteCerts } from '../../support/site-harness';

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let tmp: string;
let good: Config;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'slr-site-refusals-'));
  const layout = loadSiteLayout();
  const certDir = makeSiteCerts(tmp, layout);
  good = siteControllerConfig({ layout, agentsSocket: path.join(tmp, 'agents.sock'), certDir, reportIntervalMs: 500, missedReportsToExpire: 3 });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const variant = (edit: (c: Config) => void): Config => {
  const c = structuredClone(good);
  edit(c);
  return c;
};

describe('slr controller start-up checks of the site config', () => {
  it('accepts the site config (keeps running until stopped)', async () => {
    const r = await runControllerExpectingExit(good, path.join(tmp, 'good.json'), 6000);
    expect(r.code).toBeNull();
    expect(r.output).toContain('"msg":"listening"');
  });

  it('refuses an unknown key and names it', async () => {
    const r = await runControllerExpectingExit(variant((c) => (c.serviceRouting.tableUpdateIntervalSecs = 1)), path.join(tmp, 'unknown-key.json'));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/unknown key "serviceRouting\.tableUpdateIntervalSecs"/);
  });

  it('refuses an unknown key in the agents section and names it', async () => {
    const r = await runControllerExpectingExit(variant((c) => (c.agents.reportInterval = 5)), path.join(tmp, 'unknown-agents-key.json'));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/agents\.reportInterval/);
  });

  it('refuses a VIP that overlaps another service and names both', async () => {
    const cfg = variant((c) => {
      c.serviceRouting.services.push({ id: 'shadow', prefix: '10.0.0.0/24', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least-load' });
    });
    const r = await runControllerExpectingExit(cfg, path.join(tmp, 'overlap.json'));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/service "shadow" \(10\.0\.0\.0\/24 tcp .*\) overlaps service "web"/);
  });

  it('refuses a VIP with no targets and names it', async () => {
    const r = await runControllerExpectingExit(variant((c) => (c.serviceRouting.services[0].targets = [])), path.join(tmp, 'no-targets.json'));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/serviceRouting\.services\.0\.targets" must NOT have fewer than 1 items/);
  });

  it('refuses a service naming a target that does not exist, naming both', async () => {
    const r = await runControllerExpectingExit(variant((c) => (c.serviceRouting.services[1].targets = ['srv1', 'srv9'])), path.join(tmp, 'ghost.json'));
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/service "vsubnet".*unknown target "srv9"/);
  });
});
