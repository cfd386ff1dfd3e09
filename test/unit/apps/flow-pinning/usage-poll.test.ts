// The flow-pinning app's accounting: what it asks the switches (through the core API)
// and what it reports per service and target, including connections whose flows ended.
import type { AppContext, FlowFilter } from '../../../../controller';
import { ManualClock } from '../../../../controller/clock';
import { silentLogger } from '../../../../controller/logger';
import { MemoryStore } from '../../../../controller/store/memory-store';
import { FlowPinningApp } from '../../../../apps/flow-pinning/flow-pinning-app';
import { PIN_COOKIE, REPLY_COUNT_COOKIE } from '../../../../apps/flow-pinning/pin-flows';
import { cookieWithTag, usageTag } from '../../../../apps/flow-pinning/usage-tags';
import { PRIORITY, TABLE } from '../../../../apps/pipeline/layout';
import { SlrLevel } from '../../../../level/slr-level';
import type { FlowStats } from '../../../../southbound/codec/types';
import { levelConfig } from '../slr-apps';
import { simContext } from '../../../support/sim-controller';

const DPID = 1n;
const APP_BASE = 3n << 48n;

function level(accounting?: { enabled: boolean; pollIntervalMs: number }): SlrLevel {
  return new SlrLevel({
    config: levelConfig({
      ingress: { dpids: ['0000000000000001'], vipMac: '02:00:00:00:00:01', gatewayIps: [], pinIdleTimeoutSec: 60, udpPinIdleTimeoutSec: 5 },
      targets: [
        { id: 'srv1', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 11 } },
        { id: 'srv2', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.12', mac: '02:00:00:00:01:12', port: 12 } },
      ],
      services: [
        { id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least' },
        { id: 'dns', prefix: '192.200.0.0/16', protocol: 'udp', ports: [53], targets: ['srv2'], policy: 'least' },
      ],
      policies: { least: { type: 'least-load' } },
      ...(accounting ? { accounting } : {}),
    }),
    store: new MemoryStore(),
    log: silentLogger(),
    clock: new ManualClock(1_700_000_000_000),
  });
}

/** A switch that answers stats requests from fixed per-cookie figures, and records the requests. */
function statsContext(aggregates: Map<bigint, [bigint, bigint, number]>, replyFlows: FlowStats[], requests: FlowFilter[]): AppContext {
  const ctx = simContext('flow-pinning', new ManualClock(0), () => undefined);
  return {
    ...ctx,
    datapaths: { get: () => ({ up: true }) as never, list: () => [] },
    aggregateStats: async (_dpid, filter = {}) => {
      requests.push(filter);
      const [bytes, packets, flows] = aggregates.get(filter.cookie ?? 0n) ?? [0n, 0n, 0];
      return { byteCount: bytes, packetCount: packets, flowCount: flows };
    },
    flowStats: async (_dpid, filter = {}) => {
      requests.push(filter);
      return replyFlows;
    },
  };
}

const replyFlow = (tag: bigint, bytes: bigint, packets: bigint): FlowStats => ({
  tableId: TABLE.pins, durationSec: 1, durationNsec: 0, priority: PRIORITY.pins.replyCount, idleTimeout: 0, hardTimeout: 0, flags: 0,
  cookie: APP_BASE | cookieWithTag(REPLY_COUNT_COOKIE, tag), packetCount: packets, byteCount: bytes, match: [], instructions: [],
});

describe('accounting in the flow-pinning app', () => {
  it('polls one aggregate per (service, target) by cookie and the reply-counting flows by kind, and adds ended flows', async () => {
    const l = level();
    const app = new FlowPinningApp([l]);
    const web1 = usageTag('web', 'srv1');
    const requests: FlowFilter[] = [];
    const aggregates = new Map([[cookieWithTag(PIN_COOKIE, web1), [2_000n, 20n, 3] as [bigint, bigint, number]]]);
    app.start(statsContext(aggregates, [replyFlow(web1, 90_000n, 70n)], requests));
    // A connection of web on srv2 ended before any poll.
    app.onFlowRemoved({
      type: 'flow-removed', dpid: DPID, cookie: cookieWithTag(PIN_COOKIE, app.tags.tag('web', 'srv2')), tableId: TABLE.pins, priority: PRIORITY.pins.pin,
      reason: 0, match: [], idleTimeout: 60, hardTimeout: 0, durationSec: 61, packetCount: 9n, byteCount: 1_200n,
    });
    await app.pollUsage(l);
    app.stop();
    // web x2 targets + dns x1 target, and one reply-flow request, all in the pins table.
    expect(requests).toHaveLength(4);
    expect(requests.every((r) => r.tableId === TABLE.pins)).toBe(true);
    expect(requests.filter((r) => r.cookieMask === undefined).map((r) => r.cookie).sort()).toEqual(
      [cookieWithTag(PIN_COOKIE, web1), cookieWithTag(PIN_COOKIE, usageTag('web', 'srv2')), cookieWithTag(PIN_COOKIE, usageTag('dns', 'srv2'))].sort(),
    );
    const usage = app.serviceUsage('web')!;
    expect(usage).toMatchObject({
      service: 'web', level: 'site',
      toService: { bytes: 3_200, packets: 29 }, fromService: { bytes: 90_000, packets: 70 },
      bytes: 93_200, packets: 99, connections: 4, activeConnections: 3,
    });
    expect(usage.accounting).toEqual({ enabled: true, pollIntervalMs: 5000, lastPollAt: new Date(1_700_000_000_000).toISOString() });
    expect(usage.targets.map((t) => [t.target, t.toService.bytes, t.fromService.bytes, t.connections])).toEqual([['srv1', 2_000, 90_000, 3], ['srv2', 1_200, 0, 1]]);
    expect(app.serviceUsage('dns')).toMatchObject({ bytes: 0, connections: 0 });
    expect(app.serviceUsage('nope')).toBeUndefined();
  });

  it('installs reply-counting flows per (service, server) and port, that only count and go on', () => {
    const l = level();
    const app = new FlowPinningApp([l]);
    const flows = [...app.desiredFlows(DPID)].filter((f) => f.priority === PRIORITY.pins.replyCount);
    expect(flows).toHaveLength(3);
    const dns = flows.find((f) => f.match.some((m) => m.field === 'udp_src'))!;
    expect(dns.match).toEqual([
      { field: 'eth_type', value: 0x0800 },
      { field: 'eth_src', value: '02:00:00:00:01:12' },
      { field: 'ip_proto', value: 17 },
      { field: 'ipv4_src', value: '192.200.0.0', mask: '255.255.0.0' },
      { field: 'udp_src', value: 53 },
    ]);
    expect(dns.cookie).toBe(cookieWithTag(REPLY_COUNT_COOKIE, usageTag('dns', 'srv2')));
    expect(dns.instructions).toEqual([{ type: 'GOTO_TABLE', tableId: TABLE.services }]);
    expect(dns.idleTimeout ?? 0).toBe(0);
  });

  it('installs none and polls nothing when accounting is off', async () => {
    const l = level({ enabled: false, pollIntervalMs: 1000 });
    const app = new FlowPinningApp([l]);
    expect([...app.desiredFlows(DPID)].filter((f) => f.priority === PRIORITY.pins.replyCount)).toEqual([]);
    expect(app.serviceUsage('web')?.accounting.enabled).toBe(false);
  });

  it('gives UDP pins their own idle timeout', () => {
    const l = level();
    const app = new FlowPinningApp([l]);
    const t = { proto: 17, srcIp: 0x0a000101, srcPort: 5555, dstIp: 0xc0c80001, dstPort: 53 };
    l.pins.claim(t, 'srv2', DPID, 0, { kind: 'local', port: 12, mac: '02:00:00:00:01:12' });
    const change = app.pinChange(l, t, { kind: 'local', port: 12, mac: '02:00:00:00:01:12' });
    expect(change).toMatchObject({ kind: 'add-flow', flow: { idleTimeout: 5, cookie: cookieWithTag(PIN_COOKIE, usageTag('dns', 'srv2')) } });
  });
});
