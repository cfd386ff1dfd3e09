// `slr ctl` against the API listening on 127.0.0.1 (any free port).
import { makeHarness, READ_TOKEN, WRITE_TOKEN, type Harness } from '../../unit/northbound-api/fixture';
import { runCtl } from '../../../northbound-api/client/run-ctl';
import { parseIpv4Address } from '../../../controller/net';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await makeHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = h.app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
  const now = Date.now();
  h.store.reportLoad({ subnet: '10.0.0.100/32', targetId: 'srv1', load: 1, reportedAt: now });
  h.store.reportLoad({ subnet: '10.0.0.100/32', targetId: 'srv2', load: 4, reportedAt: now });
  h.engine.updateTable();
  h.pins.claim({ proto: 6, srcIp: parseIpv4Address('10.1.0.1')!, srcPort: 4000, dstIp: parseIpv4Address('10.0.0.100')!, dstPort: 80 }, 'srv2', 1n, 0);
});
afterAll(async () => {
  await h.app.close();
  h.services.close();
});

async function ctl(argv: string[], env: Record<string, string> = { SLR_API_URL: url, SLR_TOKEN: WRITE_TOKEN }, files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCtl(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    readFile: (p) => {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return files[p];
    },
  });
  return { code, stdout, stderr };
}

