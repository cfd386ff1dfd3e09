// The OpenFlow messages of a pcap capture of controller connections, each with the
// capture time of the TCP segment that completed it, and the controller's residence
// time: from a PACKET_IN to the PACKET_OUT that sends the same packet back out on the
// same connection (the controller answered it). Measured from outside the process:
// the kernel stamps both segments as they cross the loopback interface, so the figure
// includes the controller's socket read, event loop, decision, encode and write.
import { decodeMessage, OfFramer, ofptName } from '../../southbound/codec';
import { readPcap } from './pcap';
import { TcpReassembler } from './tcp-segments';

const OFPT_PACKET_IN = 10;
const OFPT_FLOW_REMOVED = 11;
const OFPT_PACKET_OUT = 13;
const OFPT_FLOW_MOD = 14;

export interface ChannelMessage {
  tsUs: number;
  /** True for switch -> controller. */
  toController: boolean;
  /** The TCP connection, named by the switch's port (stable in both directions). */
  switchPort: number;
  type: number;
  frame: Buffer;
}

/** Frames every controller connection of the capture (ports: the controllers' listen ports). */
export function channelMessages(pcap: Buffer, controllerPorts: readonly number[]): ChannelMessage[] {
  const file = readPcap(pcap);
  const tcp = new TcpReassembler(file.linkType);
  const ports = new Set(controllerPorts);
  const framers = new Map<string, OfFramer>();
  const out: ChannelMessage[] = [];
  for (const rec of file.records) {
    for (const chunk of tcp.push(rec)) {
      const toController = ports.has(chunk.dstPort);
      if (!toController && !ports.has(chunk.srcPort)) continue;
      let framer = framers.get(chunk.flow);
      if (framer === undefined) {
        framer = new OfFramer();
        framers.set(chunk.flow, framer);
      }
      framer.push(chunk.payload);
      for (let frame = framer.next(); frame !== null; frame = framer.next()) {
        out.push({ tsUs: chunk.tsUs, toController, switchPort: toController ? chunk.srcPort : chunk.dstPort, type: frame[1], frame });
      }
    }
  }
  return out;
}

/** True when an Ethernet frame is IPv4 TCP with SYN set and ACK clear (a connection's first packet). */
export function isTcpSyn(frame: Buffer): boolean {
  if (frame.length < 14 + 20 + 20 || frame.readUInt16BE(12) !== 0x0800 || frame[14 + 9] !== 6) return false;
  const tcp = 14 + (frame[14] & 0x0f) * 4;
  return frame.length >= tcp + 14 && (frame[tcp + 13] & 0x12) === 0x02;
}

export interface Residence {
  packetIns: number;
  /** PACKET_INs whose packet the controller sent back out (PACKET_OUT with the same bytes). */
  answered: number;
  packetOuts: number;
  flowMods: number;
  flowRemoved: number;
  /** Messages per type name, both directions. */
  byType: Record<string, number>;
  /** Residence times in microseconds, ascending: every answered PACKET_IN / only TCP SYNs. */
  allUs: number[];
  synUs: number[];
  /** Every answered PACKET_IN: its capture time and its PACKET_OUT's, in answer order. */
  pairs: { inUs: number; outUs: number }[];
  /** First to last message, seconds. */
  spanS: number;
}

function dataOf(msg: ChannelMessage): Buffer | undefined {
  try {
    const m = decodeMessage(msg.frame);
    return m.type === 'PACKET_IN' || m.type === 'PACKET_OUT' ? m.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pairs each PACKET_IN with the first later PACKET_OUT on the same connection carrying
 * the same packet bytes (first in, first out when a packet repeats). A PACKET_OUT that
 * echoes nothing (an ARP reply the controller built) is counted but not paired.
 */
export function residence(messages: readonly ChannelMessage[]): Residence {
  const waiting = new Map<string, { tsUs: number; syn: boolean }[]>();
  const r: Residence = { packetIns: 0, answered: 0, packetOuts: 0, flowMods: 0, flowRemoved: 0, byType: {}, allUs: [], synUs: [], pairs: [], spanS: 0 };
  for (const msg of messages) {
    const name = ofptName(msg.type) ?? `type ${msg.type}`;
    r.byType[name] = (r.byType[name] ?? 0) + 1;
    if (msg.type === OFPT_FLOW_MOD) r.flowMods++;
    if (msg.type === OFPT_FLOW_REMOVED) r.flowRemoved++;
    if (msg.type !== OFPT_PACKET_IN && msg.type !== OFPT_PACKET_OUT) continue;
    const data = dataOf(msg);
    if (data === undefined) continue;
    const key = `${msg.switchPort}/${data.toString('latin1')}`;
    if (msg.type === OFPT_PACKET_IN && msg.toController) {
      r.packetIns++;
      const entry = { tsUs: msg.tsUs, syn: isTcpSyn(data) };
      const q = waiting.get(key);
      if (q === undefined) waiting.set(key, [entry]);
      else q.push(entry);
    } else if (msg.type === OFPT_PACKET_OUT && !msg.toController) {
      r.packetOuts++;
      const q = waiting.get(key);
      const first = q?.shift();
      if (first === undefined) continue;
      if (q!.length === 0) waiting.delete(key);
      r.answered++;
      const us = msg.tsUs - first.tsUs;
      r.allUs.push(us);
      r.pairs.push({ inUs: first.tsUs, outUs: msg.tsUs });
      if (first.syn) r.synUs.push(us);
    }
  }
  r.allUs.sort((a, b) => a - b);
  r.synUs.sort((a, b) => a - b);
  if (messages.length > 1) r.spanS = (messages[messages.length - 1].tsUs - messages[0].tsUs) / 1e6;
  return r;
}

/** Nearest-rank percentile of an ascending list (the same rule as fetch_many.py). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))];
}
