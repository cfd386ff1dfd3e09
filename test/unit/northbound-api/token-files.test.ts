import { resolveTokens } from '../../../northbound-api/http/token-files';
import { API_SECTION_SCHEMA } from '../../../northbound-api/config-schema';
import { validateConfig } from '../../../controller/config/load';

const files: Record<string, string> = { '/s/ok': 'file-token-0123456789abcdef\n', '/s/short': 'abc\n', '/s/spaces': 'has spaces in it 0123456789\n' };
const read = (p: string): string => {
  if (!(p in files)) throw new Error(`ENOENT: ${p}`);
  return files[p];
};

describe('api tokens', () => {
  it('reads a token from its file (trailing newline dropped) and keeps inline ones', () => {
    expect(resolveTokens([{ tokenFile: '/s/ok', role: 'write' }, { token: 'inline-token-0123456789', role: 'read', name: 'ro' }], read)).toEqual([
      { token: 'file-token-0123456789abcdef', role: 'write', name: '/s/ok' },
      { token: 'inline-token-0123456789', role: 'read', name: 'ro' },
    ]);
  });

  it('names the entry when a file is missing or holds a bad token', () => {
    expect(() => resolveTokens([{ tokenFile: '/s/none', role: 'read' }], read)).toThrow(/api\.tokens\.0\.tokenFile: cannot read \/s\/none/);
    expect(() => resolveTokens([{ token: 'inline-token-0123456789', role: 'read' }, { tokenFile: '/s/short', role: 'read' }], read)).toThrow(/api\.tokens\.1\.tokenFile/);
    expect(() => resolveTokens([{ tokenFile: '/s/spaces', role: 'read' }], read)).toThrow(/printable/);
  });

  it('the config takes exactly one of token and tokenFile', () => {
    const sections = { topLevel: { api: API_SECTION_SCHEMA } };
    expect(() => validateConfig({ api: { tokens: [{ tokenFile: '/s/ok', role: 'read' }] } }, { sections })).not.toThrow();
    expect(() => validateConfig({ api: { tokens: [{ role: 'read' }] } }, { sections })).toThrow();
    expect(() => validateConfig({ api: { tokens: [{ token: 'inline-token-0123456789', tokenFile: '/s/ok', role: 'read' }] } }, { sections })).toThrow();
  });
});
