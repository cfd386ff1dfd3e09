// Sample messages covering every message type and structure variant the codec models.
// Used by the round-trip and malformed-input tests.

import type { Action, Instruction, Match, OfMessage, Port, TableFeatures } from '../../../../southbound/codec';

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const fiveTupleMatch: Match = [
  { field: 'in_port', value: 1 },
  { field: 'eth_type', value: 0x0800 },
  { field: 'ip_proto', value: 6 },
  { field: 'ipv4_src', value: '10.0.0.1' },
  { field: 'ipv4_dst', value: '192.200.1.2' },
  { field: 'tcp_src', value: 34567 },
  { field: 'tcp_dst', value: 80 },
];

export const allActions: Action[] = [
  { type: 'OUTPUT', port: 0xfffffffd, maxLen: 0xffff },
  { type: 'COPY_TTL_OUT' }, { type: 'COPY_TTL_IN' },
  { type: 'SET_MPLS_TTL', mplsTtl: 63 }, { type: 'DEC_MPLS_TTL' },
  { type: 'PUSH_VLAN', ethertype: 0x8100 }, { type: 'POP_VLAN' },
  { type: 'PUSH_MPLS', ethertype: 0x8847 }, { type: 'POP_MPLS', ethertype: 0x0800 },
  { type: 'SET_QUEUE', queueId: 7 }, { type: 'GROUP', groupId: 42 },
  { type: 'SET_NW_TTL', nwTtl: 12 }, { type: 'DEC_NW_TTL' },
  { type: 'SET_FIELD', field: { field: 'mpls_label', value: 0x12345 } },
  { type: 'SET_FIELD', field: { field: 'eth_dst', value: '02:00:00:00:00:09' } },
  { type: 'SET_FIELD', field: { field: 'ipv6_src', value: '2001:db8::1' } },
  { type: 'PUSH_PBB', ethertype: 0x88e7 }, { type: 'POP_PBB' },
  { type: 'EXPERIMENTER', experimenter: 0x2320, data: hex('0001020304050607') },
  { type: 'RAW', actionType: 0x1234, raw: hex('12340010 00000000 0102030405060708') },
];

export const allInstructions: Instruction[] = [
  { type: 'GOTO_TABLE', tableId: 3 },
  { type: 'WRITE_METADATA', metadata: 0x1122334455667788n, metadataMask: 0xffffffff00000000n },
  { type: 'WRITE_ACTIONS', actions: [{ type: 'GROUP', groupId: 1 }] },
  { type: 'APPLY_ACTIONS', actions: allActions },
  { type: 'CLEAR_ACTIONS' },
  { type: 'METER', meterId: 9 },
  { type: 'EXPERIMENTER', experimenter: 0x2320, data: hex('aabbccdd00000000') },
  { type: 'RAW', instructionType: 0x77, raw: hex('00770008 01020304') },
];

export const samplePort: Port = {
  portNo: 3, hwAddr: '0a:1b:2c:3d:4e:5f', name: 's1-eth3', config: 1, state: 4, curr: 0x2820, advertised: 0,
  supported: 0x2820, peer: 0, currSpeed: 10000000, maxSpeed: 0,
};

export const sampleTableFeatures: TableFeatures = {
  tableId: 0, name: 'classifier', metadataMatch: 0xffffffffffffffffn, metadataWrite: 0xffffffffffffffffn, config: 0,
  maxEntries: 1000000, properties: [
    { type: 'INSTRUCTIONS', ids: [1, 2, 3, 4, 5, 6] },
    { type: 'INSTRUCTIONS_MISS', ids: [1, 4] },
    { type: 'NEXT_TABLES', tableIds: [1, 2, 3] },
    { type: 'NEXT_TABLES_MISS', tableIds: [] },
    { type: 'WRITE_ACTIONS', ids: [0, 22, 25] },
    { type: 'WRITE_ACTIONS_MISS', ids: [0] },
    { type: 'APPLY_ACTIONS', ids: [0, 17, 18, 19, 20, 25] },
    { type: 'APPLY_ACTIONS_MISS', ids: [] },
    { type: 'MATCH', oxmIds: hex('80000004 80000a02 80001408') },
    { type: 'WILDCARDS', oxmIds: hex('80000a02') },
    { type: 'WRITE_SETFIELD', oxmIds: hex('80000606') },
    { type: 'WRITE_SETFIELD_MISS', oxmIds: hex('') },
    { type: 'APPLY_SETFIELD', oxmIds: hex('80004404') },
    { type: 'APPLY_SETFIELD_MISS', oxmIds: hex('80004404') },
    { type: 'EXPERIMENTER', experimenter: 0x2320, expType: 1, data: hex('0102') },
    { type: 'EXPERIMENTER_MISS', experimenter: 0x2320, expType: 2, data: hex('') },
    { type: 'RAW', propertyType: 0x20, raw: hex('00200006 0102') },
    // An action-id list holding an experimenter id (8-byte entry) stays RAW.
    { type: 'RAW', propertyType: 6, raw: hex('0006000c ffff0008 00002320') },
  ],
};

