import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MODULES, parseArgs } from '../../../cli/controller';
import { formatUsageError, UsageError } from '../../../northbound-api/client/strict-args';
import { configSectionsOf } from '../../../controller/app-module';
import { loadConfigFile } from '../../../controller/config/load';

describe('slr controller command line', () => {
  it('parses --config, --port, --host and --check (also in --flag=value and -c forms)', () => {
    expect(parseArgs(['--config', 'c.json', '--port', '0', '--host=127.0.0.1'])).toEqual({
      configFile: 'c.json',
      overrides: { port: 0, host: '127.0.0.1' },
      help: false,
      check: false,
    });
    expect(parseArgs(['-c', 'c.json', '--check'])).toMatchObject({ configFile: 'c.json', check: true });
  });

  it('explains bad arguments in one line with a hint', () => {
    const problem = (argv: string[]): string => {
      try {
        parseArgs(argv);
        return 'accepted';
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return formatUsageError('slr controller', err as UsageError);
      }
    };
    expect(problem(['--port', 'x'])).toMatch(/--port needs a number 0..65535, got "x"/);
    expect(problem(['--port', '70000'])).toMatch(/--port needs a number/);
    expect(problem(['--config'])).toBe("slr controller: --config needs a value\nhint: see 'slr controller --help'\n");
    expect(problem(['--verbose'])).toBe("slr controller: unknown option --verbose\nhint: see 'slr controller --help'\n");
    expect(problem(['--confg', 'x'])).toBe("slr controller: unknown option --confg\nhint: did you mean --config? (see 'slr controller --help')\n");
    expect(problem(['c.json'])).toBe("slr controller: unexpected argument 'c.json'\nhint: see 'slr controller --help'\n");
    expect(problem(['--check=yes'])).toMatch(/--check takes no value/);
  });

  it('accepts the example config with every registered module', () => {
    const path = join(__dirname, '../../../config/example.json');
    JSON.parse(readFileSync(path, 'utf8'));
    const cfg = loadConfigFile(path, { sections: configSectionsOf(APP_MODULES), overrides: { port: 0 } });
    expect(cfg.openflow.port).toBe(0);
    expect(cfg.apps.forwarding).toMatchObject({ enabled: true, idleTimeout: 60 });
  });
});
