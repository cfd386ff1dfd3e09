// Preflight for e2e tests: fail at once with the fix ("npm test" runs scripts/setup.sh)
// instead of timing out deep inside Mininet when the test bed is not there.
import { execFileSync } from 'node:child_process';
import { DEBIAN_PYTHON } from './mininet-driver';

function works(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function assertTestBed(): void {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('e2e tests need root (network namespaces, OVS)');
  if (!works('ovs-vsctl', ['-t', '5', 'show'])) problems.push('Open vSwitch is not running (`ovs-vsctl show` fails)');
  if (!works(DEBIAN_PYTHON, ['-c', 'import mininet.net'])) problems.push(`${DEBIAN_PYTHON} cannot import mininet`);
  if (!works('ovs-testcontroller', ['--version'])) problems.push('ovs-testcontroller is missing');
  if (problems.length > 0) {
    throw new Error(`test bed not ready: ${problems.join('; ')}. Run \`bash scripts/setup.sh\` (npm test does).`);
  }
}
