// The redis section's Sentinel keys: a list of sentinels goes with the name of the master
// group they watch, and a mistake is refused with a message naming both keys.
import { validateConfig } from '../../../../controller/config/load';
import { isSlrError } from '../../../../controller/errors';
import { REDIS_SECTION_SCHEMA, redisEndpointOf, type RedisConfig } from '../../../../controller/store/config-schema';
import { API_SECTION_SCHEMA } from '../../../../northbound-api/config-schema';

const sections = { topLevel: { redis: REDIS_SECTION_SCHEMA, api: API_SECTION_SCHEMA } };
const sentinels = [{ host: '10.0.0.5', port: 26379 }, { host: '10.0.0.6', port: 26379 }, { host: '10.0.0.7', port: 26379 }];

/** The problems validateConfig reports for a config (none: it is valid). */
function problems(config: unknown): string[] {
  try {
    validateConfig(config, { sections });
    return [];
  } catch (err) {
    if (!isSlrError(err, 'CONFIG_INVALID')) throw err;
    return (err.details?.problems as string[] | undefined) ?? [err.message];
  }
}

describe('redis section with Redis Sentinel', () => {
  it('accepts sentinels with the master group name, and fills the usual defaults', () => {
    const cfg = validateConfig({ redis: { url: 'redis://:secret@slr/0', sentinels, sentinelName: 'slr' } }, { sections });
    expect(cfg.redis).toEqual({ url: 'redis://:secret@slr/0', sentinels, sentinelName: 'slr', keyPrefix: 'slr:', maxReconnectDelayMs: 2000 });
  });

  it('accepts a sentinel password next to the list', () => {
    expect(problems({ redis: { url: 'redis://x', sentinels, sentinelName: 'slr', sentinelPassword: 'pw' } })).toEqual([]);
  });

  it('refuses sentinels without a master group name, saying which key is missing', () => {
    expect(problems({ redis: { url: 'redis://x', sentinels } })).toEqual(['config: "redis.sentinels" is set, so "redis.sentinelName" is required too']);
  });

  it('refuses a master group name or a sentinel password without sentinels', () => {
    expect(problems({ redis: { url: 'redis://x', sentinelName: 'slr' } })).toEqual(['config: "redis.sentinelName" is set, so "redis.sentinels" is required too']);
    expect(problems({ redis: { url: 'redis://x', sentinelPassword: 'pw' } })).toEqual(['config: "redis.sentinelPassword" is set, so "redis.sentinels" is required too']);
  });

  it('refuses an empty list, a sentinel without a port, a bad port, unknown keys and a name with spaces', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ url: 'redis://x', sentinels: [], sentinelName: 'slr' }, /redis\.sentinels/],
      [{ url: 'redis://x', sentinels: [{ host: 'h' }], sentinelName: 'slr' }, /missing key "redis\.sentinels\.0\.port"/],
      [{ url: 'redis://x', sentinels: [{ host: 'h', port: 0 }], sentinelName: 'slr' }, /redis\.sentinels\.0\.port/],
      [{ url: 'redis://x', sentinels: [{ host: 'h', port: 26379, tls: true }], sentinelName: 'slr' }, /unknown key "redis\.sentinels\.0\.tls"/],
      [{ url: 'redis://x', sentinels, sentinelName: 'my master' }, /redis\.sentinelName/],
    ];
    for (const [redis, message] of bad) expect(problems({ redis }).join('\n')).toMatch(message);
  });

  it('still requires url with sentinels (its scheme, password and database number are used)', () => {
    expect(problems({ redis: { sentinels, sentinelName: 'slr' } })).toEqual(['config: missing key "redis.url"']);
  });

  it('gives the API state section the same keys and the same rule', () => {
    const api = (state: object) => ({ api: { state: { redisUrl: 'redis://x', ...state } } });
    expect(problems(api({ sentinels, sentinelName: 'slr' }))).toEqual([]);
    expect(problems(api({ sentinels }))).toEqual(['config: "api.state.sentinels" is set, so "api.state.sentinelName" is required too']);
  });

  it('redisEndpointOf keeps only where Redis is, without keys that were not given', () => {
    const plain: RedisConfig = { url: 'redis://h:1', keyPrefix: 'p:', maxReconnectDelayMs: 10 };
    expect(redisEndpointOf(plain)).toStrictEqual({ url: 'redis://h:1' });
    expect(redisEndpointOf({ ...plain, sentinels, sentinelName: 'slr', sentinelPassword: 'pw' })).toStrictEqual({ url: 'redis://h:1', sentinels, sentinelName: 'slr', sentinelPassword: 'pw' });
  });
});
