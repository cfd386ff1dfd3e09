// The SLR levels of one controller process, wired: the levels themselves (level/), the
// two OpenFlow apps that adapt them to switches (service-routing, flow-pinning), each
// level's registration service (lower levels and server agents say hello and report
// load over mutual-TLS gRPC) and, for a level with a level above, its upstream link.
//
// A process hosts its levels from the config: the `serviceRouting` section is one level
// (its registration service is the `agents` section, its level above `upstream`), and
// each item of `levels` is one more, with `registration` and `upstream` inside it.

import { readFileSync } from 'node:fs';
import type { App, AppModule, FiveTuple, JsonSchema, Logger, SlrConfig } from '../controller';
import { componentLogger, createStore, HA_SECTION_SCHEMA, REDIS_SECTION_SCHEMA, type RedisConfig, SlrError, wallClock } from '../controller';
import type { ControllerMetrics } from '../controller/metrics';
import { FlowPinningApp } from '../apps/flow-pinning/flow-pinning-app';
import { ServiceRoutingApp, type PinnedConnection, type UnplacedConnection } from '../apps/service-routing/service-routing-app';
import { RECOVERY_CONFIG_SCHEMA, recoveryConfigFrom, type RecoveryConfig } from '../apps/recovery/config';
import { RecoveryApp } from '../apps/recovery/recovery-app';
import { CatalogError } from '../level/catalog/catalog';
import { LEVEL_PROPERTIES, type LevelConfig, SERVICE_ROUTING_SECTION_SCHEMA } from '../level/config-schema';
import { ipv4ToString, parseIpv4Address } from '../controller/net';
import { SlrLevel } from '../level/slr-level';
import { LevelNeighbours } from './neighbours';
import { explainStep, levelView, unreachableStep, type LevelStep, type LevelView } from '../level/level-view';
import {
  agentsSectionSchema,
  createRegistrationClient,
  neighboursSectionSchema,
  Registrant,
  startRegistrationServer,
  upstreamSectionSchema,
  type AgentsSection,
  type AllowedPeer,
  type NeighboursSection,
  type PeerDirectory,
  type RegistrationServer,
  type RegistrationSink,
  type ReleaseOutcome,
  type ShortcutOutcome,
  type UpstreamSection,
} from '../peering';

const LEVELS_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'The SLR levels this process hosts besides (or instead of) serviceRouting: each with its own switches, registration service and level above.',
  items: {
    type: 'object',
    description: 'One SLR level.',
    additionalProperties: false,
    required: ['id', 'kind', 'ingress'],
    properties: {
      ...LEVEL_PROPERTIES,
      registration: { ...agentsSectionSchema, description: 'Where lower levels (or server agents) register with this level and report their load.' },
      upstream: upstreamSectionSchema,
      neighbours: neighboursSectionSchema,
    },
  },
  default: [],
};

/** Contributes the config sections of the SLR levels; the process is built by createSlrProcess. */
export const slrModule: AppModule = {
  name: 'service-routing',
  topLevelSchemas: {
    serviceRouting: SERVICE_ROUTING_SECTION_SCHEMA,
    agents: { ...agentsSectionSchema, description: 'Where server agents (or lower SLR levels) register with the serviceRouting level.' },
    redis: REDIS_SECTION_SCHEMA,
    upstream: { ...upstreamSectionSchema, description: 'For the serviceRouting level: ' + upstreamSectionSchema.description },
    neighbours: { ...neighboursSectionSchema, description: 'For the serviceRouting level: ' + neighboursSectionSchema.description },
    levels: LEVELS_SCHEMA,
    ha: HA_SECTION_SCHEMA,
  },
  create: () => undefined,
};

/** The recovery app's section (apps.recovery); the app itself is built with the levels by createSlrProcess. */
export const recoveryModule: AppModule = {
  name: 'recovery',
  appSchema: RECOVERY_CONFIG_SCHEMA,
  create: () => undefined,
};