/** One or more samples per message type and per multipart body. */
export const sampleMessages: OfMessage[] = [
  { type: 'HELLO', xid: 1, elements: [] },
  { type: 'HELLO', xid: 2, elements: [{ type: 'VERSIONBITMAP', bitmaps: [0x12] }] },
  { type: 'HELLO', xid: 3, elements: [{ type: 'VERSIONBITMAP', bitmaps: [0x10, 0] }, { type: 'RAW', elementType: 9, raw: hex('00090006 abcd') }] },
  { type: 'HELLO', xid: 4, version: 6, elements: [{ type: 'VERSIONBITMAP', bitmaps: [0x50] }] },
  { type: 'ERROR', xid: 5, errType: 1, errCode: 6, data: hex('0401000800000001') },
  { type: 'ERROR', xid: 6, errType: 0xffff, errCode: 3, experimenter: 0x2320, data: hex('01') },
  { type: 'ECHO_REQUEST', xid: 7, data: hex('') },
  { type: 'ECHO_REPLY', xid: 8, data: hex('deadbeef') },
  { type: 'EXPERIMENTER', xid: 9, experimenter: 0x2320, expType: 17, data: hex('0102') },
  { type: 'FEATURES_REQUEST', xid: 10 },
  { type: 'FEATURES_REPLY', xid: 11, datapathId: 0x0000aabbccddeeffn, nBuffers: 256, nTables: 254, auxiliaryId: 0, capabilities: 0x4f, reserved: 0 },
  { type: 'GET_CONFIG_REQUEST', xid: 12 },
  { type: 'GET_CONFIG_REPLY', xid: 13, flags: 0, missSendLen: 128 },
  { type: 'SET_CONFIG', xid: 14, flags: 1, missSendLen: 0xffff },
  {
    type: 'PACKET_IN', xid: 15, bufferId: 0xffffffff, totalLen: 74, reason: 0, tableId: 0, cookie: 0n,
    match: [{ field: 'in_port', value: 2 }], data: hex('ffffffffffff0a0000000001080045000028'),
  },
  {
    type: 'PACKET_IN', xid: 16, bufferId: 12, totalLen: 0, reason: 1, tableId: 4, cookie: 0xfedcba9876543210n,
    match: [], data: hex(''),
  },
  {
    type: 'FLOW_REMOVED', xid: 17, cookie: 5n, priority: 100, reason: 2, tableId: 1, durationSec: 10, durationNsec: 500,
    idleTimeout: 30, hardTimeout: 0, packetCount: 1000n, byteCount: 64000n, match: fiveTupleMatch,
  },
  { type: 'PORT_STATUS', xid: 18, reason: 2, desc: samplePort },
  {
    type: 'PACKET_OUT', xid: 19, bufferId: 0xffffffff, inPort: 0xfffffffd,
    actions: [{ type: 'OUTPUT', port: 0xfffffffb, maxLen: 0 }], data: hex('0102030405060708090a'),
  },
  { type: 'PACKET_OUT', xid: 20, bufferId: 55, inPort: 1, actions: [], data: hex('') },
  {
    type: 'FLOW_MOD', xid: 21, cookie: 0x0100000000000001n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 0,
    hardTimeout: 0, priority: 1000, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 1,
    match: fiveTupleMatch, instructions: allInstructions,
  },
  {
    type: 'FLOW_MOD', xid: 22, cookie: 0n, cookieMask: 0n, tableId: 255, command: 3, idleTimeout: 0, hardTimeout: 0,
    priority: 0, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0, match: [], instructions: [],
  },
  {
    type: 'GROUP_MOD', xid: 23, command: 0, groupType: 1, groupId: 7, buckets: [
      { weight: 10, watchPort: 0xffffffff, watchGroup: 0xffffffff, actions: [{ type: 'OUTPUT', port: 1, maxLen: 0 }] },
      { weight: 20, watchPort: 2, watchGroup: 0xffffffff, actions: [] },
    ],
  },
  { type: 'PORT_MOD', xid: 24, portNo: 3, hwAddr: '0a:1b:2c:3d:4e:5f', config: 1, mask: 1, advertise: 0 },
  { type: 'TABLE_MOD', xid: 25, tableId: 2, config: 3 },
  {
    type: 'METER_MOD', xid: 26, command: 0, flags: 5, meterId: 1, bands: [
      { type: 'DROP', rate: 1000, burstSize: 100 },
      { type: 'DSCP_REMARK', rate: 500, burstSize: 50, precLevel: 1 },
      { type: 'EXPERIMENTER', rate: 1, burstSize: 2, experimenter: 0x2320, data: hex('0102030405060708') },
      { type: 'RAW', bandType: 7, raw: hex('00070010 00000001 00000002 00000000') },
    ],
  },
  { type: 'BARRIER_REQUEST', xid: 27 },
  { type: 'BARRIER_REPLY', xid: 28 },
  { type: 'QUEUE_GET_CONFIG_REQUEST', xid: 29, port: 1 },
  {
    type: 'QUEUE_GET_CONFIG_REPLY', xid: 30, port: 1, queues: [
      { queueId: 1, port: 1, properties: [{ type: 'MIN_RATE', rate: 100 }, { type: 'MAX_RATE', rate: 900 }] },
      { queueId: 2, port: 1, properties: [
        { type: 'EXPERIMENTER', experimenter: 0x2320, data: hex('0102030405060708') },
        { type: 'RAW', propertyType: 9, raw: hex('00090008 00000000') },
      ] },
      { queueId: 3, port: 1, properties: [] },
    ],
  },
  { type: 'ROLE_REQUEST', xid: 31, role: 2, generationId: 0x8000000000000001n },
  { type: 'ROLE_REPLY', xid: 32, role: 3, generationId: 7n },
  { type: 'GET_ASYNC_REQUEST', xid: 33 },
  { type: 'GET_ASYNC_REPLY', xid: 34, packetInMask: [3, 0], portStatusMask: [7, 7], flowRemovedMask: [15, 0] },
  { type: 'SET_ASYNC', xid: 35, packetInMask: [0xffffffff, 1], portStatusMask: [0, 0], flowRemovedMask: [1, 2] },
  // ---- multipart requests
  { type: 'MULTIPART_REQUEST', xid: 40, flags: 0, mpType: 'DESC' },
  {
    type: 'MULTIPART_REQUEST', xid: 41, flags: 0, mpType: 'FLOW',
    body: { tableId: 255, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0x100n, cookieMask: 0xff00n, match: fiveTupleMatch },
  },
  {
    type: 'MULTIPART_REQUEST', xid: 42, flags: 0, mpType: 'AGGREGATE',
    body: { tableId: 0, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: [] },
  },
  { type: 'MULTIPART_REQUEST', xid: 43, flags: 0, mpType: 'TABLE' },
  { type: 'MULTIPART_REQUEST', xid: 44, flags: 0, mpType: 'PORT_STATS', body: { portNo: 0xffffffff } },
  { type: 'MULTIPART_REQUEST', xid: 45, flags: 0, mpType: 'QUEUE', body: { portNo: 1, queueId: 0xffffffff } },
  { type: 'MULTIPART_REQUEST', xid: 46, flags: 0, mpType: 'PORT_DESC' },
  { type: 'MULTIPART_REQUEST', xid: 48, flags: 0, mpType: 'GROUP', body: { groupId: 0xfffffffc } },
  { type: 'MULTIPART_REQUEST', xid: 49, flags: 0, mpType: 'GROUP_DESC' },
  { type: 'MULTIPART_REQUEST', xid: 50, flags: 0, mpType: 'GROUP_FEATURES' },
  { type: 'MULTIPART_REQUEST', xid: 51, flags: 0, mpType: 'METER', body: { meterId: 0xffffffff } },
  { type: 'MULTIPART_REQUEST', xid: 52, flags: 0, mpType: 'METER_CONFIG', body: { meterId: 3 } },
  { type: 'MULTIPART_REQUEST', xid: 53, flags: 0, mpType: 'METER_FEATURES' },
  { type: 'MULTIPART_REQUEST', xid: 54, flags: 0, mpType: 'TABLE_FEATURES', body: [] },
  { type: 'MULTIPART_REQUEST', xid: 55, flags: 0, mpType: 'TABLE_FEATURES', body: [sampleTableFeatures] },
  { type: 'MULTIPART_REQUEST', xid: 47, flags: 1, mpType: 'EXPERIMENTER', body: { experimenter: 0x2320, expType: 5, data: hex('abcd') } },
  // ---- multipart replies
  {
    type: 'MULTIPART_REPLY', xid: 60, flags: 0, mpType: 'DESC',
    body: { mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.1.0', serialNum: 'None', dpDesc: 's1' },
  },
  {
    type: 'MULTIPART_REPLY', xid: 61, flags: 1, mpType: 'FLOW', body: [
      {
        tableId: 0, durationSec: 1, durationNsec: 2, priority: 1000, idleTimeout: 10, hardTimeout: 20, flags: 1, cookie: 9n,
        packetCount: 3n, byteCount: 300n, match: fiveTupleMatch, instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 2, maxLen: 0 }] }],
      },
      {
        tableId: 1, durationSec: 0, durationNsec: 0, priority: 0, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie: 0n,
        packetCount: 0n, byteCount: 0n, match: [], instructions: [],
      },
    ],
  },
  { type: 'MULTIPART_REPLY', xid: 62, flags: 0, mpType: 'AGGREGATE', body: { packetCount: 10n, byteCount: 1000n, flowCount: 3 } },
  {
    type: 'MULTIPART_REPLY', xid: 63, flags: 0, mpType: 'TABLE', body: [
      { tableId: 0, activeCount: 5, lookupCount: 100n, matchedCount: 90n },
      { tableId: 1, activeCount: 0, lookupCount: 0n, matchedCount: 0n },
    ],
  },
  {
    type: 'MULTIPART_REPLY', xid: 64, flags: 0, mpType: 'PORT_STATS', body: [{
      portNo: 1, rxPackets: 1n, txPackets: 2n, rxBytes: 3n, txBytes: 4n, rxDropped: 5n, txDropped: 6n, rxErrors: 7n,
      txErrors: 8n, rxFrameErr: 9n, rxOverErr: 10n, rxCrcErr: 11n, collisions: 12n, durationSec: 13, durationNsec: 14,
    }],
  },
  {
    type: 'MULTIPART_REPLY', xid: 65, flags: 0, mpType: 'QUEUE', body: [
      { portNo: 1, queueId: 2, txBytes: 3n, txPackets: 4n, txErrors: 5n, durationSec: 6, durationNsec: 7 },
    ],
  },
  {
    type: 'MULTIPART_REPLY', xid: 68, flags: 0, mpType: 'GROUP', body: [
      { groupId: 1, refCount: 2, packetCount: 3n, byteCount: 4n, durationSec: 5, durationNsec: 6, bucketStats: [
        { packetCount: 7n, byteCount: 8n }, { packetCount: 9n, byteCount: 10n }] },
      { groupId: 2, refCount: 0, packetCount: 0n, byteCount: 0n, durationSec: 0, durationNsec: 0, bucketStats: [] },
    ],
  },
  {
    type: 'MULTIPART_REPLY', xid: 69, flags: 0, mpType: 'GROUP_DESC', body: [
      { groupType: 0, groupId: 1, buckets: [{ weight: 0, watchPort: 0xffffffff, watchGroup: 0xffffffff, actions: [{ type: 'OUTPUT', port: 1, maxLen: 0 }] }] },
      { groupType: 2, groupId: 2, buckets: [] },
    ],
  },
  {
    type: 'MULTIPART_REPLY', xid: 70, flags: 0, mpType: 'GROUP_FEATURES',
    body: { types: 0xf, capabilities: 0x7, maxGroups: [100, 200, 300, 400], actions: [0x3ffff, 0x3ffff, 1, 0] },
  },
  {
    type: 'MULTIPART_REPLY', xid: 71, flags: 0, mpType: 'METER', body: [
      { meterId: 1, flowCount: 2, packetInCount: 3n, byteInCount: 4n, durationSec: 5, durationNsec: 6, bandStats: [{ packetBandCount: 7n, byteBandCount: 8n }] },
      { meterId: 2, flowCount: 0, packetInCount: 0n, byteInCount: 0n, durationSec: 0, durationNsec: 0, bandStats: [] },
    ],
  },
  {
    type: 'MULTIPART_REPLY', xid: 72, flags: 0, mpType: 'METER_CONFIG', body: [
      { flags: 9, meterId: 1, bands: [{ type: 'DROP', rate: 10, burstSize: 1 }] },
      { flags: 2, meterId: 2, bands: [] },
    ],
  },
  { type: 'MULTIPART_REPLY', xid: 73, flags: 0, mpType: 'METER_FEATURES', body: { maxMeter: 1000, bandTypes: 6, capabilities: 15, maxBands: 8, maxColor: 0 } },
  { type: 'MULTIPART_REPLY', xid: 74, flags: 1, mpType: 'TABLE_FEATURES', body: [sampleTableFeatures, { ...sampleTableFeatures, tableId: 1, properties: [] }] },
  { type: 'MULTIPART_REPLY', xid: 66, flags: 0, mpType: 'PORT_DESC', body: [samplePort, { ...samplePort, portNo: 0xfffffffe, name: 'br0' }] },
  { type: 'MULTIPART_REPLY', xid: 67, flags: 0, mpType: 'EXPERIMENTER', body: { experimenter: 0x2320, expType: 5, data: hex('') } },
];
