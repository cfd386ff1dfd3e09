// The one argument parser of every `slr` subcommand: Node's util.parseArgs in strict
// mode, with its errors turned into one line that names the problem, plus a hint
// ("did you mean --config?", "see 'slr controller --help'"). Unknown options, missing
// values and arguments a command does not take are errors, never silently ignored.
// No dependency on anything else in the project, so every subcommand (and the
// `slr ctl` client under northbound-api/client) can use it.
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export interface CommandLineSpec {
  /** How the command is called, for messages: "slr controller". */
  command: string;
  options: Record<string, OptionSpec>;
  /** Most positional arguments accepted (default 0). */
  maxPositionals?: number;
}

export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** A mistake in how the command was called: exit code 2, message plus a hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Edit distance counting a swap of two neighbours as one edit (typos), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest known option to a mistyped one, when it is close enough to be a typo. */
export function closestOption(given: string, known: readonly string[]): string | undefined {
  const name = given.replace(/^-+/, '').split('=')[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

const quoted = (message: string): string | undefined => /'([^']+)'/.exec(message)?.[1];

function usageErrorOf(err: { code?: string; message: string }, spec: CommandLineSpec): UsageError {
  const help = `see '${spec.command} --help'`;
  const token = quoted(err.message) ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const near = closestOption(token, Object.keys(spec.options));
      return new UsageError(`unknown option ${token}`, near ? `did you mean --${near}? (${help})` : help);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument '${token}'`, help);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // Node's own wording spans three lines; the cases are few and have short names.
      const option = /(--[A-Za-z0-9-]+)/.exec(err.message)?.[1] ?? token;
      if (/does not take an argument/.test(err.message)) return new UsageError(`${option} takes no value`, help);
      if (/ambiguous/.test(err.message)) return new UsageError(`${option} needs a value`, `a value starting with '-' is written ${option}=-VALUE`);
      return new UsageError(`${option} needs a value`, help);
    }
    default:
      return new UsageError(err.message.split('\n')[0], help);
  }
}

export function parseCommandLine(argv: readonly string[], spec: CommandLineSpec): ParsedCommandLine {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, strict: true, allowPositionals: true }) as ParsedCommandLine;
  } catch (err) {
    // Duck-typed: Node's errors come from another realm under the test runner, so
    // instanceof Error is not reliable here.
    const e = err as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS') && typeof e.message === 'string') {
      throw usageErrorOf({ code: e.code, message: e.message }, spec);
    }
    throw err;
  }
  const max = spec.maxPositionals ?? 0;
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`, `see '${spec.command} --help'`);
  }
  return parsed;
}

/** The two lines a usage error prints: "slr x: problem" and the hint. */
export function formatUsageError(command: string, err: UsageError): string {
  return `${command}: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`;
}

/** A string option's value, or undefined. */
export function stringValue(parsed: ParsedCommandLine, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}
