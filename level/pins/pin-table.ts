// The pin table: connection 5-tuple -> chosen target, held for up to millions of
// connections. An open-addressing hash table (linear probing, backward-shift deletion,
// so no tombstones) over parallel typed arrays: about 40 bytes per slot, no object per
// pin, no string keys, no allocation on lookup or claim.

const EMPTY = 0;
/** meta = proto | USED, so proto 0 (HOPOPT) still marks a slot as used. */
const USED = 0x100;
const MAX_LOAD = 0.75;
/** Path handle of a pin that records no path (restored from an older mirror entry). */
export const NO_PATH = 0xffffffff;
/** State bits of a pin (flagsAt): its switch flow idled out, the pin lives on (dormant). */
export const PIN_DORMANT = 1;
/** A FIN or RST of the connection was seen: the pin ends when its flow does. */
export const PIN_CLOSING = 2;

export interface PinRecord {
  proto: number;
  srcIp: number;
  srcPort: number;
  dstIp: number;
  dstPort: number;
  target: number;
  dpid: number;
  /** Handle of the path the pin uses, or NO_PATH. */
  path: number;
  createdAt: number;
  touchedAt: number;
  /** PIN_DORMANT | PIN_CLOSING bits. */
  flags: number;
}

function hash5(proto: number, srcIp: number, ports: number, dstIp: number): number {
  // murmur3-style mixing of the words: client ports vary in the low bits, so mix well.
  let h = Math.imul(srcIp ^ 0x9e3779b9, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ dstIp;
  h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  h ^= Math.imul(ports ^ (proto << 24), 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class PinTable {
  private cap: number;
  private mask: number;
  private count = 0;
  private srcIp!: Uint32Array;
  private dstIp!: Uint32Array;
  private ports!: Uint32Array;
  private meta!: Uint16Array;
  private targets!: Uint32Array;
  private dpids!: Uint16Array;
  private paths!: Uint32Array;
  private created!: Float64Array;
  private touched!: Float64Array;
  private flags!: Uint8Array;
  /** Live pins per target handle. */
  private perTarget: number[] = [];
  /** Whether the last claim() created the pin (false: it already existed). */
  lastClaimCreated = false;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.cap = cap;
    this.mask = cap - 1;
    this.allocate(cap);
  }

  private allocate(cap: number): void {
    this.srcIp = new Uint32Array(cap);
    this.dstIp = new Uint32Array(cap);
    this.ports = new Uint32Array(cap);
    this.meta = new Uint16Array(cap);
    this.targets = new Uint32Array(cap);
    this.dpids = new Uint16Array(cap);
    this.paths = new Uint32Array(cap);
    this.created = new Float64Array(cap);
    this.touched = new Float64Array(cap);
    this.flags = new Uint8Array(cap);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Slot of a pin, or -1. */
  find(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number): number {
    const slot = this.probe(proto, srcIp >>> 0, ((srcPort << 16) | dstPort) >>> 0, dstIp >>> 0);
    return slot >= 0 ? slot : -1;
  }

  /**
   * Linear probe for a key (addresses and packed ports already uint32): its slot, or the
   * one's complement (< 0) of the empty slot where it would go.
   */
  private probe(proto: number, srcIp: number, ports: number, dstIp: number): number {
    const m = proto | USED;
    let i = hash5(proto, srcIp, ports, dstIp) & this.mask;
    for (;;) {
      const meta = this.meta[i];
      if (meta === EMPTY) return ~i;
      if (meta === m && this.srcIp[i] === srcIp && this.dstIp[i] === dstIp && this.ports[i] === ports) return i;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * First claimer wins: returns the target of the existing pin, or pins this connection
   * to `target` and returns it. lastClaimCreated says which happened.
   */
  claim(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number, target: number, dpid: number, nowMs: number, path = NO_PATH): number {
    if ((this.count + 1) / this.cap > MAX_LOAD) this.grow();
    srcIp >>>= 0;
    dstIp >>>= 0;
    const ports = ((srcPort << 16) | dstPort) >>> 0;
    const found = this.probe(proto, srcIp, ports, dstIp);
    if (found >= 0) {
      this.lastClaimCreated = false;
      return this.targets[found];
    }
    const i = ~found;
    this.meta[i] = proto | USED;
    this.srcIp[i] = srcIp;
    this.dstIp[i] = dstIp;
    this.ports[i] = ports;
    this.targets[i] = target;
    this.dpids[i] = dpid;
    this.paths[i] = path;
    this.created[i] = nowMs;
    this.touched[i] = nowMs;
    this.flags[i] = 0;
    this.count++;
    this.perTarget[target] = (this.perTarget[target] ?? 0) + 1;
    this.lastClaimCreated = true;
    return target;
  }

  /** Removes a pin; returns its target handle, or -1 when there was none. */
  release(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number): number {
    const slot = this.find(proto, srcIp, srcPort, dstIp, dstPort);
    if (slot < 0) return -1;
    const target = this.targets[slot];
    this.removeSlot(slot);
    return target;
  }

  targetAt(slot: number): number {
    return this.targets[slot];
  }

  dpidAt(slot: number): number {
    return this.dpids[slot];
  }

  pathAt(slot: number): number {
    return this.paths[slot];
  }

  /** Moves a pin onto another path (the shortcut); its target stays. */
  setPath(slot: number, path: number): void {
    this.paths[slot] = path;
  }

  createdAt(slot: number): number {
    return this.created[slot];
  }

  /** Marks a pin as still in use (flow stats, a repeated packet-in). */
  touch(slot: number, nowMs: number): void {
    this.touched[slot] = nowMs;
  }

  /** PIN_DORMANT | PIN_CLOSING bits of a pin. */
  flagsAt(slot: number): number {
    return this.flags[slot];
  }

  setFlags(slot: number, flags: number): void {
    this.flags[slot] = flags;
  }

  touchedAt(slot: number): number {
    return this.touched[slot];
  }

  pinsOfTarget(target: number): number {
    return this.perTarget[target] ?? 0;
  }

  /** Reads a slot into a record (for listing; allocates the record). */
  record(slot: number): PinRecord {
    const ports = this.ports[slot];
    return {
      proto: this.meta[slot] & 0xff,
      srcIp: this.srcIp[slot],
      srcPort: ports >>> 16,
      dstIp: this.dstIp[slot],
      dstPort: ports & 0xffff,
      target: this.targets[slot],
      dpid: this.dpids[slot],
      path: this.paths[slot],
      createdAt: this.created[slot],
      touchedAt: this.touched[slot],
      flags: this.flags[slot],
    };
  }

  /** Used slots, lazily (for very large tables); do not insert or remove while iterating. */
  *slots(): IterableIterator<number> {
    for (let i = 0; i < this.cap; i++) if (this.meta[i] !== EMPTY) yield i;
  }

  /** Calls fn for every used slot; fn must not insert or remove pins. */
  forEachSlot(fn: (slot: number) => void): void {
    for (let i = 0; i < this.cap; i++) if (this.meta[i] !== EMPTY) fn(i);
  }

  /**
   * Removes pins not touched since cutoffMs (only those with all of `flags` set, when
   * given); calls onExpire with each record first.
   */
  expireIdle(cutoffMs: number, onExpire?: (pin: PinRecord) => void, flags = 0): number {
    const victims: number[] = [];
    this.forEachSlot((slot) => {
      if (this.touched[slot] < cutoffMs && (this.flags[slot] & flags) === flags) victims.push(slot);
    });
    // Remove by key, not slot: backward shifting moves later entries into freed slots.
    const records = victims.map((s) => this.record(s));
    for (const r of records) {
      onExpire?.(r);
      this.release(r.proto, r.srcIp, r.srcPort, r.dstIp, r.dstPort);
    }
    return records.length;
  }

  private removeSlot(slot: number): void {
    const target = this.targets[slot];
    this.perTarget[target]--;
    this.count--;
    // Backward-shift deletion: pull later members of the probe run into the hole so
    // lookups never need tombstones.
    let hole = slot;
    let j = slot;
    for (;;) {
      j = (j + 1) & this.mask;
      if (this.meta[j] === EMPTY) break;
      const home = hash5(this.meta[j] & 0xff, this.srcIp[j], this.ports[j], this.dstIp[j]) & this.mask;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (inRange) continue;
      this.copySlot(j, hole);
      hole = j;
    }
    this.meta[hole] = EMPTY;
  }

  private copySlot(from: number, to: number): void {
    this.meta[to] = this.meta[from];
    this.srcIp[to] = this.srcIp[from];
    this.dstIp[to] = this.dstIp[from];
    this.ports[to] = this.ports[from];
    this.targets[to] = this.targets[from];
    this.dpids[to] = this.dpids[from];
    this.paths[to] = this.paths[from];
    this.created[to] = this.created[from];
    this.touched[to] = this.touched[from];
    this.flags[to] = this.flags[from];
  }

  private grow(): void {
    const old = {
      cap: this.cap,
      meta: this.meta,
      srcIp: this.srcIp,
      dstIp: this.dstIp,
      ports: this.ports,
      targets: this.targets,
      dpids: this.dpids,
      paths: this.paths,
      created: this.created,
      touched: this.touched,
      flags: this.flags,
    };
    this.cap *= 2;
    this.mask = this.cap - 1;
    this.allocate(this.cap);
    for (let s = 0; s < old.cap; s++) {
      if (old.meta[s] === EMPTY) continue;
      let i = hash5(old.meta[s] & 0xff, old.srcIp[s], old.ports[s], old.dstIp[s]) & this.mask;
      while (this.meta[i] !== EMPTY) i = (i + 1) & this.mask;
      this.meta[i] = old.meta[s];
      this.srcIp[i] = old.srcIp[s];
      this.dstIp[i] = old.dstIp[s];
      this.ports[i] = old.ports[s];
      this.targets[i] = old.targets[s];
      this.dpids[i] = old.dpids[s];
      this.paths[i] = old.paths[s];
      this.created[i] = old.created[s];
      this.touched[i] = old.touched[s];
      this.flags[i] = old.flags[s];
    }
  }
}
