// Builds the AppContext an app gets: every write goes through the core with the app's
// own cookie space; reads (stats) default to that space too.
import { OFPG_ANY, OFPP_ANY, OFPTT_ALL } from '../southbound/codec/constants';
import type { AggregateStats, FlowStats, FlowStatsRequestBody, MultipartReplyBody, MultipartRequest, MultipartRequestBody } from '../southbound/codec/types';
import type { AppContext, DatapathDirectory } from './app';
import type { RegisteredApp } from './app-registry';
import type { Change, FlowFilter } from './changes';
import type { Clock } from './clock';
import { LOCAL_COOKIE_MAX } from './cookies';
import { dpidToHex } from './dpid';
import { fromChannelError, SlrError } from './errors';
import type { ReconcileReport } from './reconcile-report';
import { MeterSpace } from './meter-space';
import type { SwitchLink } from './switch-link';

/** What the context needs from the core. */
export interface ContextHost {
  readonly clock: Clock;
  readonly datapaths: DatapathDirectory;
  connectedLink(dpid: bigint): SwitchLink | undefined;
  applyChanges(reg: RegisteredApp, dpid: bigint, changes: Change[]): boolean;
  reconcile(dpid: bigint, appId?: number): Promise<ReconcileReport>;
}

function linkOrThrow(host: ContextHost, dpid: bigint): SwitchLink {
  const link = host.connectedLink(dpid);
  if (!link) throw new SlrError('UNKNOWN_DATAPATH', `no connected switch ${dpidToHex(dpid)}`);
  return link;
}

export async function multipartBodies(link: SwitchLink, body: MultipartRequestBody, what: string): Promise<MultipartReplyBody[]> {
  const req = { type: 'MULTIPART_REQUEST', xid: 0, flags: 0, ...body } as MultipartRequest;
  try {
    const replies = await link.multipart(req);
    return replies.map((r) => ({ mpType: r.mpType, body: r.body }) as MultipartReplyBody);
  } catch (err) {
    throw fromChannelError(err, what);
  }
}

/** A flow or aggregate stats request body confined to the app's cookie space. */
function confinedStatsBody(reg: RegisteredApp, filter: FlowFilter): FlowStatsRequestBody {
  const confined = reg.space.confine(filter.cookie ?? 0n, filter.cookieMask ?? (filter.cookie === undefined ? 0n : LOCAL_COOKIE_MAX));
  if (!confined) throw new SlrError('COOKIE_OUT_OF_RANGE', `app ${reg.app.name}: stats cookie does not fit 48 bits`);
  return {
    tableId: filter.tableId ?? OFPTT_ALL,
    outPort: filter.outPort ?? OFPP_ANY,
    outGroup: filter.outGroup ?? OFPG_ANY,
    cookie: confined.cookie,
    cookieMask: confined.cookieMask,
    match: filter.match ?? [],
  };
}

export function makeAppContext(host: ContextHost, reg: RegisteredApp): AppContext {
  return {
    appId: reg.app.appId,
    name: reg.app.name,
    log: reg.log,
    clock: host.clock,
    datapaths: host.datapaths,
    meters: reg.meters ?? new MeterSpace(reg.app.appId),
    apply: (dpid, changes) => host.applyChanges(reg, dpid, changes),
    barrier: async (dpid) => {
      const link = linkOrThrow(host, dpid);
      try {
        await link.barrier();
      } catch (err) {
        throw fromChannelError(err, `barrier to ${dpidToHex(dpid)}`);
      }
    },
    flowStats: async (dpid, filter: FlowFilter = {}) => {
      const link = linkOrThrow(host, dpid);
      const confined = reg.space.confine(filter.cookie ?? 0n, filter.cookieMask ?? (filter.cookie === undefined ? 0n : LOCAL_COOKIE_MAX));
      if (!confined) throw new SlrError('COOKIE_OUT_OF_RANGE', `app ${reg.app.name}: stats cookie does not fit 48 bits`);
      const bodies = await multipartBodies(
        link,
        {
          mpType: 'FLOW',
          body: {
            tableId: filter.tableId ?? OFPTT_ALL,
            outPort: filter.outPort ?? OFPP_ANY,
            outGroup: filter.outGroup ?? OFPG_ANY,
            cookie: confined.cookie,
            cookieMask: confined.cookieMask,
            match: filter.match ?? [],
          },
        },
        `flow stats from ${dpidToHex(dpid)}`,
      );
      const flows: FlowStats[] = [];
      for (const b of bodies) if (b.mpType === 'FLOW') flows.push(...b.body);
      return flows;
    },
    aggregateStats: async (dpid, filter: FlowFilter = {}) => {
      const link = linkOrThrow(host, dpid);
      const body = confinedStatsBody(reg, filter);
      const bodies = await multipartBodies(link, { mpType: 'AGGREGATE', body }, `aggregate stats from ${dpidToHex(dpid)}`);
      const sum: AggregateStats = { packetCount: 0n, byteCount: 0n, flowCount: 0 };
      for (const b of bodies) {
        if (b.mpType !== 'AGGREGATE') continue;
        sum.packetCount += b.body.packetCount;
        sum.byteCount += b.body.byteCount;
        sum.flowCount += b.body.flowCount;
      }
      return sum;
    },
    multipart: (dpid, body) => multipartBodies(linkOrThrow(host, dpid), body, `${body.mpType} request to ${dpidToHex(dpid)}`),
    reconcile: (dpid) => host.reconcile(dpid, reg.app.appId),
    reconcileSwitch: (dpid) => host.reconcile(dpid),
  };
}
