import { OfDecodeError, type Action } from '../../../../southbound/codec';
import { actionLength, actionsLength, decodeActions, writeAction, writeActions } from '../../../../southbound/codec/actions';
import { allActions, hex } from './samples';

function encode(actions: Action[]): Buffer {
  const buf = Buffer.alloc(actionsLength(actions), 0xcc);
  expect(writeActions(actions, buf, 0)).toBe(buf.length);
  return buf;
}

function decodeError(bytes: Buffer): OfDecodeError {
  try {
    decodeActions(bytes, 0, bytes.length);
  } catch (err) {
    if (err instanceof OfDecodeError) return err;
    throw err;
  }
  throw new Error('expected an OfDecodeError');
}

describe('actions: hand-checked layouts (spec 7.2.5)', () => {
  it.each<[string, Action, string]>([
    ['output', { type: 'OUTPUT', port: 0xfffffffd, maxLen: 0xffe5 }, '0000 0010 fffffffd ffe5 000000000000'],
    ['copy_ttl_out', { type: 'COPY_TTL_OUT' }, '000b 0008 00000000'],
    ['copy_ttl_in', { type: 'COPY_TTL_IN' }, '000c 0008 00000000'],
    ['set_mpls_ttl', { type: 'SET_MPLS_TTL', mplsTtl: 64 }, '000f 0008 40 000000'],
    ['dec_mpls_ttl', { type: 'DEC_MPLS_TTL' }, '0010 0008 00000000'],
    ['push_vlan', { type: 'PUSH_VLAN', ethertype: 0x88a8 }, '0011 0008 88a8 0000'],
    ['pop_vlan', { type: 'POP_VLAN' }, '0012 0008 00000000'],
    ['push_mpls', { type: 'PUSH_MPLS', ethertype: 0x8847 }, '0013 0008 8847 0000'],
    ['pop_mpls', { type: 'POP_MPLS', ethertype: 0x0800 }, '0014 0008 0800 0000'],
    ['set_queue', { type: 'SET_QUEUE', queueId: 0x01020304 }, '0015 0008 01020304'],
    ['group', { type: 'GROUP', groupId: 0xfffffffc }, '0016 0008 fffffffc'],
    ['set_nw_ttl', { type: 'SET_NW_TTL', nwTtl: 3 }, '0017 0008 03 000000'],
    ['dec_nw_ttl', { type: 'DEC_NW_TTL' }, '0018 0008 00000000'],
    ['set_field mpls_label', { type: 'SET_FIELD', field: { field: 'mpls_label', value: 100 } }, '0019 0010 80004404 00000064 00000000'],
    ['set_field eth_dst', { type: 'SET_FIELD', field: { field: 'eth_dst', value: '00:00:00:00:00:01' } }, '0019 0010 80000606 000000000001 0000'],
    ['set_field vlan_vid', { type: 'SET_FIELD', field: { field: 'vlan_vid', value: 0x1005 } }, '0019 0010 80000c02 1005 000000000000'],
    ['push_pbb', { type: 'PUSH_PBB', ethertype: 0x88e7 }, '001a 0008 88e7 0000'],
    ['pop_pbb', { type: 'POP_PBB' }, '001b 0008 00000000'],
    ['experimenter', { type: 'EXPERIMENTER', experimenter: 0x2320, data: hex('0102030405060708') }, 'ffff 0010 00002320 0102030405060708'],
  ])('%s', (_name, action, bytesHex) => {
    const bytes = encode([action]);
    expect(bytes.toString('hex')).toBe(hex(bytesHex).toString('hex'));
    expect(actionLength(action)).toBe(bytes.length);
    expect(decodeActions(bytes, 0, bytes.length)).toEqual([action]);
  });

  it('pads experimenter data to 8 bytes on encode', () => {
    const bytes = encode([{ type: 'EXPERIMENTER', experimenter: 1, data: hex('aa') }]);
    expect(bytes.toString('hex')).toBe('ffff001000000001aa00000000000000');
  });

  it('round-trips the full list, unknown types included, byte for byte', () => {
    const bytes = encode(allActions);
    const decoded = decodeActions(bytes, 0, bytes.length);
    expect(decoded).toEqual(allActions);
    expect(encode(decoded).equals(bytes)).toBe(true);
  });

  it('writes one action at an offset and returns the next offset', () => {
    const buf = Buffer.alloc(20);
    expect(writeAction({ type: 'POP_VLAN' }, buf, 4)).toBe(12);
  });
});

describe('actions: malformed input', () => {
  const output = hex('0000 0010 00000001 0000 000000000000');
  it.each([
    ['length 0', '0012 0000 00000000', 1],
    ['length 4 (below 8)', '0012 0004 00000000', 1],
    ['length 12 (not a multiple of 8)', '0012 000c 00000000 00000000', 1],
    ['length past the list', '0012 0010 00000000', 1],
    ['header cut by the list end', '0012 00', 1],
    ['output with length 8', '0000 0008 00000001', 1],
    ['pop_vlan with length 16', '0012 0010 00000000 00000000', 1],
    ['set_field whose OXM needs more than the action', '0019 0008 80004404', 14],
    ['set_field with extra padding', '0019 0018 80000a02 0800 000000000000 0000000000000000', 14],
    ['set_field with a bad OXM length', '0019 0010 80000a03 080000 00000000 0000', 14],
  ])('%s', (_name, bytesHex, ofCode) => {
    expect(decodeError(hex(bytesHex))).toMatchObject({ code: 'BAD_ACTION', ofErrorType: 2, ofErrorCode: ofCode });
  });

  it('rejects a valid action followed by a truncated one, pointing at the bad one', () => {
    const err = decodeError(Buffer.concat([output, hex('0012 0000')]));
    expect(err.offset).toBe(16);
  });
});
