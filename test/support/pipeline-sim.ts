// A small OpenFlow 1.3 pipeline simulator for unit tests: the FlowSpecs the apps want on
// one switch, and a packet (sim-packet.ts) walked through its tables the way the
// switch would, so tests can say what happens to a packet instead of comparing flow
// lists. It models what slr's flows use and refuses the rest loudly (SimError), so a
// flow it cannot judge never passes a test by accident:
//
//   lookup        highest priority among the matching flows of a table (spec 5.3); two
//                 matching flows at that priority are an error (the spec leaves the
//                 choice undefined); no matching flow drops the packet (spec 5.4)
//   match         in_port, metadata, eth_src/dst, eth_type, ip_proto, ipv4_src/dst,
//                 tcp/udp ports, arp_op/spa/tpa, mpls_label/bos (top of the stack only,
//                 spec 7.2.3.7), masks on any of them, and the ONF tcp_flags OXM
//                 (EXT-109) the SYN rule uses; prerequisites are checked at install
//                 (spec 7.2.3.6), as the switch does (OFPBMC_BAD_PREREQ)
//   instructions  APPLY_ACTIONS, WRITE_METADATA, GOTO_TABLE (forward only, spec 5.1),
//                 executed in the spec's order whatever the list's (spec 5.9)
//   actions       OUTPUT (a port, IN_PORT, CONTROLLER, TABLE from a packet-out),
//                 SET_FIELD eth_dst/eth_src/mpls_label/tunnel_id, PUSH_MPLS, POP_MPLS
//
// MPLS is modelled on Open vSwitch: a push on an unlabelled packet makes a bottom-of-
// stack entry with label 0, a push on a labelled one copies the top entry (spec 5.12);
// at most three entries (FLOW_MAX_MPLS_LABELS), a fourth push drops the packet as OVS
// does; pop_mpls writes the given EtherType, so popping the bottom entry must name the
// payload's type and popping any other must name MPLS (OVS would otherwise emit a
// mislabelled frame: the simulator reports it as an error). Output to the port the
// packet came in on is skipped unless it is IN_PORT (spec 7.2.5; OVS drops it too).
import type { Action, Change, FlowSpec, Instruction, Match, OxmField, PacketInEvent } from '../../controller';
import { OFP_NO_BUFFER, OFPP_CONTROLLER, OFPP_IN_PORT } from '../../controller';
import { ETH_TYPE_MPLS, ETH_TYPE_MPLS_MULTICAST, ipv4FromString, macToBytes, normalizeMac } from '../../southbound/packet';
import { fromFrame, toFrame, type SimPacket } from './sim-packet';

const OFPP_TABLE = 0xfffffff9;
const OFPR_NO_MATCH = 0;
const OFPR_ACTION = 1;
/** Open vSwitch keeps three label stack entries in its flow key and refuses a fourth push. */
const MAX_LABELS = 3;
/** The ONF experimenter OXM for tcp_flags in OpenFlow 1.3 (EXT-109). */
const ONF_EXPERIMENTER = 0x4f4e4600;
const ONF_TCP_FLAGS = 42;

/** A flow the simulator cannot judge or the switch would refuse, or a packet it would mangle. */
export class SimError extends Error {}

/** A FlowSpec with the app it came from (packet-ins name it, as the cookie's app id would). */
export interface SimFlow extends FlowSpec {
  readonly app?: string;
}

export interface PortOutput {
  readonly port: number;
  readonly packet: SimPacket;
}

export interface ControllerOutput {
  readonly packet: SimPacket;
  readonly tableId: number;
  /** OFPR_NO_MATCH from a table-miss flow (priority 0, empty match), else OFPR_ACTION (spec 7.4.1). */
  readonly reason: number;
  readonly cookie: bigint;
  readonly app?: string;
}

export interface SimResult {
  readonly outputs: PortOutput[];
  readonly controller: ControllerOutput[];
  /** Nothing came out. */
  readonly dropped: boolean;
  /** Why, when the switch dropped the whole packet (too many labels). */
  readonly dropReason?: string;
  /** The flow hit in each table the packet visited. */
  readonly trace: Array<{ tableId: number; priority: number; cookie: bigint; app?: string }>;
}

// ------------------------------------------------------------------ matching

type FieldGetter = (p: SimPacket) => bigint | undefined;