describe('slr ctl', () => {
  it('targets list prints a table, --json the objects', async () => {
    const t = await ctl(['targets', 'list']);
    expect(t.code).toBe(0);
    const lines = t.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+WEIGHT\s+COST\s+STATE\s+PINNED\s+VERSION$/);
    expect(lines[2]).toMatch(/^srv2\s+server\s+1\s+5\s+enabled\s+1\s+1$/);
    const j = await ctl(['--json', 'targets', 'list']);
    expect(JSON.parse(j.stdout).map((x: { id: string }) => x.id)).toEqual(['srv1', 'srv2', 'srv3']);
  });

  it('targets drain / set / enable change the target; flags and env both give URL and token', async () => {
    const d = await ctl(['targets', 'drain', 'srv2', '--url', url, '--token', WRITE_TOKEN], {});
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/adminState:\s+draining/);
    expect(h.catalog.target('srv2')?.adminState).toBe('draining');
    const s = await ctl(['targets', 'set', 'srv1', '--weight', '3', '--json']);
    expect(JSON.parse(s.stdout)).toMatchObject({ id: 'srv1', weight: 3 });
    expect((await ctl(['targets', 'enable', 'srv2'])).code).toBe(0);
    expect(h.catalog.target('srv2')?.adminState).toBe('enabled');
  });

  it('a stale --if-match is refused with the server\'s reason and exit 1', async () => {
    const r = await ctl(['targets', 'set', 'srv3', '--cost', '2', '--if-match', '999']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('412 PRECONDITION_FAILED');
    expect(h.catalog.target('srv3')?.cost).toBe(1);
  });

  it('simulate prints the choice and a candidate table', async () => {
    const r = await ctl(['simulate', '--client', '10.0.0.1:4242', '--vip', '10.0.0.100:80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/chosen:\s+srv1/);
    expect(r.stdout).toMatch(/^\*\s+srv1\s+enabled\s+yes\s+1\s+1\s+0\s+3\s+1$/m);
    const j = JSON.parse((await ctl(['--json', 'simulate', '--client', '10.1.0.1:4000', '--vip', '10.0.0.100:80'])).stdout);
    expect(j).toMatchObject({ pinnedTarget: 'srv2', reason: 'pinned' });
  });

  it('pins list filters and pins get/delete by 5-tuple', async () => {
    const l = await ctl(['pins', 'list', '--vip', '10.0.0.100/32', '--target', 'srv2'], { SLR_API_URL: url, SLR_TOKEN: READ_TOKEN });
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^tcp\s+10\.1\.0\.1:4000\s+10\.0\.0\.100:80\s+srv2\s+0000000000000001/m);
    expect((await ctl(['pins', 'list', '--target', 'srv1'])).stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse((await ctl(['--json', 'pins', 'get', 'tcp', '10.1.0.1:4000', '10.0.0.100:80'])).stdout)).toMatchObject({ target: 'srv2' });
    const denied = await ctl(['pins', 'delete', 'tcp', '10.1.0.1:4000', '10.0.0.100:80'], { SLR_API_URL: url, SLR_TOKEN: READ_TOKEN });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('403 FORBIDDEN');
    expect((await ctl(['pins', 'delete', 'tcp', '10.1.0.1:4000', '10.0.0.100:80'])).code).toBe(0);
    expect(h.pins.size).toBe(0);
  });

  it('services and policies: create from flags and from a file, list, delete', async () => {
    expect((await ctl(['policies', 'put', 'mix', '--type', 'weighted-sum', '--load-factor', '1', '--cost-factor', '2', '--aggregation', 'max'])).code).toBe(0);
    const c = await ctl(['services', 'create', 'api', '--prefix', '10.0.0.101/32', '--protocol', 'tcp', '--ports', '443,8443', '--targets', 'srv1,srv3', '--policy', 'mix']);
    expect(c.code).toBe(0);
    expect(h.catalog.service('api')?.spec.ports).toEqual([443, 8443]);
    const f = await ctl(['services', 'create', '--file', 'dns.json'], undefined, { 'dns.json': JSON.stringify({ id: 'dns', prefix: '10.0.0.53', protocol: 'udp', ports: [53], targets: ['srv3'], policy: 'least' }) });
    expect(f.code).toBe(0);
    const list = await ctl(['services', 'list']);
    expect(list.stdout).toMatch(/^api\s+vip\s+10\.0\.0\.101\/32\s+tcp\s+443,8443\s+srv1,srv3\s+mix\s+\d+$/m);
    const pol = await ctl(['policies', 'list']);
    expect(pol.stdout).toMatch(/^mix\s+weighted-sum\s+loadFactor=1 costFactor=2\s+max\s+-/m);
    expect((await ctl(['services', 'delete', 'dns'])).stdout).toBe('deleted service dns\n');
  });

  it('an invalid write prints each problem with its field', async () => {
    const r = await ctl(['services', 'create', 'bad', '--prefix', '10.0.0.0/24', '--protocol', 'tcp', '--ports', '80', '--targets', 'srv1,ghost', '--policy', 'least']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('422 INVALID_CHANGE');
    expect(r.stderr).toContain('body /targets/1: unknown target "ghost"');
    expect(r.stderr).toContain('body /prefix:');
  });

  it('switches, levels, peers and health print', async () => {
    expect((await ctl(['switches', 'list'])).stdout).toBe('DPID  UP  REMOTE  TABLES  PORTS\n');
    expect((await ctl(['levels', 'list'])).stdout).toContain('level site: 3 server targets');
    expect((await ctl(['peers', 'list'])).code).toBe(0);
    expect((await ctl(['health'], { SLR_API_URL: url })).stdout).toMatch(/^status:\s+ok$/m);
  });

  it('usage errors exit 2 without calling the API; a missing token is the server\'s 401', async () => {
    const cases: Array<[string[], string]> = [
      [['targets', 'set', 'srv1', '--weight', 'ten'], 'slr ctl: --weight needs a number, got "ten"\nhint: usage: slr ctl targets set ID [--weight N]'],
      [['targets', 'fly'], 'slr ctl: unknown command "targets fly"\nhint: targets takes list, get, delete, create, set, drain, enable, disable\n'],
      [['nothing'], 'slr ctl: unknown resource "nothing"\nhint: the resources are targets, services'],
      [['targets', 'set', 'srv1'], 'slr ctl: nothing to set: give --weight'],
      [['simulate', '--client', '10.0.0.1'], 'slr ctl: --client must be ADDRESS:PORT (IPv4) or [ADDRESS]:PORT (IPv6), got "10.0.0.1"\nhint: usage: slr ctl simulate --client'],
      [['simulate', '--client', '[10.0.0.1]:80', '--vip', '10.0.0.100:80'], 'slr ctl: --client must be ADDRESS:PORT'],
      [['--colour', 'x'], "slr ctl: unknown option --colour\nhint: see 'slr ctl --help'\n"],
      [['targets', 'list', '--wieght', '3'], "slr ctl: unknown option --wieght\nhint: did you mean --weight?"],
      [['targets', 'list', '--weight', '3'], 'slr ctl: --weight does not apply to "targets list"\nhint: usage: slr ctl targets list\n'],
      [['targets', 'drain', 'srv1', '--cost', '1'], 'slr ctl: --cost does not apply to "targets drain"'],
      [['targets', 'get', 'srv1', 'srv2'], 'slr ctl: unexpected argument "srv2"\nhint: usage: slr ctl targets get ID\n'],
      [['health', 'now'], 'slr ctl: unexpected argument "now"'],
      [['pins', 'get', 'tcp', '10.1.0.1:4000', '10.0.0.100:80', 'x'], 'slr ctl: unexpected argument "x"'],
      [['-o', 'xml', 'targets', 'list'], 'slr ctl: -o must be table, json or yaml, got "xml"'],
      [['--json', '-o', 'yaml', 'targets', 'list'], 'slr ctl: --json and -o yaml disagree'],
    ];
    for (const [argv, message] of cases) {
      const r = await ctl(argv);
      expect({ argv, code: r.code, stdout: r.stdout }).toEqual({ argv, code: 2, stdout: '' });
      expect(r.stderr.startsWith(message)).toBe(true);
      // One line and one hint: never the whole usage text.
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    }
    const anon = await ctl(['targets', 'list'], { SLR_API_URL: url });
    expect(anon.code).toBe(1);
    expect(anon.stderr).toContain('401 UNAUTHORIZED');
  });

  it('-o yaml and -o json print the same objects; -o table is the default', async () => {
    const y = await ctl(['-o', 'yaml', 'targets', 'get', 'srv1']);
    const j = await ctl(['--output=json', 'targets', 'get', 'srv1']);
    expect(y.code).toBe(0);
    expect(y.stdout).toMatch(/^id: srv1\nkind: server\n/);
    // An independent YAML reader (js-yaml, a test-only dependency) gets the JSON back.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('js-yaml') as { load(text: string): unknown };
    expect(yaml.load(y.stdout)).toEqual(JSON.parse(j.stdout));
    const pins = await ctl(['-o', 'yaml', 'simulate', '--client', '10.0.0.1:4242', '--vip', '10.0.0.100:80']);
    expect(yaml.load(pins.stdout)).toEqual(JSON.parse((await ctl(['-o', 'json', 'simulate', '--client', '10.0.0.1:4242', '--vip', '10.0.0.100:80'])).stdout));
    expect((await ctl(['-o', 'table', 'targets', 'list'])).stdout).toBe((await ctl(['targets', 'list'])).stdout);
    const refused = await ctl(['-o', 'yaml', 'targets', 'get', 'ghost']);
    expect(refused.code).toBe(1);
    expect(yaml.load(refused.stdout)).toMatchObject({ error: { status: 404, code: 'NOT_FOUND' } });
  });

  it('takes IPv6 endpoints: [ADDRESS]:PORT reaches the server (which answers for IPv4 services only)', async () => {
    const r = await ctl(['simulate', '--client', '[2001:db8::1]:4242', '--vip', '10.0.0.100:80']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('400 VALIDATION_FAILED: invalid body /client');
    const p = await ctl(['pins', 'get', 'tcp', '[2001:db8::1]:4242', '10.0.0.100:80']);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/^slr ctl: 400 /);
  });

  it('reaches an API on an IPv6 address (--url http://[::1]:PORT)', async () => {
    const v6 = await makeHarness();
    try {
      await v6.app.listen({ host: '::1', port: 0 });
      const port = (v6.app.server.address() as { port: number }).port;
      const r = await ctl(['targets', 'list', '--url', `http://[::1]:${port}`, '--token', WRITE_TOKEN], {});
      expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
      expect(r.stdout).toMatch(/^srv1\s+server/m);
    } finally {
      await v6.app.close();
      v6.services.close();
    }
  });

  it('an unreachable API is exit 1 with the address', async () => {
    const r = await ctl(['targets', 'list'], { SLR_API_URL: 'http://127.0.0.1:1', SLR_TOKEN: WRITE_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach http://127.0.0.1:1');
  });
});
