// `slr ctl [--url URL] [--token T] [--json] RESOURCE VERB [ARGS]`: the operator client.
// Tables by default, --json for scripts. Exit 0 on success, 1 when the API refused or
// could not be reached, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError } from './args';
import type { CommandGroup } from './command';
import { POLICIES, SERVICES, TARGETS } from './commands-config';
import { HEALTH, LEVELS, PEERS, PINS, SIMULATE, SWITCHES } from './commands-runtime';
import { ApiClient, ApiRequestError } from './http-client';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

const GROUPS: Record<string, CommandGroup> = {
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
  'targets', 'policy', 'type', 'aggregation', 'interval', 'load-factor', 'cost-factor', 'vip', 'client', 'target', 'limit',
]);

export interface CtlIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  readFile?(path: string): string;
}

export function usage(): string {
  const lines = ['usage: slr ctl [--url URL] [--token TOKEN] [--json] RESOURCE COMMAND [ARGS]', '', 'URL and TOKEN default to $SLR_API_URL and $SLR_TOKEN', ''];
  for (const [name, g] of Object.entries(GROUPS)) {
    lines.push(`${name}: ${g.summary}`);
    for (const [verb, c] of Object.entries(g.commands)) lines.push(`  slr ctl ${name}${verb ? ` ${c.usage}` : c.usage ? ` ${c.usage}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runCtl(argv: readonly string[], io: CtlIo): Promise<number> {
  let json = false;
  try {
    const args = parseArgs(argv, FLAGS);
    json = args.switches.has('json');
    const [resource, ...rest] = args.positionals;
    if (resource === undefined || args.switches.has('help')) {
      io.stdout.write(usage());
      return resource === undefined && !args.switches.has('help') ? 2 : 0;
    }
    const group = GROUPS[resource];
    if (group === undefined) throw new UsageError(`unknown resource "${resource}"`);
    const direct = group.commands[''];
    const verb = direct ? '' : rest.shift();
    const command = verb === undefined ? undefined : group.commands[verb];
    if (command === undefined) throw new UsageError(verb === undefined ? `${resource} needs a command` : `unknown command "${resource} ${verb}"`);
    for (const flag of args.flags.keys()) {
      if (flag !== 'url' && flag !== 'token' && !(command.flags ?? []).includes(flag)) {
        throw new UsageError(`--${flag} does not apply to "${resource}${verb ? ` ${verb}` : ''}"`);
      }
    }
    const client = new ApiClient(args.flags.get('url') ?? io.env.SLR_API_URL ?? DEFAULT_API_URL, args.flags.get('token') ?? io.env.SLR_TOKEN);
    const out = await command.run({ client, args: { ...args, positionals: rest }, readFile: io.readFile ?? ((p) => readFileSync(p, 'utf8')) });
    io.stdout.write(json ? `${JSON.stringify(out.json, null, 2)}\n` : out.text);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`slr ctl: ${err.message}\n\n${usage()}`);
      return 2;
    }
    if (err instanceof ApiRequestError) {
      if (json) io.stdout.write(`${JSON.stringify({ error: { status: err.status, code: err.code, message: err.message, problems: err.problems } }, null, 2)}\n`);
      const status = err.status === 0 ? '' : `${err.status} `;
      const problems = err.problems.map((p) => `  ${p.in} ${p.field || '(whole)'}: ${p.reason}\n`).join('');
      io.stderr.write(`slr ctl: ${status}${err.code}: ${err.message}\n${problems}`);
      return 1;
    }
    throw err;
  }
}