const num = (v: number | undefined): bigint | undefined => (v === undefined ? undefined : BigInt(v));
const ip = (s: string | undefined): bigint | undefined => (s === undefined ? undefined : BigInt(ipv4FromString(s)));
const mac = (s: string): bigint => BigInt('0x' + Buffer.from(macToBytes(s)).toString('hex'));
const ipv4Of = (p: SimPacket) => (p.ethType === 0x0800 ? p.ipv4 : undefined);
const portOf = (p: SimPacket, proto: number, which: 'srcPort' | 'dstPort') => {
  const v = ipv4Of(p);
  return v?.proto === proto ? num(v[which]) : undefined;
};
const arpOf = (p: SimPacket) => (p.ethType === 0x0806 ? p.arp : undefined);
const isMpls = (p: SimPacket) => p.ethType === ETH_TYPE_MPLS || p.ethType === ETH_TYPE_MPLS_MULTICAST;

/** Each field's value in a packet, undefined where the packet has no such field (spec 7.2.3.6). */
const FIELDS: Record<string, FieldGetter> = {
  in_port: (p) => BigInt(p.inPort),
  metadata: (p) => p.metadata,
  eth_dst: (p) => mac(p.ethDst),
  eth_src: (p) => mac(p.ethSrc),
  eth_type: (p) => BigInt(p.ethType),
  ip_proto: (p) => num(ipv4Of(p)?.proto),
  ipv4_src: (p) => ip(ipv4Of(p)?.src),
  ipv4_dst: (p) => ip(ipv4Of(p)?.dst),
  tcp_src: (p) => portOf(p, 6, 'srcPort'),
  tcp_dst: (p) => portOf(p, 6, 'dstPort'),
  udp_src: (p) => portOf(p, 17, 'srcPort'),
  udp_dst: (p) => portOf(p, 17, 'dstPort'),
  arp_op: (p) => num(arpOf(p)?.op),
  arp_spa: (p) => ip(arpOf(p)?.spa),
  arp_tpa: (p) => ip(arpOf(p)?.tpa),
  mpls_label: (p) => (isMpls(p) ? num(p.labels[0]) : undefined),
  mpls_bos: (p) => (isMpls(p) ? BigInt(p.labels.length === 1 ? 1 : 0) : undefined),
  tcp_flags: (p) => (ipv4Of(p)?.proto === 6 ? num(ipv4Of(p)?.tcpFlags ?? 0) : undefined),
  icmpv4_type: (p) => (ipv4Of(p)?.proto === 1 ? num(ipv4Of(p)?.icmpType) : undefined),
};

/** Fields that need another field at an exact value in the same match (spec 7.2.3.6). */
const PREREQ: Record<string, Array<[string, number[]]>> = {
  ip_proto: [['eth_type', [0x0800]]],
  ipv4_src: [['eth_type', [0x0800]]],
  ipv4_dst: [['eth_type', [0x0800]]],
  tcp_src: [['ip_proto', [6]]],
  tcp_dst: [['ip_proto', [6]]],
  tcp_flags: [['ip_proto', [6]]],
  icmpv4_type: [['ip_proto', [1]]],
  udp_src: [['ip_proto', [17]]],
  udp_dst: [['ip_proto', [17]]],
  arp_op: [['eth_type', [0x0806]]],
  arp_spa: [['eth_type', [0x0806]]],
  arp_tpa: [['eth_type', [0x0806]]],
  mpls_label: [['eth_type', [ETH_TYPE_MPLS, ETH_TYPE_MPLS_MULTICAST]]],
  mpls_bos: [['eth_type', [ETH_TYPE_MPLS, ETH_TYPE_MPLS_MULTICAST]]],
};

interface FieldTest {
  name: string;
  value: bigint;
  mask: bigint | undefined;
}

function oxmNumber(name: string, v: number | bigint | string): bigint {
  if (typeof v !== 'string') return BigInt(v);
  if (name.startsWith('eth_')) return mac(v);
  return BigInt(ipv4FromString(v));
}

