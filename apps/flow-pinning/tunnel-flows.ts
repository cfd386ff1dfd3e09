// The MPLS flows of a level: where its tunnels end (its own label, popped on its ingress
// switches), label switching toward its targets (on ingress and core switches: the top
// label alone decides), and the last hop of a shortcut (a server's label, popped and
// delivered by MAC). Only the outermost label can be matched (OpenFlow 1.3.5 section
// 7.2.3.7, mpls_label/mpls_bos), so an inner label is matched again in a later table
// after the outer one is popped.
import type { FlowSpec, Instruction } from '../../controller';
import type { LabelExit, LabelRoute } from '../../level/slr-level';
import { METADATA_FROM_TUNNEL, PRIORITY, TABLE } from '../pipeline/layout';
import { LABEL_EXIT_COOKIE, LABEL_ROUTE_COOKIE, TUNNEL_EXIT_COOKIE } from './pin-flows';

const ETH_TYPE_IPV4 = 0x0800;
const ETH_TYPE_MPLS = 0x8847;

const mplsMatch = (label: number, bos?: 0 | 1) => [
  { field: 'eth_type' as const, value: ETH_TYPE_MPLS },
  { field: 'mpls_label' as const, value: label },
  ...(bos === undefined ? [] : [{ field: 'mpls_bos' as const, value: bos }]),
];

/**
 * The tunnel exit for this level's own label. At the bottom of the stack the original
 * IPv4 packet comes out: it is marked as having come from the level above (metadata)
 * and looked up against the pins, then the VIP rules. With more labels below, the next
 * label is one of this level's targets (a shortcut passing through): table `labels`.
 */
export function tunnelExitFlows(label: number): FlowSpec[] {
  const popTo = (ethertype: number, then: Instruction[]): Instruction[] => [
    { type: 'APPLY_ACTIONS', actions: [{ type: 'POP_MPLS', ethertype }] },
    ...then,
  ];
  return [
    {
      tableId: TABLE.tunnelExit, priority: PRIORITY.tunnelExit.ownLabel, cookie: TUNNEL_EXIT_COOKIE,
      match: mplsMatch(label, 1),
      instructions: popTo(ETH_TYPE_IPV4, [
        { type: 'WRITE_METADATA', metadata: METADATA_FROM_TUNNEL, metadataMask: METADATA_FROM_TUNNEL },
        { type: 'GOTO_TABLE', tableId: TABLE.pins },
      ]),
    },
    {
      tableId: TABLE.tunnelExit, priority: PRIORITY.tunnelExit.ownLabel, cookie: TUNNEL_EXIT_COOKIE,
      match: mplsMatch(label, 0),
      instructions: popTo(ETH_TYPE_MPLS, [{ type: 'GOTO_TABLE', tableId: TABLE.labels }]),
    },
  ];
}

/** Label switching: a target's label goes out of the port toward it, unchanged. */
export function labelRouteFlow(r: LabelRoute): FlowSpec {
  return {
    tableId: TABLE.labels, priority: PRIORITY.labels.target, cookie: LABEL_ROUTE_COOKIE,
    match: mplsMatch(r.label),
    instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: r.port, maxLen: 0 }] }],
  };
}

/** A server's label at the bottom of the stack: pop it and deliver the packet like a local pin. */
export function labelExitFlow(e: LabelExit): FlowSpec {
  return {
    tableId: TABLE.labels, priority: PRIORITY.labels.target, cookie: LABEL_EXIT_COOKIE,
    match: mplsMatch(e.label, 1),
    instructions: [{
      type: 'APPLY_ACTIONS',
      actions: [
        { type: 'POP_MPLS', ethertype: ETH_TYPE_IPV4 },
        { type: 'SET_FIELD', field: { field: 'eth_dst', value: e.mac } },
        { type: 'OUTPUT', port: e.port, maxLen: 0 },
      ],
    }],
  };
}