/** One level as configured, with its peering sections. */
export interface LevelSetup {
  level: LevelConfig;
  /** Where it was configured, for messages: "serviceRouting" or "levels.<id>". */
  where: string;
  registration?: AgentsSection;
  upstream?: UpstreamSection;
  neighbours?: NeighboursSection;
  redis?: RedisConfig;
}

/** The levels a config asks for, in order: serviceRouting first, then levels[]. */
export function levelSetups(config: SlrConfig): LevelSetup[] {
  const redis = config.redis as RedisConfig | undefined;
  const out: LevelSetup[] = [];
  const single = config.serviceRouting as LevelConfig | undefined;
  if (single !== undefined) {
    out.push({
      level: single, where: 'serviceRouting', registration: config.agents as AgentsSection | undefined, upstream: config.upstream as UpstreamSection | undefined,
      neighbours: config.neighbours as NeighboursSection | undefined, redis,
    });
  }
  for (const item of (config.levels as Array<LevelConfig & { registration?: AgentsSection; upstream?: UpstreamSection; neighbours?: NeighboursSection }> | undefined) ?? []) {
    const { registration, upstream, neighbours, ...level } = item;
    // Levels sharing one Redis keep their load tables and pins apart.
    out.push({ level, where: `levels.${level.id}`, registration, upstream, neighbours, redis: redis && { ...redis, keyPrefix: `${redis.keyPrefix}${level.id}:` } });
  }
  const ids = new Set<string>();
  for (const s of out) {
    if (ids.has(s.level.id)) throw new SlrError('CONFIG_INVALID', `two SLR levels have the id "${s.level.id}"`);
    ids.add(s.level.id);
    if (s.upstream !== undefined && s.level.kind === 'network') throw new SlrError('CONFIG_INVALID', `${s.where}: a network level has no level above it (upstream)`);
    for (const peer of s.neighbours?.peers ?? []) {
      if (peer.id === s.level.id) throw new SlrError('CONFIG_INVALID', `${s.where}: neighbours.peers names the level itself (${peer.id})`);
      if (peer.port === undefined && Object.keys(peer.ports ?? {}).length === 0) {
        throw new SlrError('CONFIG_INVALID', `${s.where}: neighbour ${peer.id} has no port (the ingress switches must reach it to tunnel its connections there)`);
      }
    }
    if (s.upstream !== undefined && s.level.tunnel?.label === undefined) {
      throw new SlrError('CONFIG_INVALID', `${s.where}: tunnel.label is needed to register with the level above (it reaches this level by that label)`);
    }
  }
  return out;
}

/**
 * Who may register with a level: targets of the kind it chooses. A target listed by
 * services may serve their prefixes; one listed by none (a spare the operator
 * configured) may serve any of the level's service prefixes, and joins those services
 * when it says hello. Anything else is refused by peering.
 */
export function levelDirectory(level: SlrLevel): PeerDirectory {
  return {
    lookup(id: string): AllowedPeer | undefined {
      const t = level.catalog.target(id);
      if (t === undefined || t.kind !== level.info.targetKind) return undefined;
      const services = level.catalog.services();
      const own = services.filter((s) => s.spec.targets.includes(id));
      const subnets = [...new Set((own.length > 0 ? own : services).map((s) => s.spec.prefix))];
      return { id, kind: t.kind, subnets, ip: t.attachment?.ip, mac: t.attachment?.mac, label: t.attachment?.label };
    },
  };
}

/** A connection as the registration messages name it. */
function flowMessage(t: FiveTuple): { protocol: number; client: string; clientPort: number; vip: string; vipPort: number } {
  return { protocol: t.proto, client: ipv4ToString(t.srcIp), clientPort: t.srcPort, vip: ipv4ToString(t.dstIp), vipPort: t.dstPort };
}

/** How long a level waits for the level below to explain a connection. */
const EXPLAIN_TIMEOUT_MS = 2000;
/** More steps than any hierarchy has: a lower level's answer is cut there. */
const MAX_EXPLAIN_STEPS = 8;

