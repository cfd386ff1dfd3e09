// The pipeline simulator (test/support/pipeline-sim.ts) itself: the behaviour tests of
// the apps lean on it, so each OpenFlow rule it models is pinned down here.
import type { Action, FlowSpec, Instruction, OxmRawField } from '../../../../controller';
import { OFPP_CONTROLLER, OFPP_IN_PORT, packetOut } from '../../../../controller';
import { PipelineSim, packetInOf } from '../../../support/pipeline-sim';
import { arpRequest, fromFrame, TCP_ACK, tcpPacket, toFrame, udpPacket, withLabels } from '../../../support/sim-packet';

const IPV4 = { field: 'eth_type' as const, value: 0x0800 };
const MPLS = { field: 'eth_type' as const, value: 0x8847 };
const out = (port: number): Action => ({ type: 'OUTPUT', port, maxLen: 0 });
const apply = (...actions: Action[]): Instruction => ({ type: 'APPLY_ACTIONS', actions });
const goto = (tableId: number): Instruction => ({ type: 'GOTO_TABLE', tableId });
const push = (label: number): Action[] => [{ type: 'PUSH_MPLS', ethertype: 0x8847 }, { type: 'SET_FIELD', field: { field: 'mpls_label', value: label } }];
const pop = (ethertype: number): Action => ({ type: 'POP_MPLS', ethertype });
/** tcp_flags=SYN/SYN as the ONF OXM (EXT-109): class 0xffff, field 42, experimenter 0x4f4e4600. */
const SYN: OxmRawField = { field: 'raw', oxmClass: 0xffff, oxmField: 42, hasMask: true, raw: Buffer.from('ffff55084f4e460000020002', 'hex') };

const syn = (o: { dst?: string; srcPort?: number; inPort?: number; flags?: number } = {}) =>
  tcpPacket({ inPort: o.inPort ?? 1, src: '10.1.0.1', dst: o.dst ?? '10.0.0.100', srcPort: o.srcPort ?? 40000, dstPort: 80, flags: o.flags });

function flow(tableId: number, priority: number, match: FlowSpec['match'], ...instructions: Instruction[]): FlowSpec {
  return { tableId, priority, match, instructions };
}

describe('pipeline simulator: lookup', () => {
  it('takes the highest-priority matching flow of a table (spec 5.3) and drops on a miss without a miss flow (spec 5.4)', () => {
    const sim = new PipelineSim([
      flow(0, 10, [IPV4], apply(out(2))),
      flow(0, 20, [IPV4, { field: 'ip_proto', value: 6 }], apply(out(3))),
      flow(0, 30, [IPV4, { field: 'ip_proto', value: 17 }], apply(out(4))),
    ]);
    expect(sim.run(syn()).outputs.map((o) => o.port)).toEqual([3]);
    expect(sim.run(udpPacket({ inPort: 1, src: '10.1.0.1', dst: '10.0.0.100', srcPort: 1, dstPort: 53 })).outputs.map((o) => o.port)).toEqual([4]);
    const arp = sim.run(arpRequest({ inPort: 1, senderMac: '00:00:00:00:01:01', senderIp: '10.1.0.1', targetIp: '10.0.0.1' }));
    expect(arp).toMatchObject({ dropped: true, outputs: [], controller: [], trace: [] });
  });

  it('refuses to pick between two matching flows of the same priority', () => {
    const sim = new PipelineSim([flow(0, 10, [IPV4], apply(out(2))), flow(0, 10, [IPV4, { field: 'ip_proto', value: 6 }], apply(out(3)))]);
    expect(() => sim.run(syn())).toThrow(/two flows at priority 10/);
  });

  it('masks IPv4 addresses and metadata', () => {
    const sim = new PipelineSim([
      flow(0, 10, [IPV4, { field: 'ipv4_dst', value: '192.200.0.0', mask: '255.255.0.0' }], { type: 'WRITE_METADATA', metadata: 0x5n, metadataMask: 0xfn }, goto(1)),
      flow(0, 0, [], goto(1)),
      flow(1, 10, [{ field: 'metadata', value: 0x1n, mask: 0x1n }], apply(out(7))),
      flow(1, 0, [], apply(out(8))),
    ]);
    expect(sim.run(syn({ dst: '192.200.3.4' })).outputs.map((o) => [o.port, o.packet.metadata])).toEqual([[7, 0x5n]]);
    expect(sim.run(syn({ dst: '192.201.3.4' })).outputs.map((o) => [o.port, o.packet.metadata])).toEqual([[8, 0n]]);
  });

  it('reads the ONF tcp_flags OXM: a SYN matches SYN/SYN, an ACK does not', () => {
    const sim = new PipelineSim([
      flow(0, 101, [IPV4, { field: 'ip_proto', value: 6 }, SYN], apply(out(OFPP_CONTROLLER))),
      flow(0, 100, [IPV4, { field: 'ip_proto', value: 6 }], apply(out(2))),
    ]);
    expect(sim.run(syn()).controller).toHaveLength(1);
    const ack = sim.run(syn({ flags: TCP_ACK }));
    expect(ack.controller).toHaveLength(0);
    expect(ack.outputs.map((o) => o.port)).toEqual([2]);
  });

  it('matches MPLS fields on the top entry only: label and bottom-of-stack', () => {
    const sim = new PipelineSim([
      flow(0, 10, [MPLS, { field: 'mpls_label', value: 1001 }, { field: 'mpls_bos', value: 1 }], apply(out(2))),
      flow(0, 10, [MPLS, { field: 'mpls_label', value: 1001 }, { field: 'mpls_bos', value: 0 }], apply(out(3))),
    ]);
    expect(sim.run(withLabels(syn(), [1001])).outputs.map((o) => o.port)).toEqual([2]);
    expect(sim.run(withLabels(syn(), [1001, 2011])).outputs.map((o) => o.port)).toEqual([3]);
    expect(sim.run(withLabels(syn(), [2011, 1001])).dropped).toBe(true);
    // Under a label the IPv4 header is not visible to the match (spec 7.2.3.6).
    const ipOnly = new PipelineSim([flow(0, 10, [IPV4, { field: 'ipv4_dst', value: '10.0.0.100' }], apply(out(2)))]);
    expect(ipOnly.run(withLabels(syn(), [1001])).dropped).toBe(true);
  });
});

