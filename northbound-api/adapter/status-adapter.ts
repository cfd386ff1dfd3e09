// Switches, levels and peers from the controller core and the decision engine.
import type { DatapathDirectory } from '../../controller/app';
import { isPortUp } from '../../controller/datapath-registry';
import { parseDpid } from '../../controller/dpid';
import type { DatapathInfo } from '../../controller/events';
import type { ServiceCatalog } from '../../level/catalog/catalog';
import type { DecisionEngine } from '../../level/decision/decision-engine';
import type { AggregateKind, LevelInfo, LevelsPort, LevelView, PeerInfo, SubnetAdvertisement, SwitchesPort, SwitchInfo } from '../services';
import type { RoutingAdapter } from './routing-adapter';

export function switchInfo(d: DatapathInfo): SwitchInfo {
  return {
    dpid: d.dpidHex,
    up: d.up,
    remote: d.remote,
    nTables: d.nTables,
    ports: [...d.ports.values()]
      .sort((a, b) => a.portNo - b.portNo)
      .map((p) => ({ portNo: p.portNo, name: p.name, hwAddr: p.hwAddr, up: isPortUp(p), currSpeedKbps: p.currSpeed })),
  };
}

export class SwitchesAdapter implements SwitchesPort {
  constructor(private readonly datapaths: DatapathDirectory) {}

  list(): SwitchInfo[] {
    return this.datapaths.list().map(switchInfo).sort((a, b) => a.dpid.localeCompare(b.dpid));
  }

  get(dpid: string): SwitchInfo | undefined {
    const id = parseDpid(dpid);
    const d = id === undefined ? undefined : this.datapaths.get(id);
    return d === undefined ? undefined : switchInfo(d);
  }
}

export interface LevelDescription {
  name: string;
  /** G for policies that do not name one. */
  defaultAggregation: AggregateKind;
  peers?: () => PeerInfo[];
  /** Every level the process hosts, the API's own first (absent: only the API's level, in brief). */
  hosted?: () => LevelView[];
  /** The service class each subnet is advertised with (SlrLevel.subnetClass). */
  classOf?: (subnet: string) => string | undefined;
}

export class LevelsAdapter implements LevelsPort {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly engine: DecisionEngine,
    private readonly routing: RoutingAdapter,
    private readonly level: LevelDescription,
  ) {}

  list(): LevelInfo[] {
    const services = this.catalog.services();
    const targets = this.catalog.targets();
    const loadsByKind = new Map<AggregateKind, Map<string, number>>();
    const subnets: SubnetAdvertisement[] = [];
    const seen = new Set<string>();
    for (const s of services) {
      if (seen.has(s.subnet)) continue;
      seen.add(s.subnet);
      const kind = this.routing.settingsOf(s.spec.policy).aggregation ?? this.level.defaultAggregation;
      let loads = loadsByKind.get(kind);
      if (loads === undefined) loadsByKind.set(kind, (loads = this.engine.subnetLoads(kind)));
      const serviceClass = this.level.classOf?.(s.subnet);
      subnets.push({ subnet: s.subnet, aggregation: kind, load: loads.get(s.subnet) ?? null, ...(serviceClass === undefined ? {} : { serviceClass }) });
    }
    const own: LevelInfo = { name: this.level.name, targetKind: targets[0]?.kind ?? 'server', services: services.length, targets: targets.length, subnets };
    const hosted = this.level.hosted?.();
    if (hosted === undefined || hosted.length === 0) return [own];
    // The API's own level keeps the subnets figured with the API's policy settings above.
    return hosted.map((v, i) => ({
      ...(i === 0 ? own : {
        name: v.kind,
        targetKind: v.targetKind,
        services: v.services,
        targets: v.targets.length,
        subnets: Object.entries(v.advertised).map(([subnet, load]) => ({ subnet, aggregation: v.aggregation, load })),
      }),
      id: v.id,
      chooses: v.chooses,
      ownLabel: v.ownLabel,
      members: v.targets,
    }));
  }

  peers(): PeerInfo[] {
    return this.level.peers?.() ?? [];
  }
}
