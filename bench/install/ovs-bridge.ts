// A bridge of bench:install's own on the machine's Open vSwitch (userspace datapath, no
// ports, OpenFlow 1.3 only, fail_mode=secure, no controller): flows are pushed through
// its management socket, as ovs-ofctl does. Its name carries the bench's PID; it is
// deleted by name at the end (and on SIGINT/SIGTERM), never any other bridge.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const RUN_DIR = '/var/run/openvswitch';

export class BenchBridge {
  private constructor(readonly name: string) {}

  get mgmtSocket(): string {
    return `${RUN_DIR}/${this.name}.mgmt`;
  }

  static create(suffix: string): BenchBridge {
    // Interface names are at most 15 bytes.
    const name = `slrin${process.pid.toString(36)}${suffix}`.slice(0, 15);
    execFileSync('ovs-vsctl', ['-t', '20', '--may-exist', 'add-br', name, '--', 'set', 'bridge', name,
      'datapath_type=netdev', 'protocols=OpenFlow13', 'fail_mode=secure'], { stdio: 'pipe' });
    const br = new BenchBridge(name);
    const deadline = Date.now() + 10_000;
    while (!existsSync(br.mgmtSocket)) {
      if (Date.now() > deadline) throw new Error(`no management socket ${br.mgmtSocket}`);
      execFileSync('sleep', ['0.1']);
    }
    return br;
  }

  /**
   * Turns off the classifier's address prefix tracking in table 0 (on by default for
   * ip_src and ip_dst): it helps wildcarding when a table mixes prefix lengths, and
   * costs work on every flow insert. Pins are all exact /32s.
   */
  noPrefixTracking(): void {
    execFileSync('ovs-vsctl', ['-t', '20', '--', '--id=@ft', 'create', 'Flow_Table', 'prefixes=none', '--', 'set', 'Bridge', this.name, 'flow_tables:0=@ft'], { stdio: 'pipe' });
  }

  delete(): void {
    execFileSync('ovs-vsctl', ['-t', '120', '--if-exists', 'del-br', this.name], { stdio: 'pipe' });
  }

  /** On-CPU nanoseconds of ovs-vswitchd's main thread, where OpenFlow messages are handled. */
  static vswitchdMainCpuNs(): number {
    const pid = readFileSync(`${RUN_DIR}/ovs-vswitchd.pid`, 'utf8').trim();
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
  }
}
