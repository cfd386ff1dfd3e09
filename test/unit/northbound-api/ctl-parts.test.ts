// The pieces of `slr ctl` that need no server: argument parsing and text layout.
import { endpoint, endpointText, listFlag, numberFlag, parseArgs, UsageError } from '../../../northbound-api/client/args';
import { toYaml } from '../../../northbound-api/client/yaml';
import { keyValues, table } from '../../../northbound-api/client/format';
import { runCtl, usage } from '../../../northbound-api/client/run-ctl';

const known = new Set(['weight', 'url', 'ports']);

describe('slr ctl arguments', () => {
  it('separates positionals, --flag value, --flag=value and switches', () => {
    const a = parseArgs(['targets', 'set', 'srv1', '--weight', '3', '--url=http://x:1', '--json'], known);
    expect(a.positionals).toEqual(['targets', 'set', 'srv1']);
    expect(Object.fromEntries(a.flags)).toEqual({ weight: '3', url: 'http://x:1' });
    expect([...a.switches]).toEqual(['json']);
  });

  it('refuses unknown options, missing values and values on switches', () => {
    expect(() => parseArgs(['--wieght', '3'], known)).toThrow(UsageError);
    expect(() => parseArgs(['--weight'], known)).toThrow('--weight needs a value');
    expect(() => parseArgs(['--json=yes'], known)).toThrow('--json takes no value');
    // A value starting with "-" must be attached, so a forgotten value is never a flag eaten as one.
    expect(() => parseArgs(['--weight', '-1'], known)).toThrow('--weight needs a value');
    expect(Object.fromEntries(parseArgs(['--weight=-1'], known).flags)).toEqual({ weight: '-1' });
  });

  it('parses numbers, lists and endpoints strictly', () => {
    expect(numberFlag(parseArgs(['--weight', '2.5'], known), 'weight')).toBe(2.5);
    expect(() => numberFlag(parseArgs(['--weight', '3x'], known), 'weight')).toThrow('--weight needs a number');
    expect(listFlag(parseArgs(['--ports', '80, 443,'], known), 'ports')).toEqual(['80', '443']);
    expect(endpoint('10.0.0.1:4242', 'client')).toEqual({ ip: '10.0.0.1', port: 4242 });
    expect(endpoint('[2001:db8::1]:443', 'client')).toEqual({ ip: '2001:db8::1', port: 443 });
    expect(endpoint('[::ffff:10.0.0.1]:80', 'client')).toEqual({ ip: '::ffff:10.0.0.1', port: 80 });
    expect(endpointText({ ip: '2001:db8::1', port: 443 })).toBe('[2001:db8::1]:443');
    for (const bad of ['10.0.0.1', '2001:db8::1:443', '[2001:db8::1]', '[10.0.0.1]:80', '[2001:db8::g]:80', '10.0.0.256:80', '10.0.0.1:65536']) {
      expect(() => endpoint(bad, 'client')).toThrow('client must be ADDRESS:PORT (IPv4) or [ADDRESS]:PORT (IPv6)');
    }
  });
});

describe('slr ctl output', () => {
  it('aligns table columns and shows absent values as "-"', () => {
    const out = table([{ header: 'ID', value: (r: { id: string }) => r.id }, { header: 'N', value: (r: { n?: number[] }) => r.n }], [{ id: 'a', n: [1, 2] }, { id: 'long-id' }]);
    expect(out).toBe('ID       N\na        1,2\nlong-id  -\n');
    expect(keyValues({ a: 1, bbb: { x: 1 } })).toBe('a:   1\nbbb: {"x":1}\n');
  });

  it('prints usage covering every resource; no arguments is exit 2, --help exit 0', async () => {
    for (const r of ['targets', 'services', 'policies', 'pins', 'simulate', 'switches', 'levels', 'peers', 'health']) expect(usage()).toContain(`slr ctl ${r}`);
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {} };
    expect(await runCtl([], io)).toBe(2);
    expect(await runCtl(['--help'], io)).toBe(0);
    expect(out).toContain('usage: slr ctl');
  });
});

describe('slr ctl -o yaml', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as { load(text: string): unknown };

  it('writes block YAML that an independent reader turns back into the same value', () => {
    const values: unknown[] = [
      { id: 'srv1', weight: 1.5, up: true, none: null, tags: [], meta: {}, nested: { a: [1, { b: 'c' }], d: { e: 'f' } } },
      [['a', 'b'], [], [{}], { k: [[1]] }],
      // Strings a YAML reader would otherwise turn into something else.
      { dpid: '00:00:00:00:00:00:00:01', ip: '10.0.0.1', n: '42', t: 'true', y: 'yes', o: 'off', tilde: '~', when: '2026-12-02T12:00:00Z',
        empty: '', space: ' lead', colon: 'a: b', hash: 'a #b', dash: '- x', quote: 'say "hi"', nl: 'line\nnext', uni: 'caf\u00e9 \u2713', ctl: '\u0007' },
      'plain', 42, null, true, [],
    ];
    for (const v of values) expect(yaml.load(toYaml(v))).toEqual(v);
  });

  it('indents as people write it', () => {
    expect(toYaml({ id: 'web', ports: [80, 443], policy: { type: 'least-load' } })).toBe('id: web\nports:\n- 80\n- 443\npolicy:\n  type: least-load\n');
    expect(toYaml([{ id: 'a', count: 1 }, { id: 'b', count: 2 }])).toBe('- id: a\n  count: 1\n- id: b\n  count: 2\n');
  });
});
