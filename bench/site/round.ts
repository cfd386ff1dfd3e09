// One measured round of bench:site: a burst of new TCP connections from client c1 to the
// VIP (connections/s with parallel connectors), then sequential ones (connect time),
// with the OpenFlow channel of the given controller ports captured on loopback and
// the datapath's upcalls counted around it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { channelMessages, percentile, residence, type Residence } from '../capture/openflow-channel';
import { interleaving, writeTimes, type Interleaving } from '../capture/side-writes';
import { LoopbackCapture } from '../capture/tcpdump';
import type { Site } from '../../test/support/site-harness';
import { controllerPacketIns, fetchMany, type FetchSummary } from '../../test/support/site-traffic';
import { processDelta, sampleProcess, type ProcessDelta } from './process-stats';
import { SyscallCounter, type SyscallCount } from './strace-count';
import { datapathUpcalls } from './upcalls';

export const VIP = '10.0.0.100';

export interface RoundOptions {
  connections: number;
  latencyConnections: number;
  concurrency: number;
  /** Controller listen ports whose channel is captured (none: no capture). */
  capturePorts: number[];
  /** The process answering the edge switch, for its scheduler statistics. */
  controllerPid?: number;
  /** Count that process's system calls with strace (slows it down). */
  strace?: boolean;
  /** Also capture writes to this port (the controller's Redis) and relate them to the answers. */
  sidePort?: number;
}

export interface RoundResult {
  rate: FetchSummary;
  latency: FetchSummary;
  connections: number;
  upcalls: number;
  /** Lines the slr controller logged during the round. */
  logLines: number;
  /** PACKET_INs slr counted (its metric), whoever the edge switch talked to. */
  slrPacketIns: number;
  channel?: Residence;
  droppedByKernel?: number;
  process?: ProcessDelta;
  syscalls?: SyscallCount[];
  redis?: Interleaving;
}

export async function measureRound(site: Site, o: RoundOptions): Promise<RoundResult> {
  const file = path.join(site.dir, `channel-${Date.now()}.pcap`);
  const ports = o.sidePort === undefined ? o.capturePorts : [...o.capturePorts, o.sidePort];
  const capture = o.capturePorts.length > 0 ? await LoopbackCapture.start(file, ports) : undefined;
  const upcalls0 = await datapathUpcalls();
  const log0 = site.controller.records.length;
  const slrPacketIns0 = await controllerPacketIns(site.controller.records);
  const tracer = o.strace && o.controllerPid !== undefined ? await SyscallCounter.attach(o.controllerPid, path.join(site.dir, `strace-${Date.now()}.txt`)) : undefined;
  const proc0 = o.controllerPid === undefined ? undefined : sampleProcess(o.controllerPid);
  let rate: FetchSummary;
  let latency: FetchSummary;
  let captured: Awaited<ReturnType<LoopbackCapture['stop']>> | undefined;
  try {
    rate = await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: o.connections, concurrency: o.concurrency, connectOnly: true });
    latency = await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: o.latencyConnections, concurrency: 1, connectOnly: true });
  } finally {
    // Late answers (the last connections' PACKET_OUTs) are in by the time fetch_many printed.
    captured = await capture?.stop();
  }
  const proc1 = o.controllerPid === undefined ? undefined : sampleProcess(o.controllerPid);
  const syscalls = await tracer?.detach();
  const upcalls = (await datapathUpcalls()) - upcalls0;
  const logLines = site.controller.records.length - log0;
  const slrPacketIns = (await controllerPacketIns(site.controller.records)) - slrPacketIns0;
  if (rate.succeeded !== rate.connections || latency.succeeded !== latency.connections) {
    throw new Error(`connections failed: ${JSON.stringify(rate.errors)} ${JSON.stringify(latency.errors)}`);
  }
  const result: RoundResult = { rate, latency, connections: rate.connections + latency.connections, upcalls, logLines, slrPacketIns };
  if (proc0 !== undefined && proc1 !== undefined) result.process = processDelta(proc0, proc1, result.connections);
  if (syscalls !== undefined) result.syscalls = syscalls;
  if (captured !== undefined) {
    const bytes = readFileSync(captured.file);
    result.channel = residence(channelMessages(bytes, o.capturePorts));
    if (o.sidePort !== undefined) result.redis = interleaving(result.channel.pairs, writeTimes(bytes, o.sidePort));
    result.droppedByKernel = captured.droppedByKernel;
    if (process.env.SLR_BENCH_KEEP_PCAP === undefined) rmSync(captured.file, { force: true });
  }
  return result;
}

