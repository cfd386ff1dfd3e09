// Hand-assembled bytes following the spec's struct layouts (OpenFlow 1.3.5 section 7),
// checked in both directions: decode gives the object, encode gives the bytes.
import { decodeMessage, encodeMessage, type OfMessage } from '../../../../southbound/codec';
import { hex, samplePort } from './samples';

const portHex = '00000003 00000000 0a1b2c3d4e5f 0000 73312d65746833000000000000000000' +
  '00000001 00000004 00002820 00000000 00002820 00000000 00989680 00000000';

const cases: Array<[string, string, OfMessage]> = [
  ['ofp_header only (8): BARRIER_REQUEST', '04 14 0008 00000007', { type: 'BARRIER_REQUEST', xid: 7 }],
  ['HELLO with a version bitmap element', '04 00 0010 00000001 0001 0008 00000010',
    { type: 'HELLO', xid: 1, elements: [{ type: 'VERSIONBITMAP', bitmaps: [0x10] }] }],
  ['ERROR (12 + data)', '04 01 0014 00000009 0001 0006 04 0e 0008 00000003',
    { type: 'ERROR', xid: 9, errType: 1, errCode: 6, data: hex('040e000800000003') }],
  ['ofp_switch_features (32)', '04 06 0020 00000002 0000000000000001 00000100 fe 00 0000 00000047 00000000',
    { type: 'FEATURES_REPLY', xid: 2, datapathId: 1n, nBuffers: 256, nTables: 254, auxiliaryId: 0, capabilities: 0x47, reserved: 0 }],
  ['ofp_switch_config (12)', '04 09 000c 00000003 0000 0080', { type: 'SET_CONFIG', xid: 3, flags: 0, missSendLen: 128 }],
  ['ofp_packet_in (24 + match + 2 + data)',
    '04 0a 002d 00000010 ffffffff 003c 01 02 0000000000000abc 0001 000c 80000004 00000003 00000000 0000 aabbcc',
    {
      type: 'PACKET_IN', xid: 16, bufferId: 0xffffffff, totalLen: 60, reason: 1, tableId: 2, cookie: 0xabcn,
      match: [{ field: 'in_port', value: 3 }], data: hex('aabbcc'),
    }],
  ['ofp_flow_mod (48 + match + instructions)',
    '04 0e 0058 00000004 0000000000000001 0000000000000000 00 00 000a 0000 8000 ffffffff ffffffff ffffffff 0001 0000' +
    ' 0001 000a 80000a02 0800 000000000000' +
    ' 0004 0018 00000000 0000 0010 00000002 ffe5 000000000000',
    {
      type: 'FLOW_MOD', xid: 4, cookie: 1n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 10, hardTimeout: 0,
      priority: 0x8000, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 1,
      match: [{ field: 'eth_type', value: 0x0800 }],
      instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 2, maxLen: 0xffe5 }] }],
    }],
  ['ofp_flow_removed (48 + match)',
    '04 0b 0038 00000005 0000000000000009 0064 00 01 0000000a 00000014 001e 0000 0000000000000003 0000000000000004 0001 0004 00000000',
    {
      type: 'FLOW_REMOVED', xid: 5, cookie: 9n, priority: 100, reason: 0, tableId: 1, durationSec: 10, durationNsec: 20,
      idleTimeout: 30, hardTimeout: 0, packetCount: 3n, byteCount: 4n, match: [],
    }],
  ['ofp_port_status (16 + ofp_port 64)', `04 0c 0050 00000006 02 00000000000000 ${portHex}`,
    { type: 'PORT_STATUS', xid: 6, reason: 2, desc: samplePort }],
  ['ofp_packet_out (24 + actions + data)',
    '04 0d 002a 00000008 ffffffff fffffffd 0010 000000000000 0000 0010 fffffffb 0000 000000000000 0102',
    {
      type: 'PACKET_OUT', xid: 8, bufferId: 0xffffffff, inPort: 0xfffffffd, actions: [{ type: 'OUTPUT', port: 0xfffffffb, maxLen: 0 }],
      data: hex('0102'),
    }],
  ['ofp_role_request (24)', '04 18 0018 0000000a 00000002 00000000 0000000000000005',
    { type: 'ROLE_REQUEST', xid: 10, role: 2, generationId: 5n }],
  ['ofp_multipart_request PORT_DESC (16-byte multipart header)', '04 12 0010 0000000b 000d 0000 00000000',
    { type: 'MULTIPART_REQUEST', xid: 11, flags: 0, mpType: 'PORT_DESC' }],
  ['ofp_multipart_request FLOW (16 + 32 + match)',
    '04 12 0038 0000000c 0001 0000 00000000 ff 000000 ffffffff ffffffff 00000000 0000000000000000 0000000000000000 0001 0004 00000000',
    {
      type: 'MULTIPART_REQUEST', xid: 12, flags: 0, mpType: 'FLOW',
      body: { tableId: 255, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: [] },
    }],
  ['ofp_multipart_reply PORT_DESC (16 + n * 64)', `04 13 0050 0000000d 000d 0000 00000000 ${portHex}`,
    { type: 'MULTIPART_REPLY', xid: 13, flags: 0, mpType: 'PORT_DESC', body: [samplePort] }],
  ['ofp_group_mod (16 + buckets of 16 + actions)',
    '04 0f 0030 0000000e 0000 01 00 00000007 0020 000a ffffffff ffffffff 00000000 0000 0010 00000001 0000 000000000000',
    {
      type: 'GROUP_MOD', xid: 14, command: 0, groupType: 1, groupId: 7,
      buckets: [{ weight: 10, watchPort: 0xffffffff, watchGroup: 0xffffffff, actions: [{ type: 'OUTPUT', port: 1, maxLen: 0 }] }],
    }],
  ['ofp_meter_mod (16 + bands of 16)', '04 1d 0020 0000000f 0000 0001 00000001 0001 0010 000003e8 00000064 00000000',
    { type: 'METER_MOD', xid: 15, command: 0, flags: 1, meterId: 1, bands: [{ type: 'DROP', rate: 1000, burstSize: 100 }] }],
  ['ofp_async_config (32)', '04 1c 0020 00000011 00000001 00000002 00000003 00000004 00000005 00000006',
    { type: 'SET_ASYNC', xid: 17, packetInMask: [1, 2], portStatusMask: [3, 4], flowRemovedMask: [5, 6] }],
];

describe('byte layouts match the spec structs', () => {
  it.each(cases)('%s', (_name, bytesHex, msg) => {
    const bytes = hex(bytesHex);
    expect(bytes.readUInt16BE(2)).toBe(bytes.length); // the hand-written length is consistent
    expect(decodeMessage(bytes)).toEqual(msg);
    expect(encodeMessage(msg).toString('hex')).toBe(bytes.toString('hex'));
  });
});
