// `slr <subcommand> [args]`: each subcommand is a module in this folder exporting
// run(argv) -> exit code. Modules load lazily so `slr ofp` never pulls in fastify or gRPC.
import { slrVersion } from '../controller/version';
import { closestOption } from '../northbound-api/client/strict-args';
import { SUBCOMMANDS } from './subcommands';

type Runner = { run(argv: string[]): Promise<number> };

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(12)} ${s.summary}`);
  return `usage: slr <subcommand> [args]\n       slr --version\n\nsubcommands:\n${lines.join('\n')}\n\n'slr <subcommand> --help' describes each.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    if (rest.length > 0) {
      process.stderr.write(`slr: unexpected argument '${rest[0]}'\n`);
      return 2;
    }
    process.stdout.write(`slr ${slrVersion()}\n`);
    return 0;
  }
  const entry = SUBCOMMANDS[name];
  if (!entry) {
    const near = closestOption(name, Object.keys(SUBCOMMANDS));
    const what = name.startsWith('-') ? 'option' : 'subcommand';
    process.stderr.write(`slr: unknown ${what} '${name}'\nhint: ${near ? `did you mean '${near}'? ` : ''}the subcommands are ${Object.keys(SUBCOMMANDS).join(', ')} (see 'slr --help')\n`);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(entry.file) as Runner;
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`slr: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
