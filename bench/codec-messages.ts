// The two messages the codec benchmark measures: the hot path's PACKET_IN (in) and the
// pinned-flow FLOW_MOD (out).
import type { FlowMod, PacketIn } from '../southbound/codec/types';

/** 118 bytes: Ethernet + IPv4 + TCP + 64 bytes of payload (ovs-ofctl compose-packet). */
export const TCP_PACKET = Buffer.from(
  '000000000002000000000001080045000068000000000006efbd0a000001c0c8000a9c40005000000000' +
  '0000000050000000643d0000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d' +
  '1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f', 'hex');

export const PACKET_IN: PacketIn = {
  type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: TCP_PACKET.length, reason: 0, tableId: 0,
  cookie: 0n, match: [{ field: 'in_port', value: 1 }], data: TCP_PACKET,
};

export const FLOW_MOD: FlowMod = {
  type: 'FLOW_MOD', xid: 7, cookie: 0x1000000000000001n, cookieMask: 0n, tableId: 0, command: 0,
  idleTimeout: 0, hardTimeout: 300, priority: 1000, bufferId: 0xffffffff, outPort: 0xffffffff,
  outGroup: 0xffffffff, flags: 0,
  match: [
    { field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 },
    { field: 'ipv4_src', value: '10.0.0.1' }, { field: 'ipv4_dst', value: '192.200.0.10' },
    { field: 'tcp_src', value: 40000 }, { field: 'tcp_dst', value: 80 },
  ],
  instructions: [{
    type: 'APPLY_ACTIONS', actions: [
      { type: 'PUSH_MPLS', ethertype: 0x8847 },
      { type: 'SET_FIELD', field: { field: 'mpls_label', value: 1000 } },
      { type: 'OUTPUT', port: 2, maxLen: 0 },
    ],
  }],
};