describe('pipeline simulator: flows a switch would refuse', () => {
  it('refuses missing prerequisites, value bits outside the mask, backward gotos and unmodelled instructions', () => {
    expect(() => new PipelineSim([flow(0, 1, [{ field: 'ipv4_dst', value: '10.0.0.1' }], apply(out(1)))])).toThrow(/needs eth_type/);
    expect(() => new PipelineSim([flow(0, 1, [IPV4, { field: 'tcp_dst', value: 80 }], apply(out(1)))])).toThrow(/needs ip_proto/);
    expect(() => new PipelineSim([flow(0, 1, [{ field: 'mpls_label', value: 16 }], apply(out(1)))])).toThrow(/needs eth_type/);
    expect(() => new PipelineSim([flow(0, 1, [IPV4, { field: 'ipv4_dst', value: '10.0.0.1', mask: '255.0.0.0' }], apply(out(1)))])).toThrow(/outside its mask/);
    expect(() => new PipelineSim([flow(3, 1, [], goto(3))])).toThrow(/not forward/);
    expect(() => new PipelineSim([flow(0, 1, [], { type: 'CLEAR_ACTIONS' })])).toThrow(/unsupported instruction/);
    expect(() => new PipelineSim([flow(0, 1, [], apply({ type: 'DEC_NW_TTL' }))])).toThrow(/unsupported action/);
    expect(() => new PipelineSim([flow(0, 1, [], apply(out(1)), apply(out(2)))])).toThrow(/two APPLY_ACTIONS/);
  });

  it('replaces a flow added again with the same table, priority and match, in any field order (spec 6.4)', () => {
    const sim = new PipelineSim([flow(0, 5, [IPV4, { field: 'ip_proto', value: 6 }], apply(out(2)))]);
    sim.add(flow(0, 5, [{ field: 'ip_proto', value: 6 }, IPV4], apply(out(9))));
    expect(sim.size).toBe(1);
    expect(sim.run(syn()).outputs.map((o) => o.port)).toEqual([9]);
    expect(sim.deleteStrict({ tableId: 0, priority: 5, match: [IPV4, { field: 'ip_proto', value: 6 }] })).toBe(true);
    expect(sim.run(syn()).dropped).toBe(true);
  });
});

