// `slr ctl ...`: the operator's client for the northbound REST API (see
// northbound-api/client). Loads no controller code, so it starts fast.
import { runCtl } from '../northbound-api/client/run-ctl';

export function run(argv: string[]): Promise<number> {
  return runCtl(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
