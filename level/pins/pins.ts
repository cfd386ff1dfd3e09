// Pins as the rest of the system sees them: target, datapath and path by name, claims
// mirrored to the store for a hot spare, listing with filters for the API. The table
// underneath is numeric; this class owns the name <-> handle mapping.

import type { PinMirror } from '../../controller';
import { dpidToHex, parseDpid } from '../../controller';
import { parsePathKey, pathKey, type Path } from '../path';
import { formatFiveTuple, ipv4ToString, parseFiveTuple, type FiveTuple } from '../../controller';
import { Interner } from './interner';
import { NO_PATH, PIN_CLOSING, PIN_DORMANT, PinTable, type PinRecord } from './pin-table';

export interface PinView {
  proto: number;
  client: string;
  clientPort: number;
  vip: string;
  vipPort: number;
  target: string;
  dpid: string;
  /** The path's key (see level/path.ts), or null when the pin records none. */
  path: string | null;
  createdAt: number;
}

/** A prefix as (base, mask) uint32s. */
export interface PrefixMatch {
  base: number;
  mask: number;
}

export interface PinFilter {
  vip?: PrefixMatch;
  client?: PrefixMatch;
  target?: string;
  limit?: number;
}

export interface ClaimResult {
  target: string;
  created: boolean;
  /** The path in force: the one just recorded, or the existing pin's (undefined: none recorded). */
  path: Path | undefined;
}

/** One pin as the packet-in path and reconciliation use it. */
export interface PinEntry {
  readonly record: PinRecord;
  readonly target: string;
  /** The ingress switch the pin was made on. */
  readonly dpid: bigint;
  readonly path: Path | undefined;
  /** PIN_DORMANT (its switch flow idled out) and PIN_CLOSING (a FIN or RST was seen) bits. */
  readonly flags: number;
}

export class Pins {
  readonly table: PinTable;
  private readonly targets = new Interner<string>();
  private readonly dpids = new Interner<bigint>();
  private readonly pathKeys = new Interner<string>();
  /** Path objects by handle, parallel to pathKeys. */
  private readonly pathObjects: Path[] = [];

  /** Null when the mirror has nowhere to copy to: then no key strings are built per claim. */
  private readonly mirror: PinMirror | null;

  constructor(mirror: PinMirror | null = null, initialCapacity = 1024) {
    this.table = new PinTable(initialCapacity);
    this.mirror = mirror !== null && mirror.active ? mirror : null;
    this.mirror?.onRemirrorNeeded(() => this.remirror());
  }

  /** Copies every pin to the mirror again (the shared copy was lost). */
  remirror(): number {
    if (this.mirror === null) return 0;
    const mirror = this.mirror;
    let n = 0;
    this.table.forEachSlot((slot) => {
      const r = this.table.record(slot);
      mirror.claim(formatFiveTuple(r), this.mirrorValueOf(r));
      n++;
    });
    return n;
  }

  get size(): number {
    return this.table.size;
  }

  /** The pinned target of a connection, or undefined. Allocation-free. */
  lookup(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number): string | undefined {
    const slot = this.table.find(proto, srcIp, srcPort, dstIp, dstPort);
    return slot < 0 ? undefined : this.targets.valueOf(this.table.targetAt(slot));
  }

  /**
   * Pins the connection to target unless it is pinned already; either way returns the
   * target in force. Synchronous, so it is atomic within the process; the mirror copy
   * is queued.
   */
  claim(t: FiveTuple, target: string, dpid: bigint, nowMs: number, path?: Path): ClaimResult {
    const pathHandle = path === undefined ? NO_PATH : this.pathHandle(path);
    this.table.claim(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort, this.targets.intern(target), this.dpidHandle(dpid), nowMs, pathHandle);
    const created = this.table.lastClaimCreated;
    if (created) {
      if (this.mirror !== null) this.mirror.claim(formatFiveTuple(t), this.mirrorValue(target, dpid, nowMs, path));
      return { target, created, path };
    }
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    return { target: this.targets.valueOf(this.table.targetAt(slot)), created, path: this.pathAtSlot(slot) };
  }

  /** The pin of a connection with its target and path, or undefined. */
  get(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number): PinEntry | undefined {
    const slot = this.table.find(proto, srcIp, srcPort, dstIp, dstPort);
    if (slot < 0) return undefined;
    const record = this.table.record(slot);
    return { record, target: this.targets.valueOf(record.target), dpid: this.dpids.valueOf(record.dpid), path: this.pathAtSlot(slot), flags: record.flags };
  }

