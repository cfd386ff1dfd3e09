// Every process the e2e harness starts is registered here, so that whatever happens
// (a failed assertion, a thrown setup, jest exiting early, Ctrl-C) exactly those
// PIDs - and no others - get a SIGTERM. The Mininet driver tears its network down on
// SIGTERM; the controller simply exits.
import type { ChildProcess } from 'node:child_process';

const live = new Map<number, { name: string; child: ChildProcess }>();
let hooked = false;

function killAllSync(): void {
  for (const [pid, { child }] of live) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: a signal is all that can be sent from here.
  process.once('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAllSync();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

export function registerChild(name: string, child: ChildProcess): void {
  hookProcessExit();
  if (child.pid === undefined) return;
  const pid = child.pid;
  live.set(pid, { name, child });
  child.once('exit', () => live.delete(pid));
}

/** Names and PIDs still running, for diagnostics. */
export function liveChildren(): { pid: number; name: string }[] {
  return [...live].map(([pid, { name }]) => ({ pid, name }));
}

/**
 * Stop every child still registered (e.g. a network whose beforeAll timed out before
 * the test could keep a handle to it). The e2e setup file runs this after each file.
 */
export async function stopAllChildren(graceMs = 30_000): Promise<void> {
  await Promise.all([...live.values()].map(({ child }) => stopChild(child, graceMs)));
}

/** Stop one registered child: SIGTERM, then SIGKILL after graceMs; resolves on exit. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
