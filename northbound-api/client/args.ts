// Command-line parsing for `slr ctl`: the project's one strict parser (cli/strict-args,
// Node's util.parseArgs) over every option any ctl command knows; run-ctl then refuses
// options the chosen command does not read and positionals beyond what it takes.
import { isIpv4String, isIpv6String } from '../../controller/net';
import { parseCommandLine, UsageError, type OptionSpec } from './strict-args';

export { UsageError } from './strict-args';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string>;
  switches: Set<string>;
}

/** Options that take no value. */
const SWITCHES = ['json', 'help'] as const;

/** The parser's option table: every valued option as a string, plus the switches and -o / -h. */
export function ctlOptions(valued: ReadonlySet<string>): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const name of valued) options[name] = { type: 'string' };
  for (const name of SWITCHES) options[name] = { type: 'boolean' };
  options.help = { type: 'boolean', short: 'h' };
  if (valued.has('output')) options.output = { type: 'string', short: 'o' };
  return options;
}

export function parseArgs(argv: readonly string[], known: ReadonlySet<string>): ParsedArgs {
  const parsed = parseCommandLine(argv, { command: 'slr ctl', options: ctlOptions(known), maxPositionals: Infinity });
  const out: ParsedArgs = { positionals: parsed.positionals, flags: new Map(), switches: new Set() };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') out.flags.set(name, value);
    else if (value === true) out.switches.add(name);
  }
  return out;
}

export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(v)) throw new UsageError(`--${name} needs a number, got "${v}"`);
  return Number(v);
}

export function listFlag(args: ParsedArgs, name: string): string[] | undefined {
  const v = args.flags.get(name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * "a.b.c.d:port" or "[v6 address]:port" (brackets as in URLs, RFC 3986 3.2.2, since an
 * IPv6 address has colons of its own) -> parts; a usage error otherwise.
 */
export function endpoint(text: string | undefined, what: string): { ip: string; port: number } {
  const m = text === undefined ? null : /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):([0-9]{1,5})$/.exec(text);
  const ip = m === null ? undefined : m[1] ?? m[2];
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || ip === undefined || port > 65535 || !(m[1] !== undefined ? isIpv6String(ip) : isIpv4String(ip))) {
    throw new UsageError(`${what} must be ADDRESS:PORT (IPv4) or [ADDRESS]:PORT (IPv6), got "${text ?? ''}"`);
  }
  return { ip, port };
}

/** How an endpoint is written back: IPv6 in brackets. */
export function endpointText(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function positional(args: ParsedArgs, index: number, what: string): string {
  const v = args.positionals[index];
  if (v === undefined) throw new UsageError(`missing ${what}`);
  return v;
}
