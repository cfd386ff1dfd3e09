// Where e2e runs leave their logs: .run/e2e/<run>/ under the repo (git-ignored), one
// folder per test file, so a failure can be read after the run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function artifactDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(REPO_ROOT, '.run', 'e2e', `${stamp}-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