/** One OXM as a test on a packet; the ONF tcp_flags TLV is read from its bytes. */
function fieldTest(f: OxmField): FieldTest {
  if (f.field === 'raw') {
    const r = f.raw;
    if (f.oxmClass !== 0xffff || r.length < 10 || r.readUInt32BE(4) !== ONF_EXPERIMENTER || f.oxmField !== ONF_TCP_FLAGS) {
      throw new SimError(`unsupported raw OXM class ${f.oxmClass} field ${f.oxmField}`);
    }
    return { name: 'tcp_flags', value: BigInt(r.readUInt16BE(8)), mask: f.hasMask ? BigInt(r.readUInt16BE(10)) : undefined };
  }
  if (FIELDS[f.field] === undefined) throw new SimError(`unsupported match field ${f.field}`);
  return { name: f.field, value: oxmNumber(f.field, f.value), mask: f.mask === undefined ? undefined : oxmNumber(f.field, f.mask) };
}

function checkMatch(tests: FieldTest[], where: string): void {
  const exact = new Map(tests.filter((t) => t.mask === undefined).map((t) => [t.name, t.value]));
  for (const t of tests) {
    // A value bit outside its mask is refused (OFPBMC_BAD_WILDCARDS).
    if (t.mask !== undefined && (t.value & ~t.mask) !== 0n) throw new SimError(`${where}: ${t.name} has value bits outside its mask`);
    for (const [field, values] of PREREQ[t.name] ?? []) {
      const v = exact.get(field);
      if (v === undefined || !values.map(BigInt).includes(v)) throw new SimError(`${where}: ${t.name} needs ${field} in the match (OFPBMC_BAD_PREREQ)`);
    }
  }
}

function matches(tests: FieldTest[], p: SimPacket): boolean {
  for (const t of tests) {
    const v = FIELDS[t.name](p);
    if (v === undefined) return false;
    if (t.mask === undefined ? v !== t.value : (v & t.mask) !== t.value) return false;
  }
  return true;
}

/** A match's identity: the same fields and values in any order (spec 6.4, a flow entry's match). */
function matchKey(tests: FieldTest[]): string {
  return tests.map((t) => `${t.name}=${t.value}/${t.mask ?? '-'}`).sort().join(',');
}

// ------------------------------------------------------------------ flows

interface Entry {
  flow: SimFlow;
  tableId: number;
  tests: FieldTest[];
  key: string;
}

const SUPPORTED_INSTRUCTIONS = new Set(['APPLY_ACTIONS', 'WRITE_METADATA', 'GOTO_TABLE']);
const SUPPORTED_ACTIONS = new Set(['OUTPUT', 'SET_FIELD', 'PUSH_MPLS', 'POP_MPLS']);
const SETTABLE = new Set(['eth_dst', 'eth_src', 'mpls_label', 'tunnel_id']);

function checkActions(actions: Action[], where: string): void {
  for (const a of actions) {
    if (!SUPPORTED_ACTIONS.has(a.type)) throw new SimError(`${where}: unsupported action ${a.type}`);
    if (a.type === 'SET_FIELD' && (a.field.field === 'raw' || !SETTABLE.has(a.field.field))) throw new SimError(`${where}: unsupported set_field ${a.field.field}`);
  }
}

function entryOf(flow: SimFlow): Entry {
  const tableId = flow.tableId ?? 0;
  const where = `table ${tableId} priority ${flow.priority}${flow.app ? ` (${flow.app})` : ''}`;
  const tests = flow.match.map(fieldTest);
  checkMatch(tests, where);
  const seen = new Set<string>();
  for (const i of flow.instructions) {
    if (!SUPPORTED_INSTRUCTIONS.has(i.type)) throw new SimError(`${where}: unsupported instruction ${i.type}`);
    // At most one instruction of each type (spec 7.2.4).
    if (seen.has(i.type)) throw new SimError(`${where}: two ${i.type} instructions`);
    seen.add(i.type);
    if (i.type === 'GOTO_TABLE' && i.tableId <= tableId) throw new SimError(`${where}: goto table ${i.tableId} is not forward (spec 5.1)`);
    if (i.type === 'APPLY_ACTIONS') checkActions(i.actions, where);
  }
  return { flow, tableId, tests, key: `${tableId}|${flow.priority}|${matchKey(tests)}` };
}

// ------------------------------------------------------------------ the walk

/** The whole packet is dropped (an OVS translation error): earlier outputs are lost too. */
class Dropped extends Error {}

interface Walk {
  outputs: PortOutput[];
  controller: ControllerOutput[];
  trace: SimResult['trace'];
}