describe('pipeline simulator: instructions and actions', () => {
  it('applies actions, then writes metadata, then goes to the table, whatever the order in the list (spec 5.9)', () => {
    const sim = new PipelineSim([
      flow(0, 1, [], goto(2), { type: 'WRITE_METADATA', metadata: 1n, metadataMask: 1n }, apply({ type: 'SET_FIELD', field: { field: 'eth_dst', value: '02:00:00:00:00:AA' } })),
      flow(2, 1, [{ field: 'metadata', value: 1n }, { field: 'eth_dst', value: '02:00:00:00:00:aa' }], apply(out(4))),
    ]);
    const r = sim.run(syn());
    expect(r.outputs).toEqual([expect.objectContaining({ port: 4, packet: expect.objectContaining({ ethDst: '02:00:00:00:00:aa', metadata: 1n }) })]);
    expect(r.trace.map((t) => t.tableId)).toEqual([0, 2]);
  });

  it('pushes labels as Open vSwitch does: innermost first, at most three, a fourth drops the packet', () => {
    const three = new PipelineSim([flow(0, 1, [], apply(...push(30111), ...push(2011), ...push(1001), out(2)))]);
    const r = three.run(syn());
    expect(r.outputs).toHaveLength(1);
    expect(r.outputs[0].packet).toMatchObject({ labels: [1001, 2011, 30111], ethType: 0x8847, payloadType: 0x0800 });
    // A push copies the top entry until set_field writes the new label.
    const copy = new PipelineSim([flow(0, 1, [], apply({ type: 'PUSH_MPLS', ethertype: 0x8847 }, out(2)))]);
    expect(copy.run(withLabels(syn(), [2011])).outputs[0].packet.labels).toEqual([2011, 2011]);
    const four = new PipelineSim([flow(0, 1, [], apply(out(5), ...push(4), ...push(3), ...push(2), ...push(1), out(2)))]);
    expect(four.run(syn())).toMatchObject({ dropped: true, outputs: [], dropReason: expect.stringMatching(/beyond 3 labels/) });
  });

  it('pops with bottom-of-stack handling: the bottom entry to the payload type, an inner one to MPLS, anything else is an error', () => {
    const sim = new PipelineSim([
      flow(0, 1, [MPLS, { field: 'mpls_bos', value: 1 }], apply(pop(0x0800)), goto(1)),
      flow(0, 1, [MPLS, { field: 'mpls_bos', value: 0 }], apply(pop(0x8847)), goto(1)),
      flow(1, 10, [IPV4, { field: 'ipv4_dst', value: '10.0.0.100' }], apply(out(3))),
      flow(1, 10, [MPLS, { field: 'mpls_label', value: 30111 }], apply(out(4))),
    ]);
    expect(sim.run(withLabels(syn(), [2011])).outputs.map((o) => [o.port, o.packet.labels])).toEqual([[3, []]]);
    expect(sim.run(withLabels(syn(), [2011, 30111])).outputs.map((o) => [o.port, o.packet.labels])).toEqual([[4, [30111]]]);
    const wrongInner = new PipelineSim([flow(0, 1, [MPLS], apply(pop(0x0800), out(2)))]);
    expect(() => wrongInner.run(withLabels(syn(), [2011, 30111]))).toThrow(/above label 30111/);
    const wrongBottom = new PipelineSim([flow(0, 1, [MPLS], apply(pop(0x8847), out(2)))]);
    expect(() => wrongBottom.run(withLabels(syn(), [2011]))).toThrow(/bottom label/);
    expect(() => new PipelineSim([flow(0, 1, [], apply(pop(0x0800), out(2)))]).run(syn())).toThrow(/without labels/);
  });

  it('sends to the controller with the reason of the flow (table-miss: NO_MATCH) and the metadata in the packet-in match', () => {
    const sim = new PipelineSim([
      flow(0, 5, [{ field: 'in_port', value: 1 }], { type: 'WRITE_METADATA', metadata: 1n, metadataMask: 1n }, goto(4)),
      flow(0, 0, [], goto(5)),
      { ...flow(4, 100, [IPV4], apply(out(OFPP_CONTROLLER))), cookie: 7n, app: 'service-routing' },
      flow(5, 0, [], apply(out(OFPP_CONTROLLER))),
    ]);
    const [c] = sim.run(syn()).controller;
    expect(c).toMatchObject({ tableId: 4, reason: 1, cookie: 7n, app: 'service-routing' });
    const ev = packetInOf(5n, c);
    expect(ev.match).toEqual([{ field: 'in_port', value: 1 }, { field: 'metadata', value: 1n }]);
    expect(fromFrame(ev.data, 1)).toMatchObject({ ipv4: { dst: '10.0.0.100', srcPort: 40000, tcpFlags: 2 } });
    const [miss] = sim.run(syn({ inPort: 2 })).controller;
    expect(miss).toMatchObject({ tableId: 5, reason: 0 });
    expect(packetInOf(5n, miss).match).toEqual([{ field: 'in_port', value: 2 }]);
  });

  it('does not send a packet back out of its own port unless told IN_PORT (spec 7.2.5)', () => {
    const sim = new PipelineSim([flow(0, 1, [], apply(out(1), out(OFPP_IN_PORT), out(2)))]);
    expect(sim.run(syn({ inPort: 1 })).outputs.map((o) => o.port)).toEqual([1, 2]);
  });

  it('runs a packet-out through its actions, and through the tables for OFPP_TABLE', () => {
    const sim = new PipelineSim([flow(0, 1, [IPV4], apply(...push(1001), out(2)))]);
    const [direct] = sim.apply([packetOut(OFPP_CONTROLLER, [out(6)], toFrame(syn()))]);
    expect(direct.outputs.map((o) => o.port)).toEqual([6]);
    const [viaTable] = sim.apply([packetOut(OFPP_CONTROLLER, [out(0xfffffff9)], toFrame(syn()))]);
    expect(viaTable.outputs.map((o) => [o.port, o.packet.labels])).toEqual([[2, [1001]]]);
  });
});

describe('sim packets', () => {
  it('round-trip through frames with their label stack and transport fields', () => {
    const p = withLabels(tcpPacket({ inPort: 3, src: '10.1.0.1', dst: '192.200.0.5', srcPort: 1234, dstPort: 80, flags: TCP_ACK, ethDst: '00:00:00:0b:00:01' }), [1001, 2011, 30111]);
    const back = fromFrame(toFrame(p), 3);
    expect(back).toEqual(p);
    const arp = arpRequest({ inPort: 1, senderMac: '00:00:00:00:01:01', senderIp: '10.1.0.1', targetIp: '10.0.0.254' });
    expect(fromFrame(toFrame(arp), 1)).toEqual(arp);
  });
});
