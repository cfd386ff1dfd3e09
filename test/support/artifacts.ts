// Where e2e runs leave their logs: .run/e2e/<run>/ under the repo (git-ignored), one
// folder per test file, so a failure can be read after the run.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json: right both from test/support and from dist/test/support (scripts run the compiled harness). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..', '..');
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);

export function artifactDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(REPO_ROOT, '.run', 'e2e', `${stamp}-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