function pushMpls(p: SimPacket, ethertype: number): SimPacket {
  if (p.labels.length >= MAX_LABELS) throw new Dropped(`push_mpls beyond ${MAX_LABELS} labels`);
  // The new entry copies the one below, or starts at label 0 over the payload (spec 5.12).
  const top = p.labels.length > 0 ? p.labels[0] : 0;
  return { ...p, labels: [top, ...p.labels], ethType: ethertype };
}

function popMpls(p: SimPacket, ethertype: number): SimPacket {
  if (!isMpls(p) || p.labels.length === 0) throw new SimError('pop_mpls on a packet without labels');
  const rest = p.labels.slice(1);
  const mplsType = ethertype === ETH_TYPE_MPLS || ethertype === ETH_TYPE_MPLS_MULTICAST;
  if (rest.length > 0 && !mplsType) throw new SimError(`pop_mpls:0x${ethertype.toString(16)} above label ${rest[0]}: the frame would carry an MPLS entry as that type`);
  if (rest.length === 0 && ethertype !== p.payloadType) {
    throw new SimError(`pop_mpls:0x${ethertype.toString(16)} of the bottom label over a 0x${p.payloadType.toString(16)} payload`);
  }
  return { ...p, labels: rest, ethType: ethertype };
}

function setField(p: SimPacket, f: OxmField): SimPacket {
  if (f.field === 'eth_dst') return { ...p, ethDst: normalizeMac(String(f.value)) };
  if (f.field === 'eth_src') return { ...p, ethSrc: normalizeMac(String(f.value)) };
  if (f.field === 'mpls_label' && p.labels.length > 0) return { ...p, labels: [Number(f.value), ...p.labels.slice(1)] };
  // Metadata of the packet, not a header: the tunnel port it goes out of puts it on the wire.
  if (f.field === 'tunnel_id') return { ...p, tunnelId: BigInt(f.value) };
  throw new SimError(`set_field ${f.field} on a packet that has no such field`);
}

export class PipelineSim {
  private readonly entries = new Map<string, Entry>();

  constructor(flows: Iterable<SimFlow> = []) {
    for (const f of flows) this.add(f);
  }

  /** FLOW_MOD ADD: a flow with the same table, priority and match is replaced (spec 6.4). */
  add(flow: SimFlow): void {
    const e = entryOf(flow);
    this.entries.set(e.key, e);
  }

  /** FLOW_MOD DELETE_STRICT: the flow with this table, priority and match, if any. */
  deleteStrict(flow: Pick<FlowSpec, 'tableId' | 'priority' | 'match'>): boolean {
    return this.entries.delete(entryOf({ ...flow, instructions: [] }).key);
  }

