// `slr controller --config FILE [--port N] [--host H] [--check]`: load and validate the config,
// start the OpenFlow listener and the apps, log {"msg":"listening","host","port"}
// (tests wait for that line), re-read the config file on SIGHUP (cli/reload.ts says what
// a reload may change) and close cleanly on SIGTERM/SIGINT.
import { forwardingModule } from '../apps/forwarding/module';
import { pipelineModule } from '../apps/pipeline/module';
import { createQosApp, qosModule, type QosApp } from '../apps/qos';
import { createSlrProcess, levelSetups, recoveryModule, slrModule, type SlrProcess } from './slr-process';
import { catalogOf, planReload, type LevelState } from './reload';
import { agentPeers, northboundApiModule, startNorthbound, type RunningNorthbound } from '../northbound-api';
import type { App } from '../controller/app';
import { type AppModule, configSectionsOf } from '../controller/app-module';
import { loadConfigFile, validateConfig } from '../controller/config/load';
import type { ConfigOverrides } from '../controller/config/load';
import type { SlrConfig } from '../controller/config/types';
import { isSlrError } from '../controller/errors';
import { componentLogger, createLogger, silentLogger, type Logger } from '../controller/logger';
import { ControllerMetrics, metricsConfigOf } from '../controller/metrics';
import { startRuntime, type Runtime } from '../controller/runtime';
import { checkConfigFiles } from './config-check';
import { haConfigOf, startHotSpare } from './hot-spare';
import type { RedisConfig } from '../controller/store/config-schema';
import type { HotSpare } from '../controller/ha/hot-spare';
import { formatUsageError, parseCommandLine, stringValue, UsageError } from '../northbound-api/client/strict-args';

/**
 * Every module the process knows: their config sections compose the schema. Apps come
 * in packet-in precedence order (later ones see what earlier ones decline): the
 * pipeline, then the SLR levels' apps (built by createSlrProcess), then forwarding.
 */
export const APP_MODULES: readonly AppModule[] = [pipelineModule, slrModule, forwardingModule, northboundApiModule, recoveryModule, qosModule];

const USAGE = `usage: slr controller [--config FILE] [--port N] [--host H] [--check]

  -c, --config FILE   JSON config (see config/example.json); defaults apply when omitted
  --port N            OpenFlow listen port (0: any free port, printed in the "listening" log line)
  --host H            OpenFlow listen address
  --check             validate the config as start-up does (schema, apps, files it names),
                      print the result and exit: 0 valid, 2 invalid. Opens no socket.

Signals: SIGHUP re-reads the config file and applies services, targets, policies, API
tokens and renewed TLS files, or refuses ("reload refused" in the log) and runs on;
SIGTERM or SIGINT stop the controller.
`;

