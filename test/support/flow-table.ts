// Parses `ovs-ofctl -O OpenFlow13 dump-flows` text into typed flows, so e2e tests can
// compare flow tables by match (table, priority, match fields) across events.

export interface DumpedFlow {
  cookie: bigint;
  table: number;
  priority: number;
  durationS: number;
  nPackets: number;
  nBytes: number;
  idleTimeout: number;
  hardTimeout: number;
  /** Match fields; protocol shorthands such as `arp` or `ip` map to ''. */
  match: Record<string, string>;
  /** table, priority and match in a canonical order: the flow's identity in OpenFlow. */
  key: string;
  actions: string;
  raw: string;
}

/** Words before actions= that describe the flow entry, not what it matches. */
const ENTRY_FIELDS = new Set(['cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_timeout',
  'hard_timeout', 'idle_age', 'hard_age', 'priority', 'importance']);
const ENTRY_FLAGS = new Set(['send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts',
  'no_byte_counts']);
/** OpenFlow's default priority, which ovs-ofctl leaves out when printing. */
const DEFAULT_PRIORITY = 32768;

export function flowKey(table: number, priority: number, match: Record<string, string>): string {
  const fields = Object.keys(match).sort().map((k) => (match[k] === '' ? k : `${k}=${match[k]}`));
  return `table=${table},priority=${priority},${fields.join(',')}`;
}

export function parseFlow(line: string): DumpedFlow | undefined {
  const text = line.trim();
  const at = text.indexOf(' actions=');
  if (!text.startsWith('cookie=') || at < 0) return undefined;
  const head = text.slice(0, at);
  const actions = text.slice(at + ' actions='.length);
  const entry: Record<string, string> = {};
  const match: Record<string, string> = {};
  for (const item of head.split(/,\s*|\s+/)) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (ENTRY_FIELDS.has(name)) entry[name] = value;
    else if (!ENTRY_FLAGS.has(name)) match[name] = value;
  }
  const num = (name: string, dflt: number): number => (entry[name] === undefined ? dflt : Number(entry[name]));
  const table = num('table', 0);
  const priority = num('priority', DEFAULT_PRIORITY);
  return {
    cookie: BigInt(entry.cookie ?? '0'),
    table,
    priority,
    durationS: parseFloat((entry.duration ?? '0').replace(/s$/, '')),
    nPackets: num('n_packets', 0),
    nBytes: num('n_bytes', 0),
    idleTimeout: num('idle_timeout', 0),
    hardTimeout: num('hard_timeout', 0),
    match,
    key: flowKey(table, priority, match),
    actions,
    raw: text,
  };
}

export function parseFlows(dump: string): DumpedFlow[] {
  return dump.split('\n').map(parseFlow).filter((f): f is DumpedFlow => f !== undefined);
}

/** The app id a cookie carries in its top 16 bits (see controller/cookies.ts). */
export function cookieAppId(cookie: bigint): number {
  return Number(cookie >> 48n);
}

/** Ethernet source/destination of a flow's match, whichever spelling OVS used. */
export function ethSrc(f: DumpedFlow): string | undefined {
  return f.match.dl_src ?? f.match.eth_src;
}
export function ethDst(f: DumpedFlow): string | undefined {
  return f.match.dl_dst ?? f.match.eth_dst;
}

export function isTableMiss(f: DumpedFlow): boolean {
  return f.priority === 0 && Object.keys(f.match).length === 0;
}
