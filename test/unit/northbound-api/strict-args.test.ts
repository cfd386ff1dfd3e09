// The parser every subcommand shares: strict, one-line errors with a hint.
import { closestOption, formatUsageError, parseCommandLine, UsageError, type CommandLineSpec } from '../../../northbound-api/client/strict-args';

const spec: CommandLineSpec = {
  command: 'slr demo',
  options: { config: { type: 'string', short: 'c' }, check: { type: 'boolean' }, 'load-factor': { type: 'string' } },
  maxPositionals: 1,
};

function problem(argv: string[]): string {
  try {
    parseCommandLine(argv, spec);
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return formatUsageError('slr demo', err as UsageError);
  }
}

describe('parseCommandLine', () => {
  it('reads long, short, --name=value and boolean options and positionals in any order', () => {
    expect(parseCommandLine(['x', '-c', 'a.json', '--check', '--load-factor=2'], spec)).toEqual({
      values: { config: 'a.json', check: true, 'load-factor': '2' }, positionals: ['x'],
    });
    expect(parseCommandLine(['--', '--check'], spec).positionals).toEqual(['--check']);
  });

  it('refuses unknown options, suggesting the near one only when it is a likely typo', () => {
    expect(problem(['--cnofig', 'a'])).toBe("slr demo: unknown option --cnofig\nhint: did you mean --config? (see 'slr demo --help')\n");
    expect(problem(['--load-facter=1'])).toBe("slr demo: unknown option --load-facter\nhint: did you mean --load-factor? (see 'slr demo --help')\n");
    expect(problem(['--verbose'])).toBe("slr demo: unknown option --verbose\nhint: see 'slr demo --help'\n");
    expect(problem(['-x'])).toBe("slr demo: unknown option -x\nhint: see 'slr demo --help'\n");
  });

  it('refuses missing values, values on switches and more positionals than the command takes', () => {
    expect(problem(['--config'])).toBe("slr demo: --config needs a value\nhint: see 'slr demo --help'\n");
    expect(problem(['--config', '--check'])).toBe("slr demo: --config needs a value\nhint: a value starting with '-' is written --config=-VALUE\n");
    expect(problem(['--check=no'])).toBe("slr demo: --check takes no value\nhint: see 'slr demo --help'\n");
    expect(problem(['a', 'b'])).toBe("slr demo: unexpected argument 'b'\nhint: see 'slr demo --help'\n");
    expect(problem(['a', '--check'])).toBe('accepted');
  });
});

describe('closestOption', () => {
  it('counts a swap of neighbours as one edit and stays quiet for unrelated words', () => {
    expect(closestOption('--hxe', ['hex', 'help'])).toBe('hex');
    expect(closestOption('--prot', ['port', 'host'])).toBe('port');
    expect(closestOption('--colour', ['config', 'check'])).toBeUndefined();
    expect(closestOption('ctrl', ['ctl', 'ofp'])).toBe('ctl');
  });
});
