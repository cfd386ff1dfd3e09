// `slr controller --config FILE [--port N] [--host H]`: load and validate the config,
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
import { componentLogger, createLogger } from '../controller/logger';
import { ControllerMetrics, metricsConfigOf } from '../controller/metrics';
import { startRuntime } from '../controller/runtime';

/**
 * Every module the process knows: their config sections compose the schema. Apps come
 * in packet-in precedence order (later ones see what earlier ones decline): the
 * pipeline, then the SLR levels' apps (built by createSlrProcess), then forwarding.
 */
export const APP_MODULES: readonly AppModule[] = [pipelineModule, slrModule, forwardingModule, northboundApiModule];

const USAGE = `usage: slr controller [--config FILE] [--port N] [--host H]

  --config FILE   JSON config (see config/example.json); defaults apply when omitted
  --port N        OpenFlow listen port (0: any free port, printed in the "listening" log line)
  --host H        OpenFlow listen address
`;

interface CliArgs {
  configFile?: string;
  overrides: ConfigOverrides;
  help: boolean;
}

export function parseArgs(argv: string[]): CliArgs | string {
  const args: CliArgs = { overrides: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '-h':
      case '--help':
        args.help = true;
        break;
      case '--config': {
        const v = value();
        if (!v) return '--config needs a file name';
        args.configFile = v;
        break;
      }
      case '--port': {
        const v = value();
        const n = Number(v);
        if (v === undefined || !/^[0-9]+$/.test(v) || n > 65535) return `--port needs a number 0..65535, got ${v ?? 'nothing'}`;
        args.overrides.port = n;
        break;
      }
      case '--host': {
        const v = value();
        if (!v) return '--host needs an address';
        args.overrides.host = v;
        break;
      }
      default:
        return `unknown argument "${a}"`;
    }
  }
  return args;
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

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`slr controller: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config: SlrConfig;
  try {
    config = loadConfig(args);
  } catch (err) {
    if (isSlrError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger({ level: config.log.level });
  const metrics = metricsConfigOf(config).enabled ? new ControllerMetrics() : undefined;
  const apps: App[] = [];
  let slr: SlrProcess | undefined;
  try {
    slr = createSlrProcess(config, log, metrics);
    for (const m of APP_MODULES) {
      const app = m.create(config, componentLogger(log, m.name), { metrics });
      if (app) apps.push(app);
      if (m === slrModule && slr) apps.push(...slr.apps());
    }
  } catch (err) {
    // Meaning errors found while building apps (overlapping VIPs, unknown targets) are
    // config errors like schema ones: same exit code, message naming what is wrong.
    if (isSlrError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
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
