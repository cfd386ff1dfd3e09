// The shape of a `slr ctl` command.
import type { ParsedArgs } from './args';
import type { ApiClient } from './http-client';

export interface CtlContext {
  client: ApiClient;
  /** Positionals after the resource and verb, and the flags. */
  args: ParsedArgs;
  readFile(path: string): string;
}

/** `json` is printed with -o json or yaml; `text` with -o table (the default). */
export interface CtlOutput {
  json: unknown;
  text: string;
}

export interface Command {
  usage: string;
  /** Most positional arguments after the verb (default 0): more is a usage error. */
  positionals?: number;
  /** Options this command reads (besides --url, --token, -o): any other is a usage error. */
  flags?: readonly string[];
  run(ctx: CtlContext): Promise<CtlOutput>;
}

export interface CommandGroup {
  summary: string;
  commands: Record<string, Command>;
}
