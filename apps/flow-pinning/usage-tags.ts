// Accounting tags: each (service, target) pair gets a 40-bit tag, carried in the cookie
// of its pin flows and of its reply-counting flow, so one aggregate-stats request per
// pair (cookie and full mask) counts all of a pair's connections on a switch, cheaply at
// any number of pins (Open vSwitch indexes flows by cookie). The tag is a hash of the
// ids, so a restarted controller or a hot spare computes the same cookies and its
// reconciliation keeps the flows (and their counters) the switch already holds.
//
//   app-local cookie (48 bits):  [ tag: 40 bits ][ kind: 8 bits ]

/** Bits of the app-local cookie that say which kind of flow it is. */
export const COOKIE_KIND_MASK = 0xffn;
const KIND_BITS = 8n;
const TAG_MASK = (1n << 40n) - 1n;

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const U64 = (1n << 64n) - 1n;

/** The 40-bit tag of a pair (never 0: 0 means "no pair"). FNV-1a over the UTF-8 of the ids. */
export function usageTag(service: string, target: string): bigint {
  let h = FNV_OFFSET;
  for (const b of Buffer.from(`${service}\u0000${target}`, 'utf8')) {
    h ^= BigInt(b);
    h = (h * FNV_PRIME) & U64;
  }
  const tag = (h ^ (h >> 40n)) & TAG_MASK;
  return tag === 0n ? 1n : tag;
}

export const cookieWithTag = (kind: bigint, tag: bigint): bigint => (tag << KIND_BITS) | kind;
export const kindOfCookie = (cookie: bigint): bigint => cookie & COOKIE_KIND_MASK;
export const tagOfCookie = (cookie: bigint): bigint => (cookie >> KIND_BITS) & TAG_MASK;

/** Tags of the pairs seen, cached (no BigInt hashing per packet-in), and back from tag to pair. */
export class UsageTags {
  private readonly byService = new Map<string, Map<string, bigint>>();
  private readonly byTag = new Map<bigint, { service: string; target: string }>();

  tag(service: string, target: string): bigint {
    let byTarget = this.byService.get(service);
    if (byTarget === undefined) this.byService.set(service, (byTarget = new Map()));
    let tag = byTarget.get(target);
    if (tag === undefined) {
      tag = usageTag(service, target);
      byTarget.set(target, tag);
      if (!this.byTag.has(tag)) this.byTag.set(tag, { service, target });
    }
    return tag;
  }

  /** The pair a tag was made for (undefined: never seen by this process). */
  pairOf(tag: bigint): { service: string; target: string } | undefined {
    return this.byTag.get(tag);
  }
}