  /** The path a pinned connection uses (undefined: not pinned, or no path recorded). Allocation-free. */
  pathOf(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number): Path | undefined {
    const slot = this.table.find(proto, srcIp, srcPort, dstIp, dstPort);
    return slot < 0 ? undefined : this.pathAtSlot(slot);
  }

  /**
   * Moves a pinned connection onto another path to the same target (the shortcut);
   * false when the connection is not pinned. The mirror copy follows.
   */
  repath(t: FiveTuple, path: Path): boolean {
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (slot < 0) return false;
    const old = this.table.record(slot);
    this.table.setPath(slot, this.pathHandle(path));
    if (this.mirror !== null) {
      const key = formatFiveTuple(t);
      this.mirror.release(key, this.mirrorValueOf(old));
      this.mirror.claim(key, this.mirrorValueOf(this.table.record(slot)));
    }
    return true;
  }

  /** Releases a pin (flow removed, idle); returns the target it had. */
  release(t: FiveTuple): string | undefined {
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (slot < 0) return undefined;
    const target = this.targets.valueOf(this.table.targetAt(slot));
    const value = this.mirror === null ? '' : this.mirrorValueOf(this.table.record(slot));
    this.table.release(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    this.mirror?.release(formatFiveTuple(t), value);
    return target;
  }

  touch(t: FiveTuple, nowMs: number): boolean {
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (slot >= 0) this.table.touch(slot, nowMs);
    return slot >= 0;
  }

  /**
   * The connection's switch flow idled out but the connection may go on: the pin stays
   * (dormant), last seen at lastSeenMs. False when the connection is not pinned.
   */
  markDormant(t: FiveTuple, lastSeenMs: number): boolean {
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (slot < 0) return false;
    this.table.setFlags(slot, this.table.flagsAt(slot) | PIN_DORMANT);
    this.table.touch(slot, lastSeenMs);
    return true;
  }

  /** A packet of the connection came back: its flow goes back on the switch. Returns whether the pin was dormant. */
  wake(t: FiveTuple, nowMs: number): boolean {
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (slot < 0) return false;
    const flags = this.table.flagsAt(slot);
    this.table.setFlags(slot, flags & ~PIN_DORMANT);
    this.table.touch(slot, nowMs);
    return (flags & PIN_DORMANT) !== 0;
  }

  /** A FIN or RST of the connection was seen: the pin ends with its flow. */
  markClosing(t: FiveTuple): boolean {
    const slot = this.table.find(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort);
    if (slot < 0) return false;
    this.table.setFlags(slot, this.table.flagsAt(slot) | PIN_CLOSING);
    return true;
  }

  /** PIN_DORMANT | PIN_CLOSING bits of a pin, or -1 when the connection is not pinned. Allocation-free. */
  flagsOf(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number): number {
    const slot = this.table.find(proto, srcIp, srcPort, dstIp, dstPort);
    return slot < 0 ? -1 : this.table.flagsAt(slot);
  }

  /** Releases dormant pins (no switch flow) last seen before cutoffMs; returns how many. */
  expireDormant(cutoffMs: number): number {
    return this.table.expireIdle(cutoffMs, (r) => {
      this.mirror?.release(formatFiveTuple(r), this.mirrorValueOf(r));
    }, PIN_DORMANT);
  }

  /** Releases pins idle since before cutoffMs; returns how many. */
  expireIdle(cutoffMs: number): number {
    return this.table.expireIdle(cutoffMs, (r) => {
      this.mirror?.release(formatFiveTuple(r), this.mirrorValueOf(r));
    });
  }

  /** Live pins of a target (a drained target keeps its pins until their flows end). */
  countForTarget(target: string): number {
    const h = this.targets.handleOf(target);
    return h < 0 ? 0 : this.table.pinsOfTarget(h);
  }

  /** Every pin with its target and datapath (for re-installing flows after a switch reconnects). */
  forEachPin(fn: (pin: PinRecord, target: string, dpid: bigint) => void): void {
    this.table.forEachSlot((slot) => {
      const r = this.table.record(slot);
      fn(r, this.targets.valueOf(r.target), this.dpids.valueOf(r.dpid));
    });
  }

  /** Pins held for one datapath, lazily, with their targets and paths (reconciling a switch's pinned flows). */
  *pinsOn(dpid: bigint): IterableIterator<PinEntry> {
    const handle = this.dpids.handleOf(dpid);
    if (handle < 0) return;
    for (const slot of this.table.slots()) {
      if (this.table.dpidAt(slot) !== handle) continue;
      const r = this.table.record(slot);
      yield { record: r, target: this.targets.valueOf(r.target), dpid, path: this.pathAtSlot(slot), flags: r.flags };
    }
  }

  /** Age of a pin in ms at nowMs, or -1 when the connection is not pinned. Allocation-free. */
  ageOf(proto: number, srcIp: number, srcPort: number, dstIp: number, dstPort: number, nowMs: number): number {
    const slot = this.table.find(proto, srcIp, srcPort, dstIp, dstPort);
    return slot < 0 ? -1 : nowMs - this.table.createdAt(slot);
  }

  list(filter: PinFilter = {}): PinView[] {
    const out: PinView[] = [];
    const limit = filter.limit ?? Infinity;
    const targetHandle = filter.target === undefined ? undefined : this.targets.handleOf(filter.target);
    if (targetHandle === -1) return out;
    this.table.forEachSlot((slot) => {
      if (out.length >= limit) return;
      const r = this.table.record(slot);
      if (targetHandle !== undefined && r.target !== targetHandle) return;
      if (filter.vip && ((r.dstIp & filter.vip.mask) >>> 0) !== filter.vip.base) return;
      if (filter.client && ((r.srcIp & filter.client.mask) >>> 0) !== filter.client.base) return;
      out.push(this.view(r));
    });
    return out;
  }

  /**
   * Reloads pins mirrored by a previous master (hot-spare takeover, restart); returns how
   * many were new. They come back live (not dormant): a live pin is never swept, and one
   * whose flow is gone becomes dormant at its next idle FLOW_REMOVED.
   */
  restore(entries: ReadonlyMap<string, string>): number {
    let restored = 0;
    for (const [key, value] of entries) {
      const t = parseFiveTuple(key);
      const v = Pins.parseMirrorValue(value);
      if (t === undefined || v === undefined) continue;
      const path = v.path === undefined ? NO_PATH : this.pathHandle(v.path);
      this.table.claim(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort, this.targets.intern(v.target), this.dpidHandle(v.dpid), v.createdAt, path);
      if (this.table.lastClaimCreated) restored++;
    }
    return restored;
  }

  /** The table stores datapaths in 16 bits: far more switches than one SLR drives. */
  private dpidHandle(dpid: bigint): number {
    const h = this.dpids.intern(dpid);
    if (h > 0xffff) throw new RangeError('more than 65536 datapaths hold pins');
    return h;
  }

  private pathHandle(path: Path): number {
    const h = this.pathKeys.intern(pathKey(path));
    if (h === this.pathObjects.length) this.pathObjects.push(path);
    return h;
  }

  private pathAtSlot(slot: number): Path | undefined {
    const h = this.table.pathAt(slot);
    return h === NO_PATH ? undefined : this.pathObjects[h];
  }

  private view(r: PinRecord): PinView {
    return {
      proto: r.proto,
      client: ipv4ToString(r.srcIp),
      clientPort: r.srcPort,
      vip: ipv4ToString(r.dstIp),
      vipPort: r.dstPort,
      target: this.targets.valueOf(r.target),
      dpid: dpidToHex(this.dpids.valueOf(r.dpid)),
      path: r.path === NO_PATH ? null : this.pathKeys.valueOf(r.path),
      createdAt: r.createdAt,
    };
  }

  private mirrorValueOf(r: PinRecord): string {
    return this.mirrorValue(this.targets.valueOf(r.target), this.dpids.valueOf(r.dpid), r.createdAt, r.path === NO_PATH ? undefined : this.pathObjects[r.path]);
  }

  /** "target dpid createdAt [path]": the path (with no spaces) is absent in entries from before paths. */
  private mirrorValue(target: string, dpid: bigint, createdAt: number, path: Path | undefined): string {
    const base = `${target} ${dpidToHex(dpid)} ${createdAt}`;
    return path === undefined ? base : `${base} ${pathKey(path)}`;
  }

  private static parseMirrorValue(value: string): { target: string; dpid: bigint; createdAt: number; path?: Path } | undefined {
    // Split from the end: the last fields are fixed-format, the target id is the rest.
    const parts = value.split(' ');
    let path: Path | undefined;
    if (parts.length >= 4 && !/^[0-9.]+$/.test(parts[parts.length - 1])) {
      path = parsePathKey(parts.pop()!);
      if (path === undefined) return undefined;
    }
    if (parts.length < 3) return undefined;
    const createdAt = Number(parts[parts.length - 1]);
    const dpid = parseDpid(parts[parts.length - 2]);
    const target = parts.slice(0, -2).join(' ');
    if (dpid === undefined || !Number.isFinite(createdAt) || target === '') return undefined;
    return { target, dpid, createdAt, path };
  }
}
