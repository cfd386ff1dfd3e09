// UDP traffic on the site: the test-bed flow generator (testbed-servers/udp_flows.py) run
// in a client host, and what the UDP echo servers logged (which server saw which 5-tuple).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MininetDriver } from './mininet-driver';
import { TESTBED_SERVERS } from './site-config';
import { readJsonLines, sleep, waitUntil } from './site-logs';

export interface UdpFlowsOptions {
  flows: number;
  datagrams: number;
  size?: number;
  burst?: number;
  concurrency?: number;
  gapMs?: number;
  timeoutS?: number;
  /** Flow i uses client port portBase + i (so runs never reuse a 5-tuple that may still be pinned). */
  portBase?: number;
  /** One JSON line per flow (client port, datagrams sent and answered, answer sources). */
  out: string;
}

export interface UdpSummary {
  flows: number;
  /** Flows whose every datagram was answered. */
  answered: number;
  datagramsSent: number;
  datagramsAnswered: number;
  bytesSent: number;
  bytesReceived: number;
  /** Source addresses of the answers, with counts. */
  peers: Record<string, number>;
}

export interface UdpFlowRecord {
  i: number;
  clientPort: number;
  sent: number;
  answered: number;
  bytesSent: number;
  bytesReceived: number;
  peers: Record<string, number>;
  answeredByRound: number[];
}

function command(target: string, o: UdpFlowsOptions, extra = ''): string {
  const script = path.join(TESTBED_SERVERS, 'udp_flows.py');
  return `/usr/bin/python3 ${script} --target ${target} --flows ${o.flows} --datagrams ${o.datagrams} --size ${o.size ?? 100}` +
    ` --burst ${o.burst ?? 1} --concurrency ${o.concurrency ?? 20} --gap-ms ${o.gapMs ?? 50} --timeout ${o.timeoutS ?? 2} --port-base ${o.portBase ?? 0} --out ${o.out}${extra}`;
}

function lastJson(text: string): Record<string, unknown> {
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line === undefined) throw new Error(`udp_flows printed no summary: ${text.slice(-500)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Runs the flows to completion and returns the summary. */
export async function udpFlows(net: MininetDriver, client: string, target: string, o: UdpFlowsOptions): Promise<UdpSummary> {
  const r = await net.cmd(client, command(target, o), 300);
  if (r.exit !== 0) throw new Error(`udp_flows in ${client} exited ${String(r.exit)}: ${r.output.slice(-500)}`);
  return lastJson(r.output) as unknown as UdpSummary;
}

/** Flows that stop after `pauseAfter` rounds until resume() is called; done() gives the summary. */
export async function pausedUdpFlows(
  net: MininetDriver, client: string, target: string, o: UdpFlowsOptions & { pauseAfter: number; dir: string },
): Promise<{ clientPorts: number[]; resume(): void; done(): Promise<UdpSummary> }> {
  const resumeFile = path.join(o.dir, `udp-resume-${Date.now()}-${Math.floor(Math.random() * 1e6)}`);
  const { pid, log } = await net.bg(client, `exec ${command(target, o, ` --pause-after ${o.pauseAfter} --resume-file ${resumeFile}`)}`);
  await waitUntil('the UDP flows to pause', () => existsSync(log) && readFileSync(log, 'utf8').includes('"paused"'), 60_000);
  const paused = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('"paused"'))!;
  return {
    clientPorts: (JSON.parse(paused) as { clientPorts: number[] }).clientPorts,
    resume: () => writeFileSync(resumeFile, 'go'),
    async done() {
      await waitUntil('the UDP flows to finish', async () => !(await net.bgStatus(pid)).running, 120_000);
      await sleep(100);
      return lastJson(readFileSync(log, 'utf8')) as unknown as UdpSummary;
    },
  };
}

export function udpFlowRecords(file: string): UdpFlowRecord[] {
  return readJsonLines(file) as unknown as UdpFlowRecord[];
}

/** One datagram as an echo server logged it. */
export interface EchoedDatagram {
  server: string;
  client: string;
  clientPort: number;
  local: string;
  size: number;
}

export function echoedDatagrams(logs: ReadonlyMap<string, string>): EchoedDatagram[] {
  const out: EchoedDatagram[] = [];
  for (const file of logs.values()) {
    for (const r of readJsonLines(file)) if (r.event === 'datagram') out.push(r as unknown as EchoedDatagram);
  }
  return out;
}

/** The servers that saw each client 5-tuple ("client:port"). */
export function serversByFlow(datagrams: readonly EchoedDatagram[]): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const d of datagrams) {
    const k = `${d.client}:${d.clientPort}`;
    let s = by.get(k);
    if (s === undefined) by.set(k, (s = new Set()));
    s.add(d.server);
  }
  return by;
}