/** The connection a query names, or why not (only IPv4 TCP/UDP is routed). */
function tupleOf(f: { protocol: number; client: string; clientPort: number; vip: string; vipPort: number }): FiveTuple {
  const srcIp = parseIpv4Address(f.client);
  const dstIp = parseIpv4Address(f.vip);
  if (srcIp === undefined || dstIp === undefined) throw new SlrError('BAD_REQUEST', `'${f.client}' -> '${f.vip}' are not IPv4 addresses`);
  return { proto: f.protocol, srcIp, srcPort: f.clientPort, dstIp, dstPort: f.vipPort };
}

/** A lower level's answer, checked to be a list of steps before it is relayed upward. */
function stepsFrom(json: string): LevelStep[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('the answer is not a list of steps');
  const steps = parsed.slice(0, MAX_EXPLAIN_STEPS) as unknown[];
  for (const s of steps) {
    if (typeof s !== 'object' || s === null || typeof (s as { level?: unknown }).level !== 'string') throw new Error('an answer step names no level');
  }
  return steps as LevelStep[];
}

/** A level's offer to the level above: every service prefix with its ports. */
function servedSubnets(level: SlrLevel): Array<{ subnet: string; ports: number[] }> {
  const ports = new Map<string, Set<number>>();
  for (const s of level.catalog.services()) {
    let set = ports.get(s.subnet);
    if (set === undefined) ports.set(s.subnet, (set = new Set()));
    for (const p of s.spec.ports) set.add(p);
  }
  return [...ports].map(([subnet, set]) => ({ subnet, ports: [...set].sort((a, b) => a - b) }));
}

export class SlrProcess {
  readonly routing: ServiceRoutingApp;
  readonly pinning: FlowPinningApp;
  /** Audits, pin lifetimes, restore at start (apps/recovery); undefined when apps.recovery.enabled is false. */
  readonly recovery: RecoveryApp | undefined;
  /** The registration service of each level that has one, by level id. */
  readonly registrations = new Map<string, RegistrationServer>();
  /** Each level's link to the level above, by level id. */
  readonly upstreams = new Map<string, Registrant>();
  /** Each level's WHOHAS service and neighbour clients, by level id. */
  readonly neighbours = new Map<string, LevelNeighbours>();
  private started: SlrLevel[] = [];

  constructor(
    readonly levels: readonly SlrLevel[],
    private readonly setups: readonly LevelSetup[],
    private readonly log: Logger,
    private readonly metrics?: ControllerMetrics,
    private readonly recoveryConfig: RecoveryConfig = recoveryConfigFrom(undefined),
  ) {
    this.pinning = new FlowPinningApp(levels);
    this.routing = new ServiceRoutingApp({ levels, pinning: this.pinning });
    this.recovery = recoveryConfig.enabled ? new RecoveryApp({ levels, pinning: this.pinning, config: recoveryConfig }) : undefined;
    this.routing.onPinned((c) => this.onPinned(c));
    this.routing.onUnplaced((c) => this.onUnplaced(c));
    // Only a level with neighbours asks about unknown connections (the others just drop them).
    if (setups.some((s) => s.neighbours !== undefined)) this.routing.onUnknown((c) => this.neighbours.get(c.level.id)?.onUnknown(c));
  }

  /**
   * A first packet came down from the level above and no target here may take it:
   * hand the connection back, so the level above forgets its pin and decides the
   * client's retransmitted first packet afresh (elsewhere).
   */
  private onUnplaced(c: UnplacedConnection): void {
    const up = this.upstreams.get(c.level.id);
    if (up === undefined) return;
    const flow = flowMessage(c.tuple);
    c.level.counters.releasesSent++;
    setImmediate(() => {
      up.release(flow, 'no eligible target').then(
        (r) => c.level.log.info({ flow, released: r.released, detail: r.detail }, 'handed a connection back to the level above: no eligible target here'),
        (err: unknown) => c.level.log.warn({ flow, err: err instanceof Error ? err.message : String(err) }, 'release to the level above failed'),
      );
    });
  }

