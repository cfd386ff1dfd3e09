// Open vSwitch as an independent decoder of the ONF bundle messages the codec writes
// (southbound/codec/onf-bundle.ts): `ovs-ofctl ofp-print` must read every one without
// complaint and show the ids, types, flags and inner messages put in.
import { execFileSync } from 'node:child_process';
import {
  bundleAddMessage, bundleControlMessage, encodeMessage, OFPBCT_CLOSE_REQUEST, OFPBCT_COMMIT_REQUEST, OFPBCT_DISCARD_REQUEST,
  OFPBCT_OPEN_REQUEST, OFPBF_ATOMIC, OFPBF_ORDERED, type FlowMod, type OfMessage,
} from '../../../southbound/codec';

function ofpPrint(msg: OfMessage): string {
  return execFileSync('ovs-ofctl', ['-O', 'OpenFlow13', 'ofp-print', encodeMessage(msg).toString('hex')], { encoding: 'utf8' });
}

const pin = (command: number, srcPort: number): FlowMod => ({
  type: 'FLOW_MOD', xid: 0, cookie: 0x12345n, cookieMask: command === 4 ? 0xffffffffffffffffn : 0n, tableId: 0, command,
  idleTimeout: command === 0 ? 60 : 0, hardTimeout: 0, priority: 1000, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff,
  flags: command === 0 ? 1 : 0,
  match: [
    { field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 }, { field: 'ipv4_src', value: '10.0.1.1' },
    { field: 'ipv4_dst', value: '10.0.0.100' }, { field: 'tcp_src', value: srcPort }, { field: 'tcp_dst', value: 80 },
  ],
  instructions: command === 0 ? [{ type: 'APPLY_ACTIONS', actions: [
    { type: 'SET_FIELD', field: { field: 'eth_dst', value: '00:00:00:00:03:02' } }, { type: 'OUTPUT', port: 2, maxLen: 0 },
  ] }] : [],
});

describe('ovs-ofctl ofp-print reads the ONF bundle messages the codec writes', () => {
  it.each([
    [OFPBCT_OPEN_REQUEST, 'OPEN_REQUEST', OFPBF_ATOMIC | OFPBF_ORDERED, 'flags=atomic ordered', 0],
    [OFPBCT_COMMIT_REQUEST, 'COMMIT_REQUEST', OFPBF_ATOMIC, 'flags=atomic', 7],
    [OFPBCT_CLOSE_REQUEST, 'CLOSE_REQUEST', OFPBF_ORDERED, 'flags=ordered', 0xfffffffe],
    [OFPBCT_DISCARD_REQUEST, 'DISCARD_REQUEST', 0, '', 42],
  ])('control %s', (ctrlType, name, flags, flagText, bundleId) => {
    const text = ofpPrint(bundleControlMessage({ xid: 77, bundleId, ctrlType, flags, properties: Buffer.alloc(0) }));
    expect(text).toContain('ONFT_BUNDLE_CONTROL (OF1.3) (xid=0x4d)');
    // OVS prints a non-zero bundle id in hex.
    expect(text).toContain(`bundle_id=${bundleId === 0 ? '0' : `0x${bundleId.toString(16)}`} type=${name}`);
    if (flagText) expect(text).toContain(flagText);
    expect(text).not.toMatch(/error|warn|\*\*\*/i);
  });

  it('an add carrying a pin FLOW_MOD, and one carrying a strict delete', () => {
    const add = ofpPrint(bundleAddMessage({ xid: 5, bundleId: 3, flags: OFPBF_ATOMIC, message: pin(0, 40001), properties: Buffer.alloc(0) }));
    expect(add).toContain('ONFT_BUNDLE_ADD_MESSAGE (OF1.3) (xid=0x5)');
    expect(add).toContain('bundle_id=0x3 flags=atomic');
    expect(add).toContain('OFPT_FLOW_MOD (OF1.3) (xid=0x5): ADD priority=1000,tcp,nw_src=10.0.1.1,nw_dst=10.0.0.100,tp_src=40001,tp_dst=80');
    expect(add).toContain('idle:60 send_flow_rem actions=set_field:00:00:00:00:03:02->eth_dst,output:2');
    const del = ofpPrint(bundleAddMessage({ xid: 6, bundleId: 3, flags: 0, message: pin(4, 40002), properties: Buffer.alloc(0) }));
    expect(del).toContain('OFPT_FLOW_MOD (OF1.3) (xid=0x6): DEL_STRICT priority=1000,tcp,nw_src=10.0.1.1,nw_dst=10.0.0.100,tp_src=40002,tp_dst=80 cookie:0x12345/0xffffffffffffffff');
    expect(`${add}${del}`).not.toMatch(/error|warn|\*\*\*/i);
  });
});
