// ONF EXT-230 bundle messages (OpenFlow 1.4 bundles inside 1.3 EXPERIMENTER messages),
// against the frames ovs-ofctl --bundle sends (golden vectors onf-bundle-pin-flow-*).
import {
  bundleAddLength, bundleAddMessage, bundleControlMessage, encodeBundleAddInto, OFPBCT_COMMIT_REQUEST, OFPBCT_OPEN_REQUEST,
  OFPBF_ATOMIC, OFPBF_ORDERED, ONF_EXPERIMENTER_ID, ONFT_BUNDLE_ADD_MESSAGE, readBundleAdd, readBundleControl,
} from '../../../../southbound/codec/onf-bundle';
import { decodeMessage, encodeMessage, OfDecodeError, OfEncodeError } from '../../../../southbound/codec';
import type { Experimenter, FlowMod } from '../../../../southbound/codec/types';
import { loadVectors } from '../../../fixtures/openflow/load-vectors';

const vectors = new Map(loadVectors().map((v) => [v.name, v.bytes]));
const vector = (name: string): Buffer => {
  const v = vectors.get(name);
  if (v === undefined) throw new Error(`no vector ${name}`);
  return v;
};
const experimenter = (bytes: Buffer): Experimenter => {
  const m = decodeMessage(bytes);
  if (m.type !== 'EXPERIMENTER') throw new Error(`not an EXPERIMENTER: ${m.type}`);
  return m;
};

const PIN: FlowMod = {
  type: 'FLOW_MOD', xid: 0, cookie: 0n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 60, hardTimeout: 0, priority: 1000,
  bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 1,
  match: [
    { field: 'eth_type', value: 0x0800 }, { field: 'ipv4_src', value: '10.0.1.1' }, { field: 'ipv4_dst', value: '10.0.0.100' },
    { field: 'ip_proto', value: 6 }, { field: 'tcp_src', value: 40001 }, { field: 'tcp_dst', value: 80 },
  ],
  instructions: [{ type: 'APPLY_ACTIONS', actions: [
    { type: 'SET_FIELD', field: { field: 'eth_dst', value: '00:00:00:00:03:01' } }, { type: 'OUTPUT', port: 1, maxLen: 0 },
  ] }],
};

