// CPU utilisation of "this server" when servers are network namespaces on one kernel
// (Mininet): /proc/stat is machine-wide there and cannot tell servers apart, but every
// process belongs to exactly one network namespace. So the server's CPU is the sum of
// utime+stime of the processes whose /proc/PID/ns/net is the agent's own, divided by
// elapsed wall time x cores, giving the same 0..1 scale as the system source.
//
// Per-PID deltas between samples: a PID seen for the first time counts in full (it
// started during the interval: everything present at prime() is the baseline). Time of
// processes that start and exit between two samples is not seen; servers' work lives
// in long-running processes (HTTP server, workers), so that loss is small.
import * as os from 'node:os';
import * as path from 'node:path';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The parts of /proc the meter reads; tests replace them with fixture data. */
export interface ProcReader {
  readText(file: string): Promise<string>;
  readLink(file: string): Promise<string>;
  listDir(dir: string): Promise<string[]>;
}

/**
 * The real /proc, read with synchronous calls: /proc is generated in memory and never
 * waits on a disk, and going through libuv's thread pool for each of the few hundred
 * small reads of a sample cost about ten times the CPU here (bench:agent: ~30 ms against
 * ~3 ms per sample with ~100 processes).
 */
export const realProc: ProcReader = {
  readText: async (f) => readFileSync(f, 'utf8'),
  readLink: async (f) => readlinkSync(f),
  listDir: async (d) => readdirSync(d),
};

/** A source of CPU utilisation 0..1 over the time since the previous call. */
export interface CpuSource {
  prime(): Promise<void>;
  sample(): Promise<number>;
}

export interface NetnsCpuOptions {
  procRoot?: string;
  proc?: ProcReader;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** The machine's cores: a namespace using all of them reads 1. */
  cores?: number;
  /** USER_HZ, the unit of utime/stime (100 on every mainstream Linux build). */
  ticksPerSecond?: number;
}

/**
 * utime + stime (fields 14 and 15) of /proc/PID/stat, in ticks. The command name (field
 * 2) may hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function parsePidStatTicks(text: string): number | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ')': field 3 (state) is index 0, so utime (14) is index 11 and stime index 12.
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return utime + stime;
}

export class NetnsCpu implements CpuSource {
  private readonly procRoot: string;
  private readonly proc: ProcReader;
  private readonly now: () => number;
  private readonly cores: number;
  private readonly ticksPerSecond: number;
  private previous = new Map<number, number>();
  private previousAt = 0;
  private ownNs: string | undefined;

  constructor(opts: NetnsCpuOptions = {}) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.proc = opts.proc ?? realProc;
    this.now = opts.now ?? (() => performance.now());
    this.cores = Math.max(1, opts.cores ?? os.cpus().length);
    this.ticksPerSecond = opts.ticksPerSecond ?? 100;
  }

  /** Ticks per PID of every process in the agent's network namespace. */
  async snapshot(): Promise<Map<number, number>> {
    this.ownNs ??= await this.proc.readLink(path.join(this.procRoot, 'self', 'ns', 'net'));
    const ticks = new Map<number, number>();
    const pids = (await this.proc.listDir(this.procRoot)).filter((n) => /^[0-9]+$/.test(n));
    await Promise.all(
      pids.map(async (name) => {
        try {
          // Processes come and go while we read: a vanished one is simply skipped.
          if ((await this.proc.readLink(path.join(this.procRoot, name, 'ns', 'net'))) !== this.ownNs) return;
          const t = parsePidStatTicks(await this.proc.readText(path.join(this.procRoot, name, 'stat')));
          if (t !== undefined) ticks.set(Number(name), t);
        } catch {
          // gone, or not ours to read
        }
      }),
    );
    return ticks;
  }

  async prime(): Promise<void> {
    this.previous = await this.snapshot();
    this.previousAt = this.now();
  }

  async sample(): Promise<number> {
    const current = await this.snapshot();
    const at = this.now();
    let used = 0;
    for (const [pid, t] of current) {
      const before = this.previous.get(pid);
      // A lower count means the PID was reused by a new process: count it from zero.
      used += before === undefined || t < before ? t : t - before;
    }
    const elapsedS = (at - this.previousAt) / 1000;
    this.previous = current;
    this.previousAt = at;
    if (elapsedS <= 0) return 0;
    return Math.min(1, Math.max(0, used / this.ticksPerSecond / (elapsedS * this.cores)));
  }
}
