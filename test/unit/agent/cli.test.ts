import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../cli/agent';

describe('slr agent command line', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
  afterEach(() => stderr.mockRestore());

  it('exits 2 with usage when --config is missing', async () => {
    expect(await run([])).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toBe('slr agent: --config FILE is required\nhint: usage: slr agent --config FILE\n');
  });

  it('exits 2 on an unknown option or an extra argument, naming it', async () => {
    expect(await run(['--config', 'a.json', '--verbose'])).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toBe("slr agent: unknown option --verbose\nhint: see 'slr agent --help'\n");
    expect(await run(['--config', 'a.json', 'b.json'])).toBe(2);
    expect(String(stderr.mock.calls[1][0])).toBe("slr agent: unexpected argument 'b.json'\nhint: see 'slr agent --help'\n");
  });

  it('exits 2 naming the unknown key of an invalid config, before touching anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slr-agent-cli-'));
    try {
      const file = path.join(dir, 'agent.json');
      fs.writeFileSync(file, JSON.stringify({ serverId: 'srv1', colour: 'blue' }));
      expect(await run(['--config', file])).toBe(2);
      expect(String(stderr.mock.calls[0][0])).toMatch(/unknown key 'colour'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
