// Optional diagnostic of bench:site (--strace): counts the system calls of a process and
// its threads during one round with `strace -c -f -p PID`, so calls per connection can
// be compared between controllers. strace slows the traced process down: a traced
// round's rates and latencies are not comparable with untraced ones.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface SyscallCount {
  name: string;
  calls: number;
  seconds: number;
}

/** Rows of `strace -c` output: "% time seconds usecs/call calls errors syscall". */
export function parseStraceSummary(text: string): SyscallCount[] {
  const rows: SyscallCount[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || !/^[\d.]+$/.test(f[0]) || f[f.length - 1] === 'total') continue;
    const name = f[f.length - 1];
    // errors column is optional
    const calls = Number(f[3]);
    if (!Number.isFinite(calls)) continue;
    rows.push({ name, calls, seconds: Number(f[1]) });
  }
  return rows.sort((a, b) => b.calls - a.calls);
}

export class SyscallCounter {
  private constructor(private readonly child: ChildProcess, private readonly file: string) {}

  static async attach(pid: number, file: string): Promise<SyscallCounter> {
    const child = spawn('strace', ['-c', '-f', '-p', String(pid), '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('Process') && err.includes('attached')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`strace exited (${code}): ${err}`)));
      setTimeout(resolve, 2000);
    });
    return new SyscallCounter(child, file);
  }

  async detach(): Promise<SyscallCount[]> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGINT');
    await exited;
    return parseStraceSummary(readFileSync(this.file, 'utf8'));
  }
}
