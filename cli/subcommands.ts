// The table of `slr` subcommands: the dispatcher (main.ts) and the shell completion
// (completion.ts) read it. Each module exports run(argv) -> exit code and loads lazily.
export const SUBCOMMANDS: Record<string, { file: string; summary: string }> = {
  ofp: { file: './ofp', summary: 'OpenFlow 1.3 message tools: print, roundtrip' },
  controller: { file: './controller', summary: 'run the controller: --config FILE (--check: validate only)' },
  agent: { file: './agent', summary: 'run a server agent: --config FILE' },
  ctl: { file: './ctl', summary: 'operator client for the REST API: targets, services, policies, pins, simulate, ...' },
  completion: { file: './completion', summary: 'print a shell completion script: completion bash' },
};
