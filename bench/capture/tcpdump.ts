// Runs tcpdump on the loopback interface for the OpenFlow channel of some controller
// ports, writing a pcap file. start() returns once tcpdump says it is listening;
// stop() ends it with SIGINT (it then flushes its buffer) and reports how many
// packets the kernel dropped, so a capture that lost packets is never trusted silently.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CaptureResult {
  file: string;
  /** Packets tcpdump says the kernel dropped (its "dropped by kernel" line); -1 if unknown. */
  droppedByKernel: number;
}

export class LoopbackCapture {
  private constructor(private readonly child: ChildProcess, readonly file: string, private stderr: string) {}

  static async start(file: string, ports: readonly number[]): Promise<LoopbackCapture> {
    const filter = ports.map((p) => `tcp port ${p}`).join(' or ');
    // -s 0: whole packets; -B: a 64 MB kernel buffer so bursts are not dropped; -U: write
    // each packet as it comes; --immediate-mode: libpcap hands each packet over at once
    // (by default TPACKET_V3 hands over whole ring blocks, and the packets of a block
    // not yet handed over when SIGINT comes are lost without being counted as dropped:
    // seen here as the last ~0.5 s of a round missing); -n: no name lookups.
    const child = spawn('tcpdump', ['-i', 'lo', '-n', '-s', '0', '-B', '65536', '-U', '--immediate-mode', '-w', file, filter], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const cap = new LoopbackCapture(child, file, '');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tcpdump not listening after 10 s: ${cap.stderr}`)), 10_000);
      child.stderr!.on('data', (d: Buffer) => {
        cap.stderr += d.toString();
        if (cap.stderr.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (e) => { clearTimeout(timer); reject(e); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`tcpdump exited (${code}): ${cap.stderr}`)); });
    });
    return cap;
  }

  async stop(): Promise<CaptureResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      // The last segments may still be on their way through the ring.
      await new Promise((r) => setTimeout(r, 300));
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    const m = /(\d+) packets? dropped by kernel/.exec(this.stderr);
    return { file: this.file, droppedByKernel: m ? Number(m[1]) : -1 };
  }
}
