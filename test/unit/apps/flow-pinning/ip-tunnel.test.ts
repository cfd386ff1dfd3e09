// The ip-tunnel path (level/path.ts): what the ingress switch is told to do with a
// connection whose target is reached through an Open vSwitch tunnel port, down to the
// bytes of the set_field tunnel_id action it sends.
import { pathActions } from '../../../../apps/flow-pinning/path-actions';
import { actionsLength, decodeActions, writeActions } from '../../../../southbound/codec/actions';
import type { Action } from '../../../../southbound/codec';
import { extendPath, type Path } from '../../../../level/path';

function wire(actions: readonly Action[]): string {
  const buf = Buffer.alloc(actionsLength(actions));
  writeActions(actions, buf, 0);
  return buf.toString('hex');
}

describe('ip-tunnel path actions', () => {
  it('with a key: writes tunnel_id, then outputs to the tunnel port (no MPLS push, no MAC rewrite)', () => {
    const actions = pathActions({ kind: 'ip-tunnel', port: 20, tunnelId: 5001 });
    expect(actions).toEqual([
      { type: 'SET_FIELD', field: { field: 'tunnel_id', value: 5001n } },
      { type: 'OUTPUT', port: 20, maxLen: 0 },
    ]);
    // set_field (type 25, 16 bytes): OXM OPENFLOW_BASIC (0x8000), field 38 (tunnel_id) << 1 = 0x4c,
    // length 8, the 64-bit key; then output (type 0) to port 20 (OpenFlow 1.3.5 sections 7.2.3.7, 7.2.5).
    expect(wire(actions)).toBe('0019' + '0010' + '80004c08' + '0000000000001389' + '0000' + '0010' + '00000014' + '0000' + '000000000000');
    const bytes = Buffer.from(wire(actions), 'hex');
    expect(decodeActions(bytes, 0, bytes.length)).toEqual(actions);
  });

  it('without a key (a port with a fixed key): only the output', () => {
    expect(pathActions({ kind: 'ip-tunnel', port: 20 })).toEqual([{ type: 'OUTPUT', port: 20, maxLen: 0 }]);
  });

  it('the largest VXLAN VNI fits the field', () => {
    const actions = pathActions({ kind: 'ip-tunnel', port: 3, tunnelId: 0xffffff });
    expect(wire(actions).slice(16, 32)).toBe('0000000000ffffff');
  });

  it('has no shortcut: a lower level\'s label stack cannot be carried inside the tunnel', () => {
    const toSite: Path = { kind: 'ip-tunnel', port: 20, tunnelId: 7 };
    expect(extendPath(toSite, [2011])).toBeUndefined();
  });
});
