// The OpenFlow actions that send a packet along a path (level/path.ts). The same list
// goes into the pinned flow and into the packet-out of the first packet, so the first
// packet and the rest of the connection take the same way.
import type { Action } from '../../controller';
import type { Path } from '../../level/path';

const ETH_TYPE_MPLS = 0x8847;

/** Frozen and cached per path object: the packet-in path allocates nothing for them. */
const cache = new WeakMap<Path, Action[]>();

export function pathActions(path: Path): Action[] {
  let actions = cache.get(path);
  if (actions === undefined) {
    actions = Object.freeze(build(path)) as Action[];
    cache.set(path, actions);
  }
  return actions;
}

function build(path: Path): Action[] {
  switch (path.kind) {
    case 'local':
      // The last hop: the server holds the VIP itself, so only the MAC changes (DSR).
      return [
        { type: 'SET_FIELD', field: { field: 'eth_dst', value: path.mac } },
        { type: 'OUTPUT', port: path.port, maxLen: 0 },
      ];
    case 'mpls': {
      // Push the innermost label first: each PUSH_MPLS makes a new top entry and
      // SET_FIELD mpls_label writes the top one (OpenFlow 1.3.5 sections 5.12, 7.2.5).
      // The switch sets bottom-of-stack on the first push only.
      const out: Action[] = [];
      for (let i = path.labels.length - 1; i >= 0; i--) {
        out.push({ type: 'PUSH_MPLS', ethertype: ETH_TYPE_MPLS }, { type: 'SET_FIELD', field: { field: 'mpls_label', value: path.labels[i] } });
      }
      out.push({ type: 'OUTPUT', port: path.port, maxLen: 0 });
      return out;
    }
    case 'ip-tunnel':
      // The tunnel port does the wrapping (the userspace datapath pushes the outer
      // Ethernet/IP/UDP itself); tunnel_id (OXM 38) is the key of a key=flow port.
      return [
        ...(path.tunnelId === undefined ? [] : [{ type: 'SET_FIELD' as const, field: { field: 'tunnel_id' as const, value: BigInt(path.tunnelId) } }]),
        { type: 'OUTPUT', port: path.port, maxLen: 0 },
      ];
  }
}
