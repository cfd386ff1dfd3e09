// The bash completion script, run by a real bash: COMP_WORDS in, COMPREPLY out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bashCompletion } from '../../../cli/completion';

describe('slr completion bash', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slr-completion-'));
  const script = path.join(dir, 'slr.bash');
  writeFileSync(script, bashCompletion());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function complete(...words: string[]): string[] {
    const r = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _slr; printf '%s\\n' "\${COMPREPLY[@]}"`, '_', ...words], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it('is valid bash that registers _slr for slr', () => {
    const r = spawnSync('bash', ['-c', `source ${script} && complete -p slr`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('complete -o default -F _slr slr');
  });

  it('completes subcommands and each one\'s options', () => {
    expect(complete('slr', '')).toEqual(['ofp', 'controller', 'agent', 'ctl', 'completion', '--version', '--help']);
    expect(complete('slr', 'c')).toEqual(['controller', 'ctl', 'completion']);
    expect(complete('slr', 'controller', '--c')).toEqual(['--config', '--check']);
    expect(complete('slr', 'agent', '-')).toEqual(['--config', '-c', '--help', '-h']);
    expect(complete('slr', 'ofp', 'r')).toEqual(['roundtrip']);
    expect(complete('slr', 'ofp', 'print', '--h')).toEqual(['--hex', '--help']);
  });

  it('completes ctl resources, verbs and the options of the chosen command, skipping option values', () => {
    expect(complete('slr', 'ctl', 'p')).toEqual(['policies', 'pins', 'peers']);
    expect(complete('slr', 'ctl', '--url', 'http://[::1]:8080', 'targets', 'd')).toEqual(['delete', 'drain', 'disable']);
    expect(complete('slr', 'ctl', 'targets', 'set', 'srv1', '--w')).toEqual(['--weight']);
    expect(complete('slr', 'ctl', 'simulate', '--c')).toEqual(['--client']);
    expect(complete('slr', 'ctl', '-o', '')).toEqual(['table', 'json', 'yaml']);
    expect(complete('slr', 'ctl', 'targets', 'set', 'srv1', '--weight', '')).toEqual([]);
    expect(complete('slr', 'ctl', 'health', '--t')).toEqual(['--token']);
  });
});
