import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MODULES, parseArgs } from '../../../cli/controller';
import { configSectionsOf } from '../../../controller/app-module';
import { loadConfigFile } from '../../../controller/config/load';

describe('slr controller command line', () => {
  it('parses --config, --port and --host (also in --flag=value form)', () => {
    expect(parseArgs(['--config', 'c.json', '--port', '0', '--host=127.0.0.1'])).toEqual({
      configFile: 'c.json',
      overrides: { port: 0, host: '127.0.0.1' },
      help: false,
    });
  });

  it('explains bad arguments', () => {
    expect(parseArgs(['--port', 'x'])).toMatch(/--port needs a number/);
    expect(parseArgs(['--port', '70000'])).toMatch(/--port needs a number/);
    expect(parseArgs(['--config'])).toMatch(/--config needs a file/);
    expect(parseArgs(['--verbose'])).toMatch(/unknown argument "--verbose"/);
  });

  it('accepts the example config with every registered module', () => {
    const path = join(__dirname, '../../../config/example.json');
    JSON.parse(readFileSync(path, 'utf8'));
    const cfg = loadConfigFile(path, { sections: configSectionsOf(APP_MODULES), overrides: { port: 0 } });
    expect(cfg.openflow.port).toBe(0);
    expect(cfg.apps.forwarding).toMatchObject({ enabled: true, idleTimeout: 60 });
  });
});
