// Runs `slr controller` once to completion for start-up refusal checks: the exit code
// and everything it printed.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CONTROLLER_ENTRY } from './controller-process';
import { registerChild } from './child-registry';
import { REPO_ROOT } from './artifacts';

export interface ControllerExit {
  code: number | null;
  output: string;
}

/**
 * Starts the controller with this config and waits for it to exit. A controller that
 * accepts the config keeps running: it is stopped after `graceMs` and reported with
 * code null, so a test can tell "refused" from "accepted".
 */
export function runControllerExpectingExit(config: unknown, configPath: string, graceMs = 8000, entry = CONTROLLER_ENTRY): Promise<ControllerExit> {
  writeFileSync(configPath, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, 'controller', '--config', configPath, '--host', '127.0.0.1', '--port', '0'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    registerChild('controller-refusal', child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    let accepted = false;
    const timer = setTimeout(() => {
      accepted = true;
      child.kill('SIGTERM');
    }, graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: accepted ? null : code, output });
    });
  });
}
