// Pure functions of the QoS state: checking it (each problem names its field), granting
// shares by class when a link is oversubscribed, and the meters and classify-table flows
// that enforce the result on a link's switch.
import type { FlowSpec, Instruction, MeterSpec } from '../../controller';
import { ipv4ToString, maskOf, parseDpid, parsePrefix } from '../../controller';
import { PRIORITY, TABLE } from '../pipeline/layout';
import type { EffectiveShare, QosState, ServiceQos } from './types';

/** One thing wrong with a QoS state: a JSON pointer to the field, and why. */
export interface QosProblem {
  field: string;
  reason: string;
}

/** What the checks need to know about the routing catalog. */
export interface ServiceDirectory {
  /** The service's prefix ("a.b.c.d/len"), undefined when no such service exists. */
  prefixOf(serviceId: string): string | undefined;
  /** The targets the service may use. */
  targetsOf(serviceId: string): readonly string[];
}

const OFPMF_KBPS = 1;
const OFPMF_BURST = 4;
const OFPMF_STATS = 8;
const ETH_TYPE_IPV4 = 0x0800;

/** Problems of one service's entry, with `base` the pointer to it (e.g. "/services/web" or ""). */
export function checkServiceQos(state: QosState, serviceId: string, q: ServiceQos, dir: ServiceDirectory, base: string): QosProblem[] {
  const out: QosProblem[] = [];
  if (dir.prefixOf(serviceId) === undefined) out.push({ field: base || '/', reason: `no service "${serviceId}"` });
  if (q.sharePercent !== undefined && !(q.sharePercent > 0 && q.sharePercent <= 100)) {
    out.push({ field: `${base}/sharePercent`, reason: 'must be above 0 and at most 100' });
  }
  if (q.rateLimitKbps !== undefined && !(Number.isFinite(q.rateLimitKbps) && q.rateLimitKbps >= 0)) {
    out.push({ field: `${base}/rateLimitKbps`, reason: 'must be a rate of 0 or more kbit/s' });
  }
  if (q.link !== undefined && !state.links.some((l) => l.id === q.link)) {
    out.push({ field: `${base}/link`, reason: `no link "${q.link}" (links: ${state.links.map((l) => l.id).join(', ') || 'none'})` });
  }
  if (q.link === undefined && state.links.length === 0) out.push({ field: `${base}/link`, reason: 'no link is configured (qos.links)' });
  if (q.class !== undefined) {
    const cls = state.classes[q.class];
    if (cls === undefined) {
      out.push({ field: `${base}/class`, reason: `no class "${q.class}" (classes: ${Object.keys(state.classes).join(', ') || 'none'})` });
    } else if (cls.targets !== undefined) {
      const outside = dir.targetsOf(serviceId).filter((t) => !cls.targets!.includes(t));
      if (outside.length > 0) out.push({ field: `${base}/class`, reason: `class "${q.class}" is restricted to ${cls.targets.join(', ')}; the service also uses ${outside.join(', ')}` });
    }
  }
  if (q.sharePercent === undefined && q.rateLimitKbps === undefined && (q.class === undefined || state.classes[q.class]?.sharePercent === undefined)) {
    out.push({ field: base || '/', reason: 'gives neither sharePercent, rateLimitKbps nor a class with a share' });
  }
  return out;
}

/** Every problem of a whole state (config start-up, or a candidate built from a REST change). */
export function checkQosState(state: QosState, dir: ServiceDirectory): QosProblem[] {
  const out: QosProblem[] = [];
  const ids = new Set<string>();
  state.links.forEach((l, i) => {
    if (ids.has(l.id)) out.push({ field: `/links/${i}/id`, reason: `two links are called "${l.id}"` });
    ids.add(l.id);
    if (parseDpid(l.dpid) === undefined) out.push({ field: `/links/${i}/dpid`, reason: 'must be a datapath id: 16 hex digits, 0x-prefixed hex, or aa:bb:..:hh' });
    if (!(l.rateKbps > 0)) out.push({ field: `/links/${i}/rateKbps`, reason: 'must be above 0' });
  });
  for (const [name, c] of Object.entries(state.classes)) {
    if (c.sharePercent !== undefined && !(c.sharePercent > 0 && c.sharePercent <= 100)) out.push({ field: `/classes/${name}/sharePercent`, reason: 'must be above 0 and at most 100' });
  }
  for (const [id, q] of Object.entries(state.services)) out.push(...checkServiceQos(state, id, q, dir, `/services/${id}`));
  return out;
}

/**
 * The share each service gets. On each link, classes are served in rank order (then
 * services without a class): while the shares asked so far fit in 100%, each gets what
 * it asked; the first rank that does not fit splits what is left in proportion to what
 * its services asked, and ranks after it get nothing. So premium keeps its share when
 * the link is short, and best effort gives way.
 */
