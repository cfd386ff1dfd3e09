// The pieces of `slr ctl` that need no server: argument parsing and text layout.
import { endpoint, listFlag, numberFlag, parseArgs, UsageError } from '../../../northbound-api/client/args';
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
  });

  it('parses numbers, lists and endpoints strictly', () => {
    expect(numberFlag(parseArgs(['--weight', '2.5'], known), 'weight')).toBe(2.5);
    expect(() => numberFlag(parseArgs(['--weight', '3x'], known), 'weight')).toThrow('--weight needs a number');
    expect(listFlag(parseArgs(['--ports', '80, 443,'], known), 'ports')).toEqual(['80', '443']);
    expect(endpoint('10.0.0.1:4242', 'client')).toEqual({ ip: '10.0.0.1', port: 4242 });
    expect(() => endpoint('10.0.0.1', 'client')).toThrow('client must be ADDRESS:PORT');
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
