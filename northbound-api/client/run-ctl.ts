// `slr ctl [--url URL] [--token T] [-o table|json|yaml] RESOURCE VERB [ARGS]`: the
// operator client. Tables by default, -o json or yaml for scripts (--json is -o json).
// Exit 0 on success, 1 when the API refused or could not be reached, 2 on a usage
// error (one line and a hint: the command's own usage line).
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError } from './args';
import { formatUsageError } from './strict-args';
import { toYaml } from './yaml';
import type { CommandGroup } from './command';
import { POLICIES, SERVICES, TARGETS } from './commands-config';
import { HEALTH, LEVELS, PEERS, PINS, SIMULATE, SWITCHES } from './commands-runtime';
import { ApiClient, ApiRequestError } from './http-client';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const GROUPS: Record<string, CommandGroup> = {
  targets: TARGETS,
  services: SERVICES,
  policies: POLICIES,
  pins: PINS,
  simulate: SIMULATE,
  switches: SWITCHES,
  levels: LEVELS,
  peers: PEERS,
  health: HEALTH,
};

const FLAGS = new Set([
  'url', 'token', 'file', 'if-match', 'weight', 'cost', 'state', 'kind', 'ip', 'mac', 'port', 'prefix', 'protocol', 'ports',
  'targets', 'policy', 'type', 'aggregation', 'interval', 'load-factor', 'cost-factor', 'vip', 'client', 'target', 'limit', 'output',
]);

/** Options every command takes. */
const GLOBAL_FLAGS = new Set(['url', 'token', 'output']);

/** Every valued option any ctl command knows (for shell completion). */
export const CTL_FLAGS: readonly string[] = [...FLAGS];

export interface CtlIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  readFile?(path: string): string;
}

export function usage(): string {
  const lines = ['usage: slr ctl [--url URL] [--token TOKEN] [-o table|json|yaml] RESOURCE COMMAND [ARGS]', '', 'URL and TOKEN default to $SLR_API_URL and $SLR_TOKEN', ''];
  for (const [name, g] of Object.entries(GROUPS)) {
    lines.push(`${name}: ${g.summary}`);
    for (const [verb, c] of Object.entries(g.commands)) lines.push(`  ${commandUsage(name, verb, c.usage)}`);
  }
  return `${lines.join('\n')}\n`;
}

function commandUsage(resource: string, verb: string, text: string): string {
  return `slr ctl ${resource}${verb ? ` ${text}` : text ? ` ${text}` : ''}`;
}

function outputFormat(flag: string | undefined, json: boolean): OutputFormat {
  if (flag === undefined) return json ? 'json' : 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(flag)) throw new UsageError(`-o must be table, json or yaml, got "${flag}"`);
  if (json && flag !== 'json') throw new UsageError(`--json and -o ${flag} disagree`);
  return flag as OutputFormat;
}

function render(format: OutputFormat, value: unknown): string {
  return format === 'yaml' ? toYaml(value) : `${JSON.stringify(value, null, 2)}\n`;
}

export async function runCtl(argv: readonly string[], io: CtlIo): Promise<number> {
  let format: OutputFormat = 'table';
  // The hint after a usage error: the usage line of the command, once it is known.
  let hint = "see 'slr ctl --help'";
  try {
    const args = parseArgs(argv, FLAGS);
    format = outputFormat(args.flags.get('output'), args.switches.has('json'));
    const [resource, ...rest] = args.positionals;
    if (resource === undefined || args.switches.has('help')) {
      io.stdout.write(usage());
      return resource === undefined && !args.switches.has('help') ? 2 : 0;
    }
    const group = GROUPS[resource];
    if (group === undefined) throw new UsageError(`unknown resource "${resource}"`, `the resources are ${Object.keys(GROUPS).join(', ')}`);
    const direct = group.commands[''];
    const verb = direct ? '' : rest.shift();
    const command = verb === undefined ? undefined : group.commands[verb];
    if (command === undefined) {
      const verbs = Object.keys(group.commands).join(', ');
      throw new UsageError(verb === undefined ? `${resource} needs a command` : `unknown command "${resource} ${verb}"`, `${resource} takes ${verbs}`);
    }
    hint = `usage: ${commandUsage(resource, verb ?? '', command.usage)}`;
    for (const flag of args.flags.keys()) {
      if (!GLOBAL_FLAGS.has(flag) && !(command.flags ?? []).includes(flag)) {
        throw new UsageError(`--${flag} does not apply to "${resource}${verb ? ` ${verb}` : ''}"`);
      }
    }
    if (rest.length > (command.positionals ?? 0)) throw new UsageError(`unexpected argument "${rest[command.positionals ?? 0]}"`);
    const client = new ApiClient(args.flags.get('url') ?? io.env.SLR_API_URL ?? DEFAULT_API_URL, args.flags.get('token') ?? io.env.SLR_TOKEN);
    const out = await command.run({ client, args: { ...args, positionals: rest }, readFile: io.readFile ?? ((p) => readFileSync(p, 'utf8')) });
    io.stdout.write(format === 'table' ? out.text : render(format, out.json));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(formatUsageError('slr ctl', err.hint === undefined ? new UsageError(err.message, hint) : err));
      return 2;
    }
    if (err instanceof ApiRequestError) {
      if (format !== 'table') io.stdout.write(render(format, { error: { status: err.status, code: err.code, message: err.message, problems: err.problems } }));
      const status = err.status === 0 ? '' : `${err.status} `;
      const problems = err.problems.map((p) => `  ${p.in} ${p.field || '(whole)'}: ${p.reason}\n`).join('');
      io.stderr.write(`slr ctl: ${status}${err.code}: ${err.message}\n${problems}`);
      return 1;
    }
    throw err;
  }
}