export interface Summary {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  packetInsPerConnection: number | null;
  upcallsPerConnection: number;
  residenceP50Us: number | null;
  residenceP99Us: number | null;
  flowRemovedPerConnection: number | null;
  logLinesPerConnection: number;
  slrPacketInsPerConnection: number;
  cpuUsPerConnection: number | null;
  mainCpuUsPerConnection: number | null;
  userUsPerConnection: number | null;
  systemUsPerConnection: number | null;
  runQueueWaitUsPerSlice: number | null;
  slicesPerConnection: number | null;
  /** Share of answered PACKET_INs whose PACKET_OUT left after a Redis write made meanwhile, and that write's lead (p50). */
  redisWriteBeforeShare: number | null;
  redisWriteLeadP50Us: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

/**
 * Best round for rate and latency (the least disturbed on a shared machine); residence
 * percentiles over every answered PACKET_IN of all rounds together; counts per connection
 * as medians over rounds.
 */
export function summarize(rounds: RoundResult[]): Summary {
  const all = rounds.flatMap((r) => r.channel?.allUs ?? []).sort((a, b) => a - b);
  const captured = rounds.filter((r) => r.channel !== undefined);
  const withProcess = rounds.flatMap((r) => (r.process ? [r.process] : []));
  const withRedis = rounds.flatMap((r) => (r.redis ? [r.redis] : []));
  const redisGaps = withRedis.flatMap((x) => x.gapsUs).sort((a, b) => a - b);
  return {
    perSecond: Math.max(...rounds.map((r) => r.rate.perSecond ?? 0)),
    p50Ms: Math.min(...rounds.map((r) => r.latency.connectMsP50 ?? Infinity)),
    p99Ms: Math.min(...rounds.map((r) => r.latency.connectMsP99 ?? Infinity)),
    packetInsPerConnection: captured.length === 0 ? null : median(captured.map((r) => r.channel!.packetIns / r.connections)),
    upcallsPerConnection: median(rounds.map((r) => r.upcalls / r.connections)),
    residenceP50Us: percentile(all, 50),
    residenceP99Us: percentile(all, 99),
    flowRemovedPerConnection: captured.length === 0 ? null : median(captured.map((r) => r.channel!.flowRemoved / r.connections)),
    logLinesPerConnection: median(rounds.map((r) => r.logLines / r.connections)),
    slrPacketInsPerConnection: median(rounds.map((r) => r.slrPacketIns / r.connections)),
    cpuUsPerConnection: withProcess.length === 0 ? null : median(withProcess.map((p) => p.cpuUsPerConnection)),
    mainCpuUsPerConnection: withProcess.length === 0 ? null : median(withProcess.map((p) => p.mainCpuUsPerConnection)),
    userUsPerConnection: withProcess.length === 0 ? null : median(withProcess.map((p) => p.userUsPerConnection)),
    systemUsPerConnection: withProcess.length === 0 ? null : median(withProcess.map((p) => p.systemUsPerConnection)),
    runQueueWaitUsPerSlice: withProcess.length === 0 ? null : median(withProcess.map((p) => p.runQueueWaitUsPerSlice)),
    slicesPerConnection: withProcess.length === 0 ? null : median(withProcess.map((p) => p.slicesPerConnection)),
    redisWriteBeforeShare: withRedis.length === 0 ? null : median(withRedis.map((x) => x.withWriteBefore / Math.max(1, x.answered))),
    redisWriteLeadP50Us: percentile(redisGaps, 50),
  };
}
