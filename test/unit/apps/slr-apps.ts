// The SLR apps of one process (service routing + flow pinning over some levels) without
// a controller: a context that records what each app sends, and packetIn() that returns
// what the switch would receive for one PACKET_IN, in order (the pin's FLOW_MOD sent by
// flow pinning, then what service routing returned).
import type { AppContext, Change, ControllerStore, PacketInEvent } from '../../../controller';
import { ManualClock } from '../../../controller/clock';
import { silentLogger } from '../../../controller/logger';
import { simContext } from '../../support/sim-controller';
import { MemoryStore } from '../../../controller/store/memory-store';
import { FlowPinningApp } from '../../../apps/flow-pinning/flow-pinning-app';
import { ServiceRoutingApp } from '../../../apps/service-routing/service-routing-app';
import type { LevelConfig } from '../../../level/config-schema';
import { SlrLevel } from '../../../level/slr-level';

export interface Applied {
  app: string;
  dpid: bigint;
  change: Change;
}

export function fakeContext(name: string, clock: ManualClock, applied: Applied[]): AppContext {
  return simContext(name, clock, (dpid, changes) => {
    for (const change of changes) applied.push({ app: name, dpid, change });
  });
}

/** A level config with every default filled, for tests. */
export function levelConfig(over: Partial<LevelConfig> & Pick<LevelConfig, 'ingress'>): LevelConfig {
  return {
    id: 'site',
    kind: 'site',
    targets: [],
    services: [],
    policies: {},
    tableUpdateIntervalMs: 1000,
    assignmentLoadIncrement: 0.01,
    requireLoadReport: false,
    maxReportAgeMs: 0,
    aggregate: 'mean',
    aggregateCostFactor: 0,
    rttCostFactor: 1,
    ...over,
    ingress: { ...{ vipMac: '02:00:00:00:00:01', gatewayIps: [], pinIdleTimeoutSec: 60 }, ...over.ingress },
  };
}

/** A site level of two servers (<id>1 on port 1, <id>2 on port 2) serving one VIP:80/tcp, with server labels from targetLabelBase if given. */
export function twoServerSite(id: string, dpid: string, vip: string, vipMac: string, targetLabelBase?: number): LevelConfig {
  return levelConfig({
    id,
    ingress: { dpids: [dpid], vipMac, gatewayIps: [], pinIdleTimeoutSec: 30 },
    targets: [
      { id: `${id}1`, kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 1 } },
      { id: `${id}2`, kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.12', mac: '02:00:00:00:01:12', port: 2 } },
    ],
    services: [{ id: 'web', prefix: `${vip}/32`, protocol: 'tcp', ports: [80], targets: [`${id}1`, `${id}2`], policy: 'least' }],
    policies: { least: { type: 'least-load' } },
    ...(targetLabelBase !== undefined ? { tunnel: { targetLabelBase, transit: [] } } : {}),
  });
}

export function slrApps(configs: LevelConfig[], opts: { store?: () => ControllerStore; clock?: ManualClock } = {}) {
  const clock = opts.clock ?? new ManualClock(1_700_000_000_000);
  const levels = configs.map((config) => new SlrLevel({ config, store: opts.store?.() ?? new MemoryStore(), log: silentLogger(), clock }));
  const pinning = new FlowPinningApp(levels);
  const routing = new ServiceRoutingApp({ levels, pinning });
  const applied: Applied[] = [];
  pinning.start(fakeContext('flow-pinning', clock, applied));
  routing.start(fakeContext('service-routing', clock, applied));
  /** What the switch gets for one PACKET_IN (undefined: service routing declined it). */
  const packetIn = (ev: PacketInEvent): Change[] | undefined => {
    const mark = applied.length;
    const returned = routing.onPacketIn(ev);
    if (returned === undefined) return undefined;
    return [...applied.slice(mark).map((a) => a.change), ...returned];
  };
  return { levels, level: levels[0], pinning, routing, clock, applied, packetIn };
}
