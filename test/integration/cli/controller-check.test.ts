// `slr controller --check --config FILE` as an operator runs it (the built bin/slr in
// its own process): exit 0 with one line for a config start-up accepts; exit 2 with the
// message start-up would give for a schema error, a meaning error found while building
// the apps, an unreadable token file and a TLS key that does not match its certificate.
// It opens no socket and connects to nothing, so it answers at once.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const SLR = path.join(ROOT, 'bin', 'slr');
/** The parts of config/site-example.json the cases below edit. */
interface SiteExample {
  openflow: Record<string, unknown>;
  serviceRouting: { services: Array<{ targets: string[] }> };
  api: { port?: number; tokens: Array<Record<string, unknown>>; tls?: Record<string, string> };
  redis?: { url: string };
}
const example = (): SiteExample => JSON.parse(readFileSync(path.join(ROOT, 'config', 'site-example.json'), 'utf8')) as SiteExample;

describe('slr controller --check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slr-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('bash', [path.join(ROOT, 'scripts', 'gen-certs.sh'), '--other-ca', path.join(dir, 'certs')], { stdio: 'pipe' });
  const cert = (name: string): string => path.join(dir, 'certs', name);

  function check(config: unknown): { code: number | null; out: string; err: string } {
    const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(config));
    const r = spawnSync(process.execPath, [SLR, 'controller', '--check', '--config', file], { encoding: 'utf8', timeout: 20_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('accepts the site example, naming the apps, and exits 0 while the OpenFlow and API ports are taken', async () => {
    // Both ports busy: a check that tried to listen would fail.
    const busy: Server[] = await Promise.all([0, 0].map(() => new Promise<Server>((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => resolve(s)); })));
    const [of, api] = busy.map((s) => (s.address() as { port: number }).port);
    try {
      const cfg = example();
      cfg.openflow.port = of;
      cfg.api.port = api;
      // A Redis nobody runs: --check must not try to reach it.
      cfg.redis = { url: 'redis://127.0.0.1:1' };
      const r = check(cfg);
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      expect(r.out).toMatch(/: valid; apps: pipeline, service-routing, flow-pinning, recovery, forwarding; 0 files read\n$/);
    } finally {
      for (const s of busy) s.close();
    }
  });

  it('reads the TLS and token files the config names', () => {
    const cfg = example();
    writeFileSync(path.join(dir, 'token'), 'a-token-from-a-file-0123456789\n');
    cfg.api.tokens.push({ tokenFile: path.join(dir, 'token'), role: 'read' });
    cfg.api.tls = { keyFile: cert('slr.key'), certFile: cert('slr.crt') };
    cfg.openflow.tls = { caFile: cert('ca.crt'), certFile: cert('slr.crt'), keyFile: cert('slr.key') };
    const r = check(cfg);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.out).toMatch(/; 6 files read\n$/);
  });

  it.each([
    ['a schema error', (c: SiteExample) => { c.openflow.prot = 1; }, /unknown key "openflow.prot" \(did you mean "port"\?\)/],
    ['a meaning error found while building the apps', (c: SiteExample) => { c.serviceRouting.services[0].targets.push('srv9'); }, /serviceRouting: .*srv9/],
    ['an unreadable token file', (c: SiteExample) => { c.api.tokens.push({ tokenFile: '/nonexistent/token', role: 'read' }); }, /api\.tokens\.2\.tokenFile: cannot read \/nonexistent\/token/],
    ['a TLS key that is not the certificate\'s', (c: SiteExample) => { c.api.tls = { keyFile: cert('other-ca.key'), certFile: cert('slr.crt') }; }, /api\.tls: .* do not load as a TLS key pair: .*key values mismatch/],
    ['a missing OpenFlow CA file', (c: SiteExample) => { c.openflow.tls = { caFile: path.join(dir, 'none.crt'), certFile: cert('slr.crt'), keyFile: cert('slr.key') }; }, /openflow\.tls\.caFile: cannot read .*none\.crt/],
  ])('exits 2 on %s, with the message start-up gives', (_what, edit, message) => {
    const cfg = example();
    edit(cfg);
    const r = check(cfg);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  it('is a usage error (exit 2, one line and a hint) without a valid command line', () => {
    const r = spawnSync(process.execPath, [SLR, 'controller', '--check', '--config'], { encoding: 'utf8' });
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 2, err: "slr controller: --config needs a value\nhint: see 'slr controller --help'\n" });
  });
});
