// The SLR levels of one controller process, wired: the levels themselves (level/), the
// two OpenFlow apps that adapt them to switches (service-routing, flow-pinning), each
// level's registration service (lower levels and server agents say hello and report
// load over mutual-TLS gRPC) and, for a level with a level above, its upstream link.
//
// A process hosts its levels from the config: the `serviceRouting` section is one level
// (its registration service is the `agents` section, its level above `upstream`), and
// each item of `levels` is one more, with `registration` and `upstream` inside it.

import type { App, AppModule, JsonSchema, Logger, SlrConfig } from '../controller';
import { componentLogger, createStore, REDIS_SECTION_SCHEMA, type RedisConfig, SlrError } from '../controller';
import type { ControllerMetrics } from '../controller/metrics';
import { FlowPinningApp } from '../apps/flow-pinning/flow-pinning-app';
import { ServiceRoutingApp } from '../apps/service-routing/service-routing-app';
import { CatalogError } from '../level/catalog/catalog';
import { LEVEL_PROPERTIES, type LevelConfig, SERVICE_ROUTING_SECTION_SCHEMA } from '../level/config-schema';
import { SlrLevel } from '../level/slr-level';
import { agentsSectionSchema, startAgentServer, type AgentServer, type AgentsSection, type AllowedServer, type ServerDirectory } from '../peering';

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
    levels: LEVELS_SCHEMA,
  },
  create: () => undefined,
};

/** One level as configured, with its peering sections. */
export interface LevelSetup {
  level: LevelConfig;
  /** Where it was configured, for messages: "serviceRouting" or "levels.<id>". */
  where: string;
  registration?: AgentsSection;
  redis?: RedisConfig;
}

/** The levels a config asks for, in order: serviceRouting first, then levels[]. */
export function levelSetups(config: SlrConfig): LevelSetup[] {
  const redis = config.redis as RedisConfig | undefined;
  const out: LevelSetup[] = [];
  const single = config.serviceRouting as LevelConfig | undefined;
  if (single !== undefined) out.push({ level: single, where: 'serviceRouting', registration: config.agents as AgentsSection | undefined, redis });
  for (const item of (config.levels as Array<LevelConfig & { registration?: AgentsSection }> | undefined) ?? []) {
    const { registration, ...level } = item;
    // Levels sharing one Redis keep their load tables and pins apart.
    out.push({ level, where: `levels.${level.id}`, registration, redis: redis && { ...redis, keyPrefix: `${redis.keyPrefix}${level.id}:` } });
  }
  const ids = new Set<string>();
  for (const s of out) {
    if (ids.has(s.level.id)) throw new SlrError('CONFIG_INVALID', `two SLR levels have the id "${s.level.id}"`);
    ids.add(s.level.id);
  }
  return out;
}

/**
 * Who may register with a level: targets of the kind it chooses. A target listed by
 * services may serve their prefixes; one listed by none (a spare the operator
 * configured) may serve any of the level's service prefixes, and joins those services
 * when it says hello. Anything else is refused by peering.
 */
export function levelDirectory(level: SlrLevel): ServerDirectory {
  return {
    lookup(id: string): AllowedServer | undefined {
      const t = level.catalog.target(id);
      if (t === undefined || t.kind !== level.info.targetKind) return undefined;
      const services = level.catalog.services();
      const own = services.filter((s) => s.spec.targets.includes(id));
      const subnets = [...new Set((own.length > 0 ? own : services).map((s) => s.spec.prefix))];
      return { serverId: id, subnets, ip: t.attachment?.ip, mac: t.attachment?.mac };
    },
  };
}

export class SlrProcess {
  readonly routing: ServiceRoutingApp;
  readonly pinning: FlowPinningApp;
  /** The registration service of each level that has one, by level id. */
  readonly registrations = new Map<string, AgentServer>();
  private started: SlrLevel[] = [];

  constructor(
    readonly levels: readonly SlrLevel[],
    private readonly setups: readonly LevelSetup[],
    private readonly log: Logger,
    private readonly metrics?: ControllerMetrics,
  ) {
    this.pinning = new FlowPinningApp(levels);
    this.routing = new ServiceRoutingApp({ levels, pinning: this.pinning });
  }

  /** The OpenFlow apps, in packet-in precedence order. */
  apps(): App[] {
    return [this.routing, this.pinning];
  }

  /** Before the switches connect: stores loaded, decision tables running. */
  async startLevels(): Promise<void> {
    for (const level of this.levels) {
      await level.start();
      this.started.push(level);
    }
  }

  /** After the OpenFlow runtime is up: each level's registration service. */
  async startPeering(): Promise<void> {
    for (const [i, level] of this.levels.entries()) {
      const section = this.setups[i].registration;
      if (section === undefined) continue;
      const server = await startAgentServer({
        section,
        directory: levelDirectory(level),
        sink: level.registrations,
        log: componentLogger(this.log, 'agents').child({ level: level.id }),
      });
      this.registrations.set(level.id, server);
      this.metrics?.watchPeering(server);
    }
  }

  /** Peers first: no hello or report may reach a level that is stopping. */
  async stopPeering(): Promise<void> {
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
  const process = new SlrProcess(levels, setups, log, metrics);
  if (metrics) {
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
