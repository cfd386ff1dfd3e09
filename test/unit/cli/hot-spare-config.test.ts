// The ha config section as start-up and --check read it: off without the section or with
// enabled false, refused without redis or with a timing where one lost renewal ends the lease.
import { haConfigOf } from '../../../cli/hot-spare';
import { validateConfig } from '../../../controller/config/load';
import { configSectionsOf } from '../../../controller/app-module';
import { APP_MODULES } from '../../../cli/controller';

const load = (doc: object) => validateConfig(doc, { sections: configSectionsOf(APP_MODULES) });
const redis = { url: 'redis://127.0.0.1:6379' };

describe('ha config section', () => {
  it('is off when absent or disabled', () => {
    expect(haConfigOf(load({}))).toBeUndefined();
    expect(haConfigOf(load({ redis, ha: { enabled: false } }))).toBeUndefined();
  });

  it('fills the documented defaults', () => {
    expect(haConfigOf(load({ redis, ha: {} }))).toEqual({ enabled: true, leaseTtlMs: 400, renewIntervalMs: 100, acquireIntervalMs: 50, safetyMarginMs: 50 });
  });

  it('needs redis and a safe timing', () => {
    expect(() => haConfigOf(load({ ha: {} }))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => haConfigOf(load({ redis, ha: { leaseTtlMs: 100, renewIntervalMs: 80 } }))).toThrow(/renewIntervalMs \(80\) must be at most half/);
  });

  it('rejects unknown keys and owner names with spaces', () => {
    expect(() => load({ redis, ha: { leaseMs: 300 } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => load({ redis, ha: { instanceId: 'a b' } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
