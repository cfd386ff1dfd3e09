// Command-line parsing for `slr ctl`: positionals plus --flag value / --flag=value /
// boolean switches. Unknown flags are errors, so a typo never silently does nothing.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string>;
  switches: Set<string>;
}

/** Flags that take no value. */
const SWITCHES = new Set(['json', 'help']);

export function parseArgs(argv: readonly string[], known: ReadonlySet<string>): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') {
      out.switches.add('help');
      continue;
    }
    if (!a.startsWith('--')) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (SWITCHES.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
      continue;
    }
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    out.flags.set(name, value);
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

/** "a.b.c.d:port" -> parts; a usage error otherwise. */
export function endpoint(text: string | undefined, what: string): { ip: string; port: number } {
  const m = text === undefined ? null : /^([0-9.]+):([0-9]{1,5})$/.exec(text);
  if (m === null) throw new UsageError(`${what} must be ADDRESS:PORT, got "${text ?? ''}"`);
  return { ip: m[1], port: Number(m[2]) };
}

export function positional(args: ParsedArgs, index: number, what: string): string {
  const v = args.positionals[index];
  if (v === undefined) throw new UsageError(`missing ${what}`);
  return v;
}