export function grantShares(state: QosState): EffectiveShare[] {
  const defaultLink = state.links[0]?.id;
  const out: EffectiveShare[] = [];
  const byLink = new Map<string, Array<{ id: string; q: ServiceQos; rank: number; asked: number | null }>>();
  for (const [id, q] of Object.entries(state.services).sort(([a], [b]) => a.localeCompare(b))) {
    const link = q.link ?? defaultLink;
    if (link === undefined) continue;
    const cls = q.class === undefined ? undefined : state.classes[q.class];
    const asked = q.sharePercent ?? cls?.sharePercent ?? null;
    const rank = cls?.rank ?? Number.MAX_SAFE_INTEGER;
    const list = byLink.get(link) ?? [];
    list.push({ id, q, rank, asked });
    byLink.set(link, list);
  }
  for (const [linkId, list] of byLink) {
    const link = state.links.find((l) => l.id === linkId);
    if (!link) continue;
    const ranks = [...new Set(list.map((e) => e.rank))].sort((a, b) => a - b);
    let left = 100;
    const granted = new Map<string, number>();
    for (const r of ranks) {
      const group = list.filter((e) => e.rank === r && e.asked !== null);
      const total = group.reduce((n, e) => n + (e.asked ?? 0), 0);
      const scale = total <= left ? 1 : left / total;
      for (const e of group) granted.set(e.id, (e.asked ?? 0) * scale);
      left = Math.max(0, left - total * scale);
    }
    for (const e of list) {
      const g = granted.get(e.id);
      const byShare = g === undefined ? Infinity : (link.rateKbps * g) / 100;
      const rate = Math.min(byShare, e.q.rateLimitKbps ?? Infinity);
      out.push({
        serviceId: e.id,
        link: linkId,
        class: e.q.class ?? null,
        requestedPercent: e.asked,
        grantedPercent: g === undefined ? null : Math.round(g * 1000) / 1000,
        rateKbps: Math.floor(rate),
        directions: e.q.directions ?? 'both',
      });
    }
  }
  return out;
}

/** Stable local meter ids: service i (in the allocator's order) owns ids 2i+1 (to the VIP) and 2i+2 (from it). */
export class MeterIdAllocator {
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  private next = 0;

  /** The slot of a service, allocating the lowest free one on first use. */
  slot(serviceId: string): number {
    let s = this.slots.get(serviceId);
    if (s === undefined) {
      s = this.free.length > 0 ? this.free.sort((a, b) => a - b).shift()! : this.next++;
      if (2 * s + 2 > 0xffff) throw new RangeError(`more than ${0xffff >> 1} metered services on one controller`);
      this.slots.set(serviceId, s);
    }
    return s;
  }

  release(serviceId: string): void {
    const s = this.slots.get(serviceId);
    if (s === undefined) return;
    this.slots.delete(serviceId);
    this.free.push(s);
  }

  toVip(serviceId: string): number {
    return 2 * this.slot(serviceId) + 1;
  }

  fromVip(serviceId: string): number {
    return 2 * this.slot(serviceId) + 2;
  }
}

export interface EnforcementOptions {
  /** Burst allowance as time at the meter's rate, ms (TCP through a policer needs some). */
  burstMs: number;
}

export interface Enforcement {
  meters: MeterSpec[];
  flows: FlowSpec[];
}

function meterFor(localId: number, rateKbps: number, o: EnforcementOptions): MeterSpec {
  // A rate of 0 drops everything; burst stays at least one full-size frame (12 kbit).
  const burst = Math.max(12, Math.ceil((rateKbps * o.burstMs) / 1000));
  return { localId, flags: OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS, bands: [{ type: 'DROP', rate: Math.max(1, rateKbps), burstSize: burst }] };
}

/**
 * The meters and classify-table flows for one switch: each granted share on a link
 * whose switch this is gets a meter per metered direction, and a flow in table 0
 * (priority PRIORITY.classify.qos) that matches the service's prefix as destination
 * (client to VIP) or as source (the servers' direct replies carry the VIP as source)
 * and applies the meter before going on to the pins table, as the table's miss would.
 */
export function enforcementFor(dpid: bigint, state: QosState, shares: readonly EffectiveShare[], dir: ServiceDirectory, ids: MeterIdAllocator, meterId: (local: number) => number, o: EnforcementOptions): Enforcement {
  const meters: MeterSpec[] = [];
  const flows: FlowSpec[] = [];
  for (const s of shares) {
    const link = state.links.find((l) => l.id === s.link);
    if (!link || parseDpid(link.dpid) !== dpid) continue;
    const text = dir.prefixOf(s.serviceId);
    const prefix = text === undefined ? undefined : parsePrefix(text);
    if (prefix === undefined || typeof prefix === 'string') continue;
    const addr = ipv4ToString(prefix.base);
    const mask = prefix.length === 32 ? undefined : ipv4ToString(maskOf(prefix.length));
    const legs: Array<['ipv4_dst' | 'ipv4_src', number]> = [];
    if (s.directions !== 'from-vip') legs.push(['ipv4_dst', ids.toVip(s.serviceId)]);
    if (s.directions !== 'to-vip') legs.push(['ipv4_src', ids.fromVip(s.serviceId)]);
    for (const [field, local] of legs) {
      meters.push(meterFor(local, s.rateKbps, o));
      const instructions: Instruction[] = [{ type: 'METER', meterId: meterId(local) }, { type: 'GOTO_TABLE', tableId: TABLE.pins }];
      flows.push({
        tableId: TABLE.classify,
        priority: PRIORITY.classify.qos,
        match: [{ field: 'eth_type', value: ETH_TYPE_IPV4 }, mask === undefined ? { field, value: addr } : { field, value: addr, mask }],
        cookie: BigInt(local),
        instructions,
      });
    }
  }
  return { meters, flows };
}