describe('ONF bundles in OpenFlow 1.3', () => {
  it('reads the open and commit requests ovs-ofctl sends and writes the same bytes', () => {
    const open = readBundleControl(experimenter(vector('onf-bundle-pin-flow-1')));
    expect(open).toEqual({ xid: 7, bundleId: 0, ctrlType: OFPBCT_OPEN_REQUEST, flags: OFPBF_ATOMIC | OFPBF_ORDERED, properties: Buffer.alloc(0) });
    expect(encodeMessage(bundleControlMessage(open!))).toEqual(vector('onf-bundle-pin-flow-1'));
    const commit = readBundleControl(experimenter(vector('onf-bundle-pin-flow-3')));
    expect(commit).toMatchObject({ xid: 9, ctrlType: OFPBCT_COMMIT_REQUEST, flags: 3 });
    expect(encodeMessage(bundleControlMessage(commit!))).toEqual(vector('onf-bundle-pin-flow-3'));
  });

  it('reads the add message with its FLOW_MOD and writes the same bytes, both ways', () => {
    const bytes = vector('onf-bundle-pin-flow-2');
    const add = readBundleAdd(experimenter(bytes));
    expect(add).toEqual({ xid: 6, bundleId: 0, flags: 3, message: { ...PIN, xid: 6 }, properties: Buffer.alloc(0) });
    // The inner message takes the ADD's xid whatever its own says.
    const typed = { xid: 6, bundleId: 0, flags: 3, message: { ...PIN, xid: 12345 }, properties: Buffer.alloc(0) };
    expect(encodeMessage(bundleAddMessage(typed))).toEqual(bytes);
    const into = Buffer.alloc(bytes.length + 10, 0xee);
    expect(encodeBundleAddInto(typed, into, 5)).toBe(bytes.length);
    expect(into.subarray(5, 5 + bytes.length)).toEqual(bytes);
    expect(bundleAddLength(typed)).toBe(bytes.length);
  });

  it('pads the inner message to 8 bytes only when properties follow, and reads them back', () => {
    const props = Buffer.from('ffff000800000000', 'hex');
    const hello = { type: 'HELLO' as const, xid: 0, elements: [] };
    const m = bundleAddMessage({ xid: 3, bundleId: 9, flags: 0, message: { type: 'BARRIER_REQUEST', xid: 0 }, properties: props });
    // 8-byte BARRIER_REQUEST is aligned already: body, inner, properties.
    expect(m.data.length).toBe(8 + 8 + 8);
    const odd = bundleAddMessage({ xid: 4, bundleId: 9, flags: 0, message: { type: 'ECHO_REQUEST', xid: 0, data: Buffer.from('abc') }, properties: props });
    expect(odd.data.length).toBe(8 + 16 + 8);
    expect(odd.data.subarray(8 + 11, 8 + 16)).toEqual(Buffer.alloc(5));
    const back = readBundleAdd(experimenter(encodeMessage(odd)));
    expect(back).toMatchObject({ bundleId: 9, message: { type: 'ECHO_REQUEST', xid: 4 }, properties: props });
    expect(readBundleAdd(experimenter(encodeMessage(bundleAddMessage({ xid: 1, bundleId: 1, flags: 0, message: hello, properties: Buffer.alloc(0) })))))
      .toMatchObject({ message: { type: 'HELLO' } });
  });

  it('leaves other experimenters alone', () => {
    const nicira: Experimenter = { type: 'EXPERIMENTER', xid: 1, experimenter: 0x2320, expType: 2300, data: Buffer.alloc(8) };
    expect(readBundleControl(nicira)).toBeUndefined();
    expect(readBundleAdd(nicira)).toBeUndefined();
    expect(readBundleAdd(experimenter(vector('onf-bundle-pin-flow-1')))).toBeUndefined();
    expect(readBundleControl(experimenter(vector('onf-bundle-pin-flow-2')))).toBeUndefined();
  });

  it('refuses malformed bodies with OfDecodeError', () => {
    const onf = (expType: number, data: Buffer): Experimenter => ({ type: 'EXPERIMENTER', xid: 1, experimenter: ONF_EXPERIMENTER_ID, expType, data });
    expect(() => readBundleControl(onf(2300, Buffer.alloc(6)))).toThrow(OfDecodeError);
    expect(() => readBundleControl(onf(2300, Buffer.alloc(12)))).toThrow(OfDecodeError);
    expect(() => readBundleAdd(onf(ONFT_BUNDLE_ADD_MESSAGE, Buffer.alloc(10)))).toThrow(OfDecodeError);
    const add = Buffer.from(experimenter(vector('onf-bundle-pin-flow-2')).data);
    add.writeUInt16BE(0x400, 8 + 2); // inner length beyond the body
    expect(() => readBundleAdd(onf(ONFT_BUNDLE_ADD_MESSAGE, add))).toThrow(OfDecodeError);
    add.writeUInt16BE(4, 8 + 2); // shorter than a header
    expect(() => readBundleAdd(onf(ONFT_BUNDLE_ADD_MESSAGE, add))).toThrow(OfDecodeError);
    const trailing = Buffer.concat([experimenter(vector('onf-bundle-pin-flow-2')).data, Buffer.alloc(3)]);
    expect(() => readBundleAdd(onf(ONFT_BUNDLE_ADD_MESSAGE, trailing))).toThrow(OfDecodeError);
  });

  it('checks every field it writes', () => {
    expect(() => bundleControlMessage({ xid: 1, bundleId: -1, ctrlType: 0, flags: 0, properties: Buffer.alloc(0) })).toThrow(OfEncodeError);
    expect(() => bundleControlMessage({ xid: 1, bundleId: 1, ctrlType: 70000, flags: 0, properties: Buffer.alloc(0) })).toThrow(/ctrlType/);
    expect(() => bundleAddMessage({ xid: 1.5, bundleId: 1, flags: 0, message: PIN, properties: Buffer.alloc(0) })).toThrow(/BUNDLE_ADD.xid/);
    expect(() => encodeBundleAddInto({ xid: 1, bundleId: 1, flags: 0, message: PIN, properties: Buffer.alloc(0) }, Buffer.alloc(20), 0)).toThrow(/does not fit/);
  });
});