  /**
   * A lower level hands back a connection this level pinned to it: forget the pin, and
   * count the child out of that subnet until its next report says otherwise.
   */
  private onRelease(level: SlrLevel, childId: string, flow: FiveTuple, reason: string): ReleaseOutcome {
    const pin = level.pins.get(flow.proto, flow.srcIp, flow.srcPort, flow.dstIp, flow.dstPort);
    if (pin === undefined) return { released: false, detail: 'the connection is not pinned at this level' };
    if (pin.target !== childId) return { released: false, refused: true, detail: `the connection is pinned to ${pin.target}, not ${childId}` };
    this.pinning.unpin(pin.dpid, flow);
    const service = level.catalog.lookup(flow.dstIp, flow.proto, flow.dstPort);
    if (service !== undefined) level.store.withdrawLoad(service.subnet, childId);
    level.counters.releasesReceived++;
    level.log.info({ child: childId, flow: flowMessage(flow), reason }, 'a lower level handed a connection back: decided afresh on its next first packet');
    return { released: true, detail: `${level.id} forgot the pin` };
  }

  /** How a level was configured (its peering sections). */
  setupOf(level: SlrLevel): LevelSetup {
    return this.setups[this.levels.indexOf(level)];
  }

  /**
   * A connection that came down from the level above was just pinned to a local target
   * (a server): tell the level above its label stack, so the connection's entry tunnels
   * straight here. Sent after the handler returned (never awaited on the packet path).
   */
  private onPinned(c: PinnedConnection): void {
    if (!c.fromUpstream) return;
    const up = this.upstreams.get(c.level.id);
    if (up === undefined || this.setupOf(c.level).upstream?.shortcut === false) return;
    const label = c.level.exitLabelOf(c.target);
    if (label === undefined) return;
    const flow = flowMessage(c.tuple);
    c.level.counters.shortcutsSent++;
    setImmediate(() => {
      up.shortcut(flow, [label]).then(
        (r) => c.level.log.debug({ flow, applied: r.applied, detail: r.detail }, 'shortcut sent to the level above'),
        (err: unknown) => c.level.log.warn({ flow, err: err instanceof Error ? err.message : String(err) }, 'shortcut to the level above failed'),
      );
    });
  }

  /**
   * A lower level's shortcut for a connection this level pinned to it: extend the path
   * with this level's own way to the child, then let the level above apply it (the
   * connection may have entered there), else re-pin it on this level's ingress switch.
   */
  private async onShortcut(level: SlrLevel, childId: string, flow: FiveTuple, labels: number[]): Promise<ShortcutOutcome> {
    const ext = level.extendedPath(childId, flow, labels);
    if ('refused' in ext) {
      level.counters.shortcutsRefused++;
      return { applied: false, refused: true, detail: ext.refused };
    }
    const up = this.upstreams.get(level.id);
    if (up !== undefined && up.state() === 'registered' && ext.path.kind === 'mpls') {
      const flowMsg = flowMessage(flow);
      level.counters.shortcutsSent++;
      try {
        const r = await up.shortcut(flowMsg, [...ext.path.labels]);
        if (r.applied) {
          level.counters.shortcutsApplied++;
          return { applied: true, detail: `applied above ${level.id}: ${r.detail}` };
        }
      } catch (err) {
        level.log.debug({ err: err instanceof Error ? err.message : String(err) }, 'the level above did not take the shortcut; applying it here');
      }
    }
    if (!this.pinning.repin(ext.dpid, flow, ext.path)) {
      level.counters.shortcutsRefused++;
      return { applied: false, detail: `switch ${ext.dpid.toString(16)} is not connected` };
    }
    level.counters.shortcutsApplied++;
    return { applied: true, detail: `${level.id} pushes ${ext.path.kind === 'mpls' ? ext.path.labels.join('/') : ext.path.kind}` };
  }

  /** Every level this process hosts, for GET /v1/levels. */
  views(): LevelView[] {
    return this.levels.map(levelView);
  }

