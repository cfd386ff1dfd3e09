// Takes one measurement of the server: reads /proc/net/tcp{,6} and /proc/stat through
// an injected reader (tests feed fixture texts) and turns them into per-subnet loads.
// CPU is a delta between consecutive samples; the first sample measures from the
// previous sample taken by prime() (called when the agent starts). By default it is
// machine-wide (/proc/stat); a CpuSource (e.g. NetnsCpu) replaces that when servers
// share a kernel.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Cidr, parseCidr } from '../peering/cidr';
import { SubnetLoadMsg } from '../peering/wire-types';
import { LoadWeights, loadIndex } from './load-index';
import { countEstablished, parseProcNetTcp, TcpSocketEntry } from './proc-net-tcp';
import type { CpuSource } from './netns-cpu';
import { CpuTimes, cpuUtilisation, parseProcStat } from './proc-stat';

export type FileReader = (file: string) => Promise<string>;

export const readTextFile: FileReader = (file) => fsp.readFile(file, 'utf8');

export interface MeteredSubnet {
  subnet: string;
  ports: number[];
}

export interface LoadMeterOptions {
  subnets: MeteredSubnet[];
  weights: LoadWeights;
  /** Count only sockets whose local address is inside the subnet (a VIP), not just the port. */
  matchVipAddress: boolean;
  procRoot?: string;
  read?: FileReader;
  /** Where the cpu figure comes from; absent: machine-wide /proc/stat. */
  cpu?: CpuSource;
}

interface PreparedSubnet {
  subnet: string;
  cidr: Cidr;
  ports: Set<number>;
}

export class LoadMeter {
  private readonly subnets: PreparedSubnet[];
  private readonly read: FileReader;
  private readonly procRoot: string;
  private previousCpu: CpuTimes = { busy: 0, idle: 0 };

  constructor(private readonly opts: LoadMeterOptions) {
    this.read = opts.read ?? readTextFile;
    this.procRoot = opts.procRoot ?? '/proc';
    this.subnets = opts.subnets.map((s) => {
      const cidr = parseCidr(s.subnet);
      if (!cidr) throw new Error(`'${s.subnet}' is not a CIDR subnet`);
      return { subnet: cidr.canonical, cidr, ports: new Set(s.ports) };
    });
  }

  /** Records the CPU counters now so the first sample() covers one interval, not uptime. */
  async prime(): Promise<void> {
    if (this.opts.cpu) await this.opts.cpu.prime();
    else this.previousCpu = parseProcStat(await this.read(path.join(this.procRoot, 'stat')));
  }

  private async systemCpu(): Promise<number> {
    const current = parseProcStat(await this.read(path.join(this.procRoot, 'stat')));
    const cpu = cpuUtilisation(this.previousCpu, current);
    this.previousCpu = current;
    return cpu;
  }

  async sample(): Promise<SubnetLoadMsg[]> {
    const [tcp, tcp6, cpu] = await Promise.all([
      this.readOptional('net/tcp'),
      this.readOptional('net/tcp6'), // absent when IPv6 is disabled
      this.opts.cpu ? this.opts.cpu.sample() : this.systemCpu(),
    ]);
    const sockets: TcpSocketEntry[] = [...parseProcNetTcp(tcp), ...parseProcNetTcp(tcp6)];
    return this.subnets.map((s) => {
      const connections = countEstablished(sockets, {
        ports: s.ports,
        subnet: this.opts.matchVipAddress ? s.cidr : undefined,
      });
      return { subnet: s.subnet, load: loadIndex(connections, cpu, this.opts.weights), connections, cpu };
    });
  }

  private async readOptional(rel: string): Promise<string> {
    try {
      return await this.read(path.join(this.procRoot, rel));
    } catch {
      return '';
    }
  }
}
