// Registration retry delays: exponential from initialMs up to maxMs, with jitter
// (each delay drawn from [d/2, d]) so registrants restarted together do not
// hammer a recovering SLR in lock step.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const ceiling = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  const r = (opts.random ?? Math.random)();
  return Math.max(1, Math.round(ceiling / 2 + (ceiling / 2) * r));
}
