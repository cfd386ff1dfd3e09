// The gRPC TypeScript types in peering/generated come from proto/slr/v1 through
// proto-loader-gen-types (npm run proto:types). Regenerate them into a temporary folder
// and compare: a .proto edited without regenerating fails here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p, base) : [path.relative(base, p)];
  }).sort();
}

describe('generated gRPC types', () => {
  it('match what proto-loader-gen-types makes of the .proto files now', () => {
    const script = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts['proto:types'] as string;
    const out = mkdtempSync(path.join(os.tmpdir(), 'slr-proto-'));
    try {
      const args = script.split(' ').slice(1).map((a) => (a === 'peering/generated' ? out : a));
      execFileSync(path.join(REPO, 'node_modules', '.bin', 'proto-loader-gen-types'), args, { cwd: REPO, stdio: 'pipe' });
      const committed = path.join(REPO, 'peering', 'generated');
      expect(files(out)).toEqual(files(committed));
      for (const f of files(out)) expect({ f, text: readFileSync(path.join(committed, f), 'utf8') }).toEqual({ f, text: readFileSync(path.join(out, f), 'utf8') });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 30_000);
});
