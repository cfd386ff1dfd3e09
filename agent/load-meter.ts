// Takes one measurement of the server: reads /proc/net/tcp{,6} and /proc/stat (tests
// inject a reader with fixture texts) and turns them into per-subnet loads. The socket
// tables are counted from their bytes (socket-scan.ts): on a busy server they hold tens
// of thousands of lines.
// CPU is a delta between consecutive samples; the first sample measures from the
// previous sample taken by prime() (called when the agent starts). By default it is
// machine-wide (/proc/stat); a CpuSource (e.g. NetnsCpu) replaces that when servers
// share a kernel.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Cidr, parseCidr } from '../controller/net';
import { SubnetLoadMsg } from '../peering/wire-types';
import { ConnectionCounter, DEFAULT_SOCKET_SCAN_BUDGET } from './connection-counter';
import { ReusableFileReader } from './file-bytes';
import { LoadWeights, loadIndex } from './load-index';
import type { CpuSource } from './netns-cpu';
import { EstablishedCounter } from './socket-scan';
import { parseCurrEstab } from './tcp-snmp';

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
  /** Text reader for every file (tests); absent: /proc/stat as text, socket tables as bytes. */
  read?: FileReader;
  /** Where the cpu figure comes from; absent: machine-wide /proc/stat. */
  cpu?: CpuSource;
  /** Share of one core the socket-table scans may use on average (default 0.01). */
  socketScanBudget?: number;
  /** Milliseconds, monotonic (tests move it by hand). */
  now?: () => number;
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
  private readonly connections: ConnectionCounter;
  /** One buffer per socket table, reused at every scan. */
  private readonly tables = [
    { file: 'net/tcp', reader: new ReusableFileReader() },
    { file: 'net/tcp6', reader: new ReusableFileReader() },
  ];
  /** Whether the last sample walked the socket tables (false: it followed CurrEstab). */
  lastSampleScanned = false;
  private previousCpu: CpuTimes = { busy: 0, idle: 0 };

  constructor(private readonly opts: LoadMeterOptions) {
    this.read = opts.read ?? readTextFile;
    this.procRoot = opts.procRoot ?? '/proc';
    this.subnets = opts.subnets.map((s) => {
      const cidr = parseCidr(s.subnet);
      if (!cidr) throw new Error(`'${s.subnet}' is not a CIDR subnet`);
      return { subnet: cidr.canonical, cidr, ports: new Set(s.ports) };
    });
    const counter = new EstablishedCounter(this.subnets.map((s) => ({ ports: s.ports, subnet: opts.matchVipAddress ? s.cidr : undefined })));
    this.connections = new ConnectionCounter({
      counter,
      filters: this.subnets.length,
      budget: opts.socketScanBudget ?? DEFAULT_SOCKET_SCAN_BUDGET,
      now: opts.now ?? (() => performance.now()),
      cpuMicros: () => {
        const u = process.cpuUsage();
        return u.user + u.system;
      },
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
    // Sockets first and alone: the scan measures its own CPU cost.
    const estab = parseCurrEstab(await this.readOptionalText('net/snmp'));
    const injected = this.opts.read ? await Promise.all(this.tables.map((t) => this.readOptionalText(t.file))) : null;
    const { counts, scanned } = this.connections.count(estab, () =>
      injected ? injected.map((text) => Buffer.from(text)) : this.tables.map((t) => this.readTable(t.file, t.reader)));
    this.lastSampleScanned = scanned;
    const cpu = this.opts.cpu ? await this.opts.cpu.sample() : await this.systemCpu();
    return this.subnets.map((s, i) => ({ subnet: s.subnet, load: loadIndex(counts[i], cpu, this.opts.weights), connections: counts[i], cpu }));
  }

  /** A socket table's bytes; empty when absent (tcp6 with IPv6 disabled). */
  private readTable(rel: string, reader: ReusableFileReader): Buffer {
    try {
      return reader.read(path.join(this.procRoot, rel));
    } catch {
      return Buffer.alloc(0);
    }
  }

  private async readOptionalText(rel: string): Promise<string> {
    try {
      return await this.read(path.join(this.procRoot, rel));
    } catch {
      return '';
    }
  }
}
