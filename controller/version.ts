// The version of this build, read once from the package.json shipped next to the code
// (two levels up from dist/controller/ when compiled, one up from controller/ under the
// test runner). `slr --version`, GET /v1/health and the slr_build_info metric all say it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

export function slrVersion(): string {
  if (cached !== undefined) return cached;
  for (const dir of [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')]) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'slr' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not here: try the next level
    }
  }
  return (cached = '0.0.0-unknown');
}
