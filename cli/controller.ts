// `slr controller --config FILE [--port N] [--host H] [--check]`: load and validate the config,
// start the OpenFlow listener and the apps, log {"msg":"listening","host","port"}
// (tests wait for that line), and close cleanly on SIGTERM/SIGINT.
import { forwardingModule } from '../apps/forwarding/module';
import { pipelineModule } from '../apps/pipeline/module';
import { createSlrProcess, slrModule, type SlrProcess } from './slr-process';
import { agentPeers, northboundApiModule, startNorthbound, type RunningNorthbound } from '../northbound-api';
import type { App } from '../controller/app';
import { type AppModule, configSectionsOf } from '../controller/app-module';
import { loadConfigFile, validateConfig } from '../controller/config/load';
import type { ConfigOverrides } from '../controller/config/load';
import type { SlrConfig } from '../controller/config/types';
import { isSlrError } from '../controller/errors';
import { componentLogger, createLogger, silentLogger, type Logger } from '../controller/logger';
import { ControllerMetrics, metricsConfigOf } from '../controller/metrics';
import { startRuntime } from '../controller/runtime';
import { checkConfigFiles } from './config-check';
import { formatUsageError, parseCommandLine, stringValue, UsageError } from '../northbound-api/client/strict-args';

/**
 * Every module the process knows: their config sections compose the schema. Apps come
 * in packet-in precedence order (later ones see what earlier ones decline): the
 * pipeline, then the SLR levels' apps (built by createSlrProcess), then forwarding.
 */
export const APP_MODULES: readonly AppModule[] = [pipelineModule, slrModule, forwardingModule, northboundApiModule];

const USAGE = `usage: slr controller [--config FILE] [--port N] [--host H] [--check]

  -c, --config FILE   JSON config (see config/example.json); defaults apply when omitted
  --port N            OpenFlow listen port (0: any free port, printed in the "listening" log line)
  --host H            OpenFlow listen address
  --check             validate the config as start-up does (schema, apps, files it names),
                      print the result and exit: 0 valid, 2 invalid. Opens no socket.
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
}

/**
 * Loads and validates the config and creates the SLR levels and the apps (whose
 * constructors check the config's meaning: overlapping VIPs, unknown targets). Throws
 * SlrError for anything wrong with the config. Shared by a real start and by --check.
 */
export function prepare(args: CliArgs, log?: Logger): Prepared {
  const config = loadConfig(args);
  const logger = log ?? createLogger({ level: config.log.level });
  const metrics = metricsConfigOf(config).enabled ? new ControllerMetrics() : undefined;
  const apps: App[] = [];
  const slr = createSlrProcess(config, logger, metrics);
  for (const m of APP_MODULES) {
    const app = m.create(config, componentLogger(logger, m.name), { metrics });
    if (app) apps.push(app);
    if (m === slrModule && slr) apps.push(...slr.apps());
  }
  return { config, log: logger, metrics, apps, slr };
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
  const { config, log, metrics, apps, slr } = prepared;
  const signal = waitForSignal();
  let runtime;
  try {
    await slr?.startLevels();
    runtime = await startRuntime({ config, log, apps, metrics });
  } catch (err) {
    log.fatal({ err }, 'cannot start');
    await slr?.stop();
    return 1;
  }
  log.info({ host: runtime.address.host, port: runtime.address.port, apps: apps.map((a) => a.name) }, 'listening');
  // The REST API serves the first SLR level's catalog, engine and pins: it starts only with
  // an `api` section and a level (a plain L2 controller has nothing to manage).
  let api: RunningNorthbound | undefined;
  try {
    await slr?.startPeering();
    const level = slr?.levels[0];
    const agents = level && slr?.registrations.get(level.id);
    api = level ? await startNorthbound({
      config, level, datapaths: runtime.controller.datapaths, log: componentLogger(log, 'api'),
      metrics: metrics?.rest, peers: agents ? agentPeers(agents.registry) : undefined,
      usage: slr ? (id: string) => slr.pinning.serviceUsage(id) : undefined,
    }) : undefined;
  } catch (err) {
    log.fatal({ err }, 'cannot start peering or the API');
    await runtime.stop();
    await slr?.stop();
    return 1;
  }
  const sig = await signal;
  log.info({ signal: sig }, 'stopping');
  await api?.close();
  await slr?.stopPeering();
  await runtime.stop();
  await slr?.stop();
  log.info({}, 'stopped');
  return 0;
}
