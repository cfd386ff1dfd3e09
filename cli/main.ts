// `slr <subcommand> [args]`: each subcommand is a module in this folder exporting
// run(argv) -> exit code. Modules load lazily so `slr ofp` never pulls in fastify or gRPC.
type Runner = { run(argv: string[]): Promise<number> };

const SUBCOMMANDS: Record<string, { file: string; summary: string }> = {
  ofp: { file: './ofp', summary: 'OpenFlow 1.3 message tools: print, roundtrip' },
  controller: { file: './controller', summary: 'run the controller: --config FILE' },
  agent: { file: './agent', summary: 'run a server agent: --config FILE' },
  ctl: { file: './ctl', summary: 'operator client for the REST API: targets, services, policies, pins, simulate, ...' },
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(12)} ${s.summary}`);
  return `usage: slr <subcommand> [args]\n\nsubcommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = SUBCOMMANDS[name];
  if (!entry) {
    process.stderr.write(`slr: unknown subcommand '${name}'\n${usage()}`);
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
