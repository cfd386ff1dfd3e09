// Site configurations bench:site can run slr with (--variant), one per candidate cause
// of the controller's residence time that a config switch can take away. (Log writes
// need no variant: the harness needs the info-level "listening" line, and the rounds
// count the lines the controller writes instead: none per connection at info level.)
import type { SiteOptions } from '../../test/support/site-harness';

export type SiteVariant = Omit<SiteOptions, 'name'>;

export const SITE_VARIANTS: Record<string, { what: string; options: SiteVariant }> = {
  default: { what: 'as shipped: Redis mirror, info logs to a pipe, pins idle out after 60 s with SEND_FLOW_REM', options: {} },
  'no-redis': { what: 'no Redis section: no pin mirror pipeline written before the FLOW_MOD', options: { redis: false } },
  'idle-1s': {
    what: 'pins idle out after 1 s: every connection\'s FLOW_REMOVED arrives during the run (steady state)',
    options: { controller: { ingress: { pinIdleTimeoutSec: 1 } } },
  },
  'no-idle-timeout': { what: 'no idle timeout on pins: no FLOW_REMOVED at all', options: { controller: { ingress: { pinIdleTimeoutSec: 0 } } } },
};

export function siteVariant(name: string): SiteVariant {
  const v = SITE_VARIANTS[name];
  if (v === undefined) throw new Error(`unknown --variant ${name}; one of ${Object.keys(SITE_VARIANTS).join(', ')}`);
  return v.options;
}