  /**
   * What a new connection would get at this level and every level below: this level's
   * step, then (when it chooses a lower level) that level's own explanation, asked over
   * the Listen stream it keeps open with this level's registration service.
   */
  async explainAcross(level: SlrLevel, t: FiveTuple): Promise<LevelStep[]> {
    const step = explainStep(level, t);
    const chosen = step.chosen;
    if (chosen === null || level.catalog.target(chosen)?.kind === 'server') return [step];
    const server = this.registrations.get(level.id);
    if (server === undefined || !server.queries.listening(chosen)) {
      return [step, unreachableStep(chosen, `${chosen} is not registered with ${level.id}, or keeps no explain stream open`)];
    }
    try {
      return [step, ...stepsFrom(await server.queries.ask(chosen, flowMessage(t), EXPLAIN_TIMEOUT_MS))];
    } catch (err) {
      return [step, unreachableStep(chosen, err instanceof Error ? err.message : String(err))];
    }
  }

  /** The OpenFlow apps, in packet-in precedence order. */
  apps(): App[] {
    return this.recovery ? [this.routing, this.pinning, this.recovery] : [this.routing, this.pinning];
  }

  /**
   * Before the switches connect: stores loaded, decision tables running, and the pins a
   * previous run mirrored to the store restored, so the first reconciliation of each
   * switch keeps their flows instead of deleting them as stale. A hot spare
   * (`restorePins: false`) restores them when it is promoted instead: a copy taken at its
   * start would go stale while the master serves (a restore never overwrites a pin it
   * holds, so an ended connection's old pin could outlive the real one).
   */
  async startLevels(opts: { restorePins?: boolean } = {}): Promise<void> {
    for (const level of this.levels) {
      await level.start();
      this.started.push(level);
      if ((opts.restorePins ?? true) && this.recovery !== undefined && this.recoveryConfig.restorePinsOnStart && level.store.pins.active) {
        try {
          const restored = await level.restorePins();
          level.log.info({ restored, pins: level.pins.size }, 'recovery: pins restored from the store');
        } catch (err) {
          level.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'recovery: cannot restore pins from the store; starting without them');
        }
      }
    }
  }

  /**
   * What a level's registration service tells it: hellos and reports become catalog and
   * load changes, shortcuts and releases go through this process (the level above, the
   * flow-pinning app). Tests drive a level through it without gRPC.
   */
  sinkFor(level: SlrLevel): RegistrationSink {
    const events = level.registrations;
    return {
      registered: (p, secrets) => events.registered(p, secrets),
      report: (id, at, loads, rtt) => events.report(id, at, loads, rtt),
      expired: (id) => events.expired(id),
      deregistered: (id) => events.deregistered(id),
      shortcut: (id, flow, labels) => this.onShortcut(level, id, flow, labels),
      release: (id, flow, reason) => this.onRelease(level, id, flow, reason),
    };
  }

  /** After the OpenFlow runtime is up: each level's registration service, then its link to the level above. */
  async startPeering(): Promise<void> {
    for (const [i, level] of this.levels.entries()) {
      const section = this.setups[i].registration;
      if (section === undefined) continue;
      const server = await startRegistrationServer({
        section,
        directory: levelDirectory(level),
        sink: this.sinkFor(level),
        log: componentLogger(this.log, 'agents').child({ level: level.id }),
      });
      this.registrations.set(level.id, server);
      this.metrics?.watchPeering(server);
    }
    for (const [i, level] of this.levels.entries()) {
      const section = this.setups[i].neighbours;
      if (section === undefined) continue;
      const n = new LevelNeighbours(level, section, this.routing, componentLogger(this.log, 'neighbours').child({ level: level.id }));
      await n.start();
      this.neighbours.set(level.id, n);
    }
    for (const [i, level] of this.levels.entries()) {
      const up = this.setups[i].upstream;
      if (up !== undefined) this.upstreams.set(level.id, this.startUpstream(level, up));
    }
  }

  private startUpstream(level: SlrLevel, up: UpstreamSection): Registrant {
    const [ca, cert, key] = [up.tls.caFile, up.tls.certFile, up.tls.keyFile].map((f) => readFileSync(f));
    const api = createRegistrationClient({ address: up.address, ca, cert, key, serverName: up.serverName, callTimeoutMs: up.callTimeoutMs });
    const log = componentLogger(this.log, 'upstream').child({ level: level.id });
    const registrant = new Registrant({
      api,
      id: level.id,
      hello: () => ({
        id: level.id,
        certificatePem: cert.toString('utf8'),
        kind: level.info.registersAs ?? 'site',
        attachment: { ip: '', mac: '', mplsLabel: level.ownLabel ?? 0 },
        subnets: servedSubnets(level),
        version: 'slr-level',
      }),
      // M_k per subnet: the whole offer (a subnet with no eligible target is left out, i.e. withdrawn).
      // A subnet this level serves only in panic (all its targets fail their health checks)
      // goes up as unhealthy, so the level above prefers a site or AS with healthy ones.
      sample: async () => {
        level.counters.reportsSent++;
        const sick = level.unhealthySubnets();
        return [...level.subnetLoads()].map(([subnet, load]) => {
          const serviceClass = level.subnetClass(subnet);
          return { subnet, load, connections: 0, cpu: 0, ...(serviceClass === undefined ? {} : { serviceClass }), ...(sick.has(subnet) ? { unhealthy: true } : {}) };
        });
      },
      clock: wallClock,
      log,
      backoff: { initialMs: up.registration.initialBackoffMs, maxMs: up.registration.maxBackoffMs },
      reportIntervalMs: up.reportIntervalMs,
      explain: (flow) => this.explainAcross(level, tupleOf(flow)),
    });
    registrant.start();
    return registrant;
  }

  /** Peers first: no hello or report may reach a level that is stopping. */
  async stopPeering(): Promise<void> {
    for (const up of this.upstreams.values()) await up.stop();
    this.upstreams.clear();
    for (const n of this.neighbours.values()) await n.stop();
    this.neighbours.clear();
    for (const server of this.registrations.values()) await server.stop();
    this.registrations.clear();
  }

  async stop(): Promise<void> {
    await this.stopPeering();
    for (const level of this.started.reverse()) await level.stop();
    this.started = [];
  }
}

