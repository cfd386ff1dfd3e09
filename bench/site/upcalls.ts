// Upcalls of Open vSwitch's userspace datapath: packets that missed every cached
// (megaflow) entry and went up to ovs-vswitchd's OpenFlow tables. Summed over the PMD
// and main threads of `ovs-appctl dpif-netdev/pmd-stats-show`. The datapath is shared
// by every netdev bridge of the machine, so read it only while holding the Mininet lock.
import { execFile } from 'node:child_process';

/** Sum of "miss with success upcall" and "miss with failed upcall" over all threads. */
export function parseUpcalls(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/miss with (?:success|failed) upcall:\s*(\d+)/g)) n += Number(m[1]);
  return n;
}

export function datapathUpcalls(): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('ovs-appctl', ['dpif-netdev/pmd-stats-show'], { timeout: 10_000 }, (err, stdout) => {
      if (err) reject(new Error(`ovs-appctl dpif-netdev/pmd-stats-show: ${err.message}`));
      else resolve(parseUpcalls(stdout));
    });
  });
}
