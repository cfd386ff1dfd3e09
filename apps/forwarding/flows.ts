// The flows this app installs, as FlowSpecs with app-local cookies.
import { type Action, type FlowSpec, type Instruction, OFPCML_NO_BUFFER, OFPFF_SEND_FLOW_REM, OFPP_CONTROLLER, OFPP_FLOOD } from '../../controller';
import { PRIORITY, TABLE } from '../pipeline/layout';
import type { ForwardingConfig } from './config';
import type { LearnedFlow } from './learned-flows';

/** App-local cookies: which kind of flow this is, so a delete can target one kind. */
export const TABLE_MISS_COOKIE = 1n;
export const LEARNED_COOKIE = 2n;

/**
 * Priority 0, match all, send whole packets to the controller (spec 5.4, table-miss).
 * Needed because with fail_mode=secure Open vSwitch starts with no flows at all.
 */
export function tableMissFlow(): FlowSpec {
  return {
    tableId: TABLE.l2,
    priority: PRIORITY.l2.miss,
    match: [],
    cookie: TABLE_MISS_COOKIE,
    instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: OFPP_CONTROLLER, maxLen: OFPCML_NO_BUFFER }] }],
  };
}

// Per-port action and instruction lists are shared (frozen) between all flows and
// packet-outs: the packet-in path then allocates nothing for them.
const MAX_CACHED_PORTS = 4096;
const outputCache = new Map<number, Action[]>();
const instructionCache = new Map<number, Instruction[]>();

export function outputTo(port: number): Action[] {
  let actions = outputCache.get(port);
  if (!actions) {
    actions = Object.freeze([Object.freeze({ type: 'OUTPUT', port, maxLen: 0 })]) as Action[];
    if (outputCache.size < MAX_CACHED_PORTS) outputCache.set(port, actions);
  }
  return actions;
}

function applyOutputTo(port: number): Instruction[] {
  let instructions = instructionCache.get(port);
  if (!instructions) {
    instructions = Object.freeze([Object.freeze({ type: 'APPLY_ACTIONS', actions: outputTo(port) })]) as Instruction[];
    if (instructionCache.size < MAX_CACHED_PORTS) instructionCache.set(port, instructions);
  }
  return instructions;
}

export const FLOOD_ACTIONS: Action[] = outputTo(OFPP_FLOOD);

/** Exact match on in_port, eth_src, eth_dst; flow-removed notices keep our table in step. */
export function learnedFlowSpec(cfg: ForwardingConfig, f: LearnedFlow): FlowSpec {
  return {
    tableId: TABLE.l2,
    priority: PRIORITY.l2.learned,
    match: [
      { field: 'in_port', value: f.inPort },
      { field: 'eth_src', value: f.ethSrc },
      { field: 'eth_dst', value: f.ethDst },
    ],
    cookie: LEARNED_COOKIE,
    idleTimeout: cfg.idleTimeout,
    hardTimeout: cfg.hardTimeout,
    flags: OFPFF_SEND_FLOW_REM,
    instructions: applyOutputTo(f.outPort),
  };
}
