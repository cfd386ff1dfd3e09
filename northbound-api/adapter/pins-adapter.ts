// PinsPort over the flow-pinning app's Pins: text addresses and prefixes in, views out.
import { maskOf, parseIpv4Address, parsePrefix } from '../../controller/net';
import { IPPROTO_TCP, IPPROTO_UDP } from '../../level/catalog/service';
import type { PinFilter, PinView, Pins, PrefixMatch } from '../../level/pins/pins';
import type { FiveTuple } from '../../controller/net';
import { SlrError } from '../../controller/errors';
import type { ConnectionKey, PinInfo, PinQuery, PinsPort, Protocol } from '../services';

export function protocolNumberOf(p: Protocol): number {
  return p === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
}

function protocolName(n: number): Protocol | number {
  return n === IPPROTO_TCP ? 'tcp' : n === IPPROTO_UDP ? 'udp' : n;
}

function prefixMatch(text: string, what: string): PrefixMatch {
  const p = parsePrefix(text);
  if (typeof p === 'string') throw new SlrError('BAD_REQUEST', `${what}: ${p}`);
  return { base: p.base, mask: maskOf(p.length) };
}

function address(text: string, what: string): number {
  const n = parseIpv4Address(text);
  if (n === undefined) throw new SlrError('BAD_REQUEST', `${what}: invalid IPv4 address ${JSON.stringify(text)}`);
  return n;
}

export function tupleOf(key: ConnectionKey): FiveTuple {
  return {
    proto: protocolNumberOf(key.protocol),
    srcIp: address(key.client, 'client'),
    srcPort: key.clientPort,
    dstIp: address(key.vip, 'vip'),
    dstPort: key.vipPort,
  };
}

function info(v: PinView): PinInfo {
  return { protocol: protocolName(v.proto), client: v.client, clientPort: v.clientPort, vip: v.vip, vipPort: v.vipPort, target: v.target, dpid: v.dpid, createdAt: v.createdAt };
}

/** Pins lacks a by-target release: a removed target's pins are listed and released one by one. */
export function releasePinsOfTarget(pins: Pins, target: string): number {
  const views = pins.list({ target });
  for (const v of views) {
    pins.release({ proto: v.proto, srcIp: parseIpv4Address(v.client) as number, srcPort: v.clientPort, dstIp: parseIpv4Address(v.vip) as number, dstPort: v.vipPort });
  }
  return views.length;
}

export class PinsAdapter implements PinsPort {
  constructor(private readonly pins: Pins) {}

  list(query: PinQuery): PinInfo[] {
    const filter: PinFilter = {};
    if (query.vip !== undefined) filter.vip = prefixMatch(query.vip, 'vip');
    if (query.client !== undefined) filter.client = prefixMatch(query.client, 'client');
    if (query.target !== undefined) filter.target = query.target;
    if (query.limit !== undefined) filter.limit = query.limit;
    return this.pins.list(filter).map(info);
  }

  get(key: ConnectionKey): PinInfo | undefined {
    const t = tupleOf(key);
    // O(1) answer for the common "not pinned" case; Pins has no single-pin view, so a
    // pinned one is then found by narrowing the listing to this exact client and VIP.
    if (this.pins.lookup(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort) === undefined) return undefined;
    const found = this.pins
      .list({ client: { base: t.srcIp, mask: 0xffffffff }, vip: { base: t.dstIp, mask: 0xffffffff } })
      .find((v) => v.proto === t.proto && v.clientPort === t.srcPort && v.vipPort === t.dstPort);
    return found === undefined ? undefined : info(found);
  }

  delete(key: ConnectionKey): boolean {
    return this.pins.release(tupleOf(key)) !== undefined;
  }

  count(): number {
    return this.pins.size;
  }

  countForTarget(target: string): number {
    return this.pins.countForTarget(target);
  }
}
