// Structured logs: pino JSON lines. One root logger per process; components and
// datapaths get child loggers so every line says where it came from.
import pino from 'pino';
import { dpidToHex } from './dpid';

export type Logger = pino.Logger;
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to capture lines. */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions): Logger {
  const base = {
    level: opts.level,
    base: { pid: process.pid },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // Synchronous writes so the "listening" line is out before anyone waits on it, and so
  // nothing is lost when the process exits on a signal.
  return opts.destination ? pino(base, opts.destination) : pino(base, pino.destination({ dest: 1, sync: true }));
}

/** A logger that prints nothing: the default for tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}

export function datapathLogger(parent: Logger, dpid: bigint): Logger {
  return parent.child({ dpid: dpidToHex(dpid) });
}
