// What the forwarding app (apps/forwarding) is expected to put on a switch, shared by
// the e2e tests: its cookies, its table and priority from the declared pipeline, and a
// config with a non-default idle timeout so the flows found on a switch prove they came
// from this config.
import { PRIORITY as LAYOUT_PRIORITY, TABLE } from '../../apps/pipeline/layout';
import { cookieAppId, isTableMiss, type DumpedFlow } from './flow-table';

// Fixed ids from controller/cookies.ts and apps/forwarding/flows.ts: the top 16 bits of
// a cookie name the app, the low 48 bits the kind of flow.
export const FORWARDING_APP_ID = 1;
export const PIPELINE_APP_ID = 5;
export const L2_TABLE = TABLE.l2;
export const TABLE_MISS_LOCAL = 1n;
export const LEARNED_LOCAL = 2n;
export const PRIORITY = LAYOUT_PRIORITY.l2.learned;
export const IDLE_TIMEOUT = 600;

export function forwardingTestConfig(): object {
  return {
    openflow: { host: '127.0.0.1', port: 0 },
    log: { level: 'debug' },
    apps: { forwarding: { enabled: true, idleTimeout: IDLE_TIMEOUT } },
  };
}

export const localCookie = (f: DumpedFlow): bigint => f.cookie & ((1n << 48n) - 1n);
export const isForwardingFlow = (f: DumpedFlow): boolean => cookieAppId(f.cookie) === FORWARDING_APP_ID;
export const isPipelineFlow = (f: DumpedFlow): boolean => cookieAppId(f.cookie) === PIPELINE_APP_ID;
export const isLearnedFlow = (f: DumpedFlow): boolean => isForwardingFlow(f) && localCookie(f) === LEARNED_LOCAL;

/** The forwarding app's table-miss (the last table's, to the controller), not the pipeline's joints. */
export const isForwardingTableMiss = (f: DumpedFlow): boolean => isTableMiss(f) && f.table === L2_TABLE && isForwardingFlow(f);

export const hasTableMiss = (flows: DumpedFlow[]): boolean =>
  flows.some((f) => isForwardingTableMiss(f) && localCookie(f) === TABLE_MISS_LOCAL && /CONTROLLER/.test(f.actions));
