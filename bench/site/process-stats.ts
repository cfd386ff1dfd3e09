// Scheduler statistics of a process from /proc: CPU time of all its threads, and for
// its main thread (the event loop) the time spent runnable but waiting for a CPU and
// the number of times it was scheduled (/proc/PID/task/TID/schedstat: on-CPU ns,
// run-queue wait ns, timeslices). A controller that is idle most of the time but
// answers late is waiting for the CPU, not computing: this tells the two apart.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessSample {
  cpuNs: number;
  /** On-CPU ns of the main thread (the event loop). */
  mainCpuNs: number;
  /** utime and stime of the whole process (/proc/PID/stat), clock ticks. */
  userTicks: number;
  systemTicks: number;
  mainWaitNs: number;
  mainSlices: number;
}

function schedstat(file: string): [number, number, number] {
  const [run, wait, slices] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  return [run, wait, slices];
}

export function sampleProcess(pid: number): ProcessSample {
  let cpuNs = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      cpuNs += schedstat(`/proc/${pid}/task/${tid}/schedstat`)[0];
    } catch {
      // a thread that ended meanwhile
    }
  }
  const [mainCpuNs, wait, slices] = schedstat(`/proc/${pid}/task/${pid}/schedstat`);
  // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { cpuNs, mainCpuNs, userTicks: Number(rest[11]), systemTicks: Number(rest[12]), mainWaitNs: wait, mainSlices: slices };
}

export interface ProcessDelta {
  /** CPU of all threads per connection, microseconds; and its user / kernel split (10 ms ticks). */
  cpuUsPerConnection: number;
  /** Of which on the main thread (the rest: V8's compiler and GC helpers, libuv's pool). */
  mainCpuUsPerConnection: number;
  userUsPerConnection: number;
  systemUsPerConnection: number;
  /** Main thread: mean wait for a CPU each time it became runnable, microseconds. */
  runQueueWaitUsPerSlice: number;
  /** Main thread: times scheduled per connection. */
  slicesPerConnection: number;
}

export function processDelta(a: ProcessSample, b: ProcessSample, connections: number): ProcessDelta {
  const slices = b.mainSlices - a.mainSlices;
  return {
    cpuUsPerConnection: (b.cpuNs - a.cpuNs) / 1000 / connections,
    mainCpuUsPerConnection: (b.mainCpuNs - a.mainCpuNs) / 1000 / connections,
    userUsPerConnection: ((b.userTicks - a.userTicks) * 10_000) / connections,
    systemUsPerConnection: ((b.systemTicks - a.systemTicks) * 10_000) / connections,
    runQueueWaitUsPerSlice: slices > 0 ? (b.mainWaitNs - a.mainWaitNs) / 1000 / slices : 0,
    slicesPerConnection: slices / connections,
  };
}