/** The SLR levels a config asks for, or undefined when it has none (a plain L2 controller). */
export function createSlrProcess(config: SlrConfig, log: Logger, metrics?: ControllerMetrics): SlrProcess | undefined {
  const setups = levelSetups(config);
  if (setups.length === 0) return undefined;
  const levels = setups.map((s) => {
    const levelLog = componentLogger(log, 'service-routing').child({ level: s.level.id });
    try {
      const level = new SlrLevel({ config: s.level, store: createStore(s.redis, componentLogger(log, 'store')), log: levelLog });
      if (metrics) {
        level.metrics = metrics.decisions;
        level.store.setLatencyMetrics?.(metrics.storeLatency);
      }
      return level;
    } catch (err) {
      // Meaning errors (overlaps, unknown targets) are config errors like schema ones.
      if (err instanceof CatalogError) {
        throw new SlrError('CONFIG_INVALID', err.errors.map((e) => `${s.where}: ${e}`).join('\n'), { details: { problems: err.errors } });
      }
      if (err instanceof RangeError) throw new SlrError('CONFIG_INVALID', err.message);
      throw err;
    }
  });
  const process = new SlrProcess(levels, setups, log, metrics, recoveryConfigFrom(config.apps.recovery));
  if (metrics) {
    metrics.watchLevels(levels);
    metrics.watchUsage(process.pinning);
    const first = levels[0];
    metrics.watchServiceRouting({
      get counters() { return process.routing.counters; },
      // Per-target pins for slr_target_pins: the first level's, like its catalog below.
      pins: { get size() { return levels.reduce((n, l) => n + l.pins.size, 0); }, countForTarget: (t: string) => first.pins.countForTarget(t) },
      store: first.store,
      catalog: first.catalog,
    });
  }
  return process;
}