export const CONTROLLER_OPTIONS = {
  config: { type: 'string', short: 'c' },
  port: { type: 'string' },
  host: { type: 'string' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface CliArgs {
  configFile?: string;
  overrides: ConfigOverrides;
  help: boolean;
  check: boolean;
}

/** The command line, or a UsageError (unknown option, missing value, extra argument, bad port). */
export function parseArgs(argv: string[]): CliArgs {
  const parsed = parseCommandLine(argv, { command: 'slr controller', options: CONTROLLER_OPTIONS });
  const args: CliArgs = { overrides: {}, help: parsed.values.help === true, check: parsed.values.check === true };
  const configFile = stringValue(parsed, 'config');
  if (configFile !== undefined) {
    if (configFile === '') throw new UsageError('--config needs a file name');
    args.configFile = configFile;
  }
  const port = stringValue(parsed, 'port');
  if (port !== undefined) {
    if (!/^[0-9]+$/.test(port) || Number(port) > 65535) throw new UsageError(`--port needs a number 0..65535, got "${port}"`);
    args.overrides.port = Number(port);
  }
  const host = stringValue(parsed, 'host');
  if (host !== undefined) {
    if (host === '') throw new UsageError('--host needs an address');
    args.overrides.host = host;
  }
  return args;
}

/** `--check`: everything prepare() validates, then the files the config names. */
async function checkConfig(args: CliArgs): Promise<number> {
  try {
    // Nothing is logged while checking: the answer is the one line below.
    const { config, apps } = prepare(args, silentLogger());
    const files = checkConfigFiles(config);
    process.stdout.write(`${args.configFile ?? '(defaults)'}: valid; apps: ${apps.map((a) => a.name).join(', ') || 'none'}; ${files} files read\n`);
    return 0;
  } catch (err) {
    if (isSlrError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

function loadConfig(args: CliArgs): SlrConfig {
  const opts = { sections: configSectionsOf(APP_MODULES), overrides: args.overrides };
  return args.configFile ? loadConfigFile(args.configFile, opts) : validateConfig({}, opts);
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(sig);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** What start-up builds before it opens any socket. */
export interface Prepared {
  config: SlrConfig;
  log: Logger;
  metrics: ControllerMetrics | undefined;
  apps: App[];
  /** The SLR levels, when the config has any. */
  slr: SlrProcess | undefined;
  /** The qos app, when the config has a qos section (it is also in apps). */
  qos?: QosApp;
}

/**
 * Loads and validates the config and creates the SLR levels and the apps (whose
 * constructors check the config's meaning: overlapping VIPs, unknown targets). Throws
 * SlrError for anything wrong with the config. Shared by a real start and by --check.
 */
export function prepare(args: CliArgs, log?: Logger): Prepared {
  const config = loadConfig(args);
  haConfigOf(config); // refuses an ha section without redis or with unsafe timing
  const logger = log ?? createLogger({ level: config.log.level });
  const metrics = metricsConfigOf(config).enabled ? new ControllerMetrics() : undefined;
  const apps: App[] = [];
  const slr = createSlrProcess(config, logger, metrics);
  for (const m of APP_MODULES) {
    const app = m.create(config, componentLogger(logger, m.name), { metrics });
    if (app) apps.push(app);
    if (m === slrModule && slr) apps.push(...slr.apps());
  }
  // Shares are per service of the first level's catalog (the one the REST API manages).
  const catalog = slr?.levels[0]?.catalog;
  const qos = createQosApp(config, catalog && {
    prefixOf: (id) => catalog.service(id)?.subnet,
    targetsOf: (id) => catalog.service(id)?.targetIds ?? [],
  }, componentLogger(logger, 'qos'));
  if (qos) apps.push(qos);
  // Classes travel up the hierarchy with the first level's load reports.
  if (qos) slr?.levels[0]?.setClassLookup((subnet) => qos.classOfSubnet(subnet));
  // The recovery audit counts every app's flows, forwarding, the pipeline and qos included.
  slr?.recovery?.watchApps(apps);
  return { config, log: logger, metrics, apps, slr, qos };
}

/** What a reload works on: the running parts and the config in force. */
interface Running {
  readonly args: CliArgs;
  config: SlrConfig;
  readonly log: Logger;
  readonly runtime: Runtime;
  readonly slr: SlrProcess | undefined;
  readonly api: RunningNorthbound | undefined;
}

/** The levels of two configs, side by side, with their live catalogs. */
function levelStates(r: Running, next: SlrConfig): LevelState[] {
  const before = levelSetups(r.config);
  const after = levelSetups(next);
  const offset = r.config.serviceRouting === undefined ? 0 : 1;
  const out: LevelState[] = [];
  for (const [i, level] of (r.slr?.levels ?? []).entries()) {
    if (before[i] === undefined || after[i] === undefined) continue;
    out.push({
      id: level.id,
      where: i < offset ? 'serviceRouting' : `levels[${i - offset}]`,
      live: level.catalog.spec(),
      oldFile: catalogOf(before[i].level),
      newFile: catalogOf(after[i].level),
    });
  }
  return out;
}

/**
 * SIGHUP: re-reads the config file and applies what changed, or refuses the whole reload
 * with one log line ("reload refused", with the reason) and keeps the config in force.
 * Switch connections, registered peers and pinned connections are never touched.
 */
export async function reloadConfig(r: Running): Promise<boolean> {
  const file = r.args.configFile;
  const refuse = (reason: string): false => {
    r.log.error({ file, reason }, 'reload refused');
    return false;
  };
  if (file === undefined) return refuse('the controller was started without --config: there is no file to read again');
  let next: SlrConfig;
  let plan: ReturnType<typeof planReload>;
  try {
    next = loadConfig(r.args);
    plan = planReload(r.config, next, levelStates(r, next));
    // Every file the new config names must load (TLS pairs, token files) before anything changes.
    if (plan.ok) checkConfigFiles(next);
  } catch (err) {
    if (isSlrError(err)) return refuse(err.message);
    throw err;
  }
  if (!plan.ok) return refuse(plan.reason);
  for (const level of r.slr?.levels ?? []) {
    const catalog = plan.catalogs.get(level.id);
    if (catalog !== undefined) level.catalog.replace(catalog);
  }
  const reread: string[] = [];
  const problems: string[] = [];
  const attempt = async (what: string, f: () => unknown): Promise<void> => {
    try {
      await f();
      reread.push(what);
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const tls = next.openflow.tls;
  if (tls !== undefined) await attempt('openflow.tls', () => r.runtime.listener.reloadTls(tls));
  let tokens: number | undefined;
  if (r.api !== undefined) {
    const api = r.api;
    await attempt('api', () => {
      const done = api.reload(next);
      tokens = done.tokens;
    });
  }
  for (const [i, setup] of levelSetups(next).entries()) {
    const server = r.slr?.registrations.get(r.slr.levels[i]?.id ?? '');
    const section = setup.registration;
    if (server !== undefined && section !== undefined) {
      await attempt(setup.where === 'serviceRouting' ? 'agents.tls' : `${setup.where}.registration.tls`, () => server.reloadTls(section.tls));
    }
  }
  r.config = next;
  if (problems.length > 0) {
    r.log.error({ file, changed: plan.changed, reread, problems }, 'reload partly applied');
    return false;
  }
  r.log.info({ file, changed: plan.changed, reread, tokens }, 'reloaded');
  return true;
}

export async function run(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(formatUsageError('slr controller', err));
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.check) return checkConfig(args);
  let prepared: Prepared;
  try {
    prepared = prepare(args);
  } catch (err) {
    // Meaning errors found while building apps are config errors like schema ones:
    // same exit code, message naming what is wrong.
    if (isSlrError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { config, log, metrics, apps, slr, qos } = prepared;
  const ha = haConfigOf(config);
  const signal = waitForSignal();
  // Installed at once: the default action of SIGHUP would end the process.
  let running: Running | undefined;
  let reloading: Promise<unknown> = Promise.resolve();
  const onHup = (): void => {
    if (running === undefined) {
      log.warn({}, 'reload ignored: the controller is still starting or already stopping');
      return;
    }
    const r = running;
    log.info({ signal: 'SIGHUP', file: args.configFile }, 'reload requested');
    // One reload at a time, each against the config the previous one left in force.
    reloading = reloading.then(() => reloadConfig(r)).catch((err: unknown) => log.error({ err }, 'reload failed'));
  };
  process.on('SIGHUP', onHup);
  let demoted: (() => void) | undefined;
  const demotion = new Promise<'demoted'>((resolve) => (demoted = () => resolve('demoted')));
  let runtime;
  try {
    // With ha, pins come back at promotion (cli/hot-spare.ts), not at start.
    await slr?.startLevels({ restorePins: ha === undefined });
    runtime = await startRuntime({ config, log, apps, metrics, requireMaster: ha !== undefined });
  } catch (err) {
    log.fatal({ err }, 'cannot start');
    process.off('SIGHUP', onHup);
    await slr?.stop();
    return 1;
  }
  log.info({ host: runtime.address.host, port: runtime.address.port, apps: apps.map((a) => a.name) }, 'listening');
  // The REST API serves the first SLR level's catalog, engine and pins: it starts only with
  // an `api` section and a level (a plain L2 controller has nothing to manage).
  let api: RunningNorthbound | undefined;
  let spare: HotSpare | undefined;
  try {
    // A hot spare serves agents and the level above only once it is master (hot-spare.ts).
    if (ha !== undefined) {
      spare = await startHotSpare({
        controller: runtime.controller, ha, redis: config.redis as RedisConfig, slr, metrics,
        log: componentLogger(log, 'ha'), onDemoted: () => demoted?.(),
      });
    } else {
      await slr?.startPeering();
    }
    const level = slr?.levels[0];
    const agents = level && slr?.registrations.get(level.id);
    api = level ? await startNorthbound({
      config, level, datapaths: runtime.controller.datapaths, log: componentLogger(log, 'api'),
      metrics: metrics?.rest, peers: agents ? agentPeers(agents.registry) : undefined, qos,
      hosted: () => slr?.views() ?? [], explainAcross: (t) => slr === undefined ? Promise.resolve([]) : slr.explainAcross(level, t),
      usage: slr ? (id: string) => slr.pinning.serviceUsage(id) : undefined,
    }) : undefined;
  } catch (err) {
    log.fatal({ err }, 'cannot start peering or the API');
    process.off('SIGHUP', onHup);
    await spare?.stop();
    await runtime.stop();
    await slr?.stop();
    return 1;
  }
  running = { args, config, log, runtime, slr, api };
  const sig = await Promise.race([signal, demotion]);
  running = undefined;
  log.info({ signal: sig }, 'stopping');
  await reloading;
  process.off('SIGHUP', onHup);
  await spare?.stop();
  await api?.close();
  await slr?.stopPeering();
  await runtime.stop();
  await slr?.stop();
  log.info({}, 'stopped');
  // Demoted by another controller: exit non-zero so a supervisor restarts this one as a spare.
  return sig === 'demoted' ? 3 : 0;
}
