// CPU utilisation from /proc/stat: the aggregate "cpu" line holds cumulative jiffies
// per state since boot: user nice system idle iowait irq softirq steal guest guest_nice.
// Utilisation over an interval = 1 - (idle + iowait delta) / (total delta). guest and
// guest_nice are already included in user and nice, so they are left out of the total.

export interface CpuTimes {
  busy: number;
  idle: number;
}

export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) throw new Error('/proc/stat: no aggregate cpu line');
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) throw new Error(`/proc/stat: bad cpu line '${line}'`);
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  return { busy: user + nice + system + irq + softirq + steal, idle: idle + iowait };
}

/** Utilisation 0..1 between two samples; 0 when no time passed (or counters went back). */
export function cpuUtilisation(previous: CpuTimes, current: CpuTimes): number {
  const busy = current.busy - previous.busy;
  const total = busy + (current.idle - previous.idle);
  if (total <= 0 || busy < 0) return 0;
  return Math.min(1, Math.max(0, busy / total));
}