  /** Every flow of a table, highest priority first. */
  table(tableId: number): SimFlow[] {
    return [...this.entries.values()].filter((e) => e.tableId === tableId).sort((a, b) => b.flow.priority - a.flow.priority).map((e) => e.flow);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The flow a packet hits in one table, undefined for a miss. */
  lookup(tableId: number, p: SimPacket): Entry | undefined {
    let best: Entry | undefined;
    let tie = false;
    for (const e of this.entries.values()) {
      if (e.tableId !== tableId || !matches(e.tests, p)) continue;
      if (best === undefined || e.flow.priority > best.flow.priority) {
        best = e;
        tie = false;
      } else if (e.flow.priority === best.flow.priority) tie = true;
    }
    if (tie && best !== undefined) throw new SimError(`table ${tableId}: two flows at priority ${best.flow.priority} match the packet (spec 5.3 leaves it undefined)`);
    return best;
  }

  /** A packet entering the switch: through the tables from table 0, with zero metadata. */
  run(packet: SimPacket): SimResult {
    return this.guarded((w) => this.walk({ ...packet, metadata: 0n }, 0, w));
  }

  /** A PACKET_OUT: its actions on its data (OFPP_TABLE in them sends it through the tables). */
  packetOut(inPort: number, actions: Action[], data: Buffer): SimResult {
    const p = fromFrame(data, inPort);
    if (p === undefined) throw new SimError('packet-out data is not a frame the simulator models');
    checkActions(actions, 'packet-out');
    return this.guarded((w) => { this.applyActions(p, actions, undefined, w); });
  }

  /** What a switch does with changes a controller sends: flows in, packet-outs run (their results returned). */
  apply(changes: readonly Change[], app?: string): SimResult[] {
    const results: SimResult[] = [];
    for (const c of changes) {
      if (c.kind === 'add-flow') this.add({ ...c.flow, app });
      else if (c.kind === 'delete-flow') this.deleteStrict(c.flow);
      else if (c.kind === 'packet-out') results.push(this.packetOut(c.inPort, c.actions, c.data));
      else throw new SimError(`unsupported change ${c.kind}`);
    }
    return results;
  }

  private guarded(body: (w: Walk) => void): SimResult {
    const w: Walk = { outputs: [], controller: [], trace: [] };
    try {
      body(w);
    } catch (err) {
      if (!(err instanceof Dropped)) throw err;
      return { outputs: [], controller: [], dropped: true, dropReason: err.message, trace: w.trace };
    }
    return { ...w, dropped: w.outputs.length === 0 && w.controller.length === 0 };
  }

  private walk(start: SimPacket, tableId: number, w: Walk): void {
    let p = start;
    let table = tableId;
    for (;;) {
      const e = this.lookup(table, p);
      if (e === undefined) return; // table miss without a miss flow: dropped (spec 5.4)
      const f = e.flow;
      w.trace.push({ tableId: table, priority: f.priority, cookie: f.cookie ?? 0n, app: f.app });
      const by = (type: Instruction['type']) => f.instructions.find((i) => i.type === type);
      // Spec 5.9: apply-actions, then write-metadata, then goto-table, whatever the list's order.
      const apply = by('APPLY_ACTIONS');
      if (apply?.type === 'APPLY_ACTIONS') p = this.applyActions(p, apply.actions, { e, table }, w);
      const meta = by('WRITE_METADATA');
      if (meta?.type === 'WRITE_METADATA') p = { ...p, metadata: (p.metadata & ~meta.metadataMask) | (meta.metadata & meta.metadataMask) };
      const goto = by('GOTO_TABLE');
      if (goto?.type !== 'GOTO_TABLE') return;
      table = goto.tableId;
    }
  }

  private applyActions(start: SimPacket, actions: Action[], from: { e: Entry; table: number } | undefined, w: Walk): SimPacket {
    let p = start;
    for (const a of actions) {
      switch (a.type) {
        case 'OUTPUT':
          this.output(p, a.port, from, w);
          break;
        case 'SET_FIELD':
          p = setField(p, a.field);
          break;
        case 'PUSH_MPLS':
          p = pushMpls(p, a.ethertype);
          break;
        case 'POP_MPLS':
          p = popMpls(p, a.ethertype);
          break;
        default:
          throw new SimError(`unsupported action ${a.type}`);
      }
    }
    return p;
  }

  private output(p: SimPacket, port: number, from: { e: Entry; table: number } | undefined, w: Walk): void {
    if (port === OFPP_CONTROLLER) {
      const miss = from !== undefined && from.e.flow.priority === 0 && from.e.tests.length === 0;
      w.controller.push({ packet: p, tableId: from?.table ?? 0, reason: miss ? OFPR_NO_MATCH : OFPR_ACTION, cookie: from?.e.flow.cookie ?? 0n, app: from?.e.flow.app });
    } else if (port === OFPP_TABLE) {
      if (from !== undefined) throw new SimError('output to TABLE is only valid in a packet-out');
      this.walk({ ...p, metadata: 0n }, 0, w);
    } else if (port === OFPP_IN_PORT) {
      w.outputs.push({ port: p.inPort, packet: p });
    } else if (port !== p.inPort) {
      w.outputs.push({ port, packet: p });
    }
  }
}

/** The PACKET_IN a controller output becomes: the frame, in_port and (when set) metadata in its match (spec 7.4.1). */
export function packetInOf(dpid: bigint, c: ControllerOutput): PacketInEvent {
  const data = toFrame(c.packet);
  const match: Match = [{ field: 'in_port', value: c.packet.inPort }];
  if (c.packet.metadata !== 0n) match.push({ field: 'metadata', value: c.packet.metadata });
  return { type: 'packet-in', dpid, inPort: c.packet.inPort, reason: c.reason, tableId: c.tableId, cookie: c.cookie, bufferId: OFP_NO_BUFFER, totalLen: data.length, match, data };
}
