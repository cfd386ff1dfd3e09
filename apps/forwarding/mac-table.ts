// Learned MAC -> port for one switch, bounded: a Map keeps insertion order, so
// re-inserting on every learn makes the first key the least recently learned one.

interface MacEntry {
  port: number;
  seenAt: number;
}

export type LearnResult = 'new' | 'moved' | 'refreshed';

export class MacTable {
  private readonly entries = new Map<number, MacEntry>();
  evictions = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  learn(mac: number, port: number, now: number): LearnResult {
    const old = this.entries.get(mac);
    if (old) {
      this.entries.delete(mac);
      const result: LearnResult = old.port === port ? 'refreshed' : 'moved';
      old.port = port;
      old.seenAt = now;
      this.entries.set(mac, old);
      return result;
    }
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
        this.evictions++;
      }
    }
    this.entries.set(mac, { port, seenAt: now });
    return 'new';
  }

  /** The port a MAC was learned on, if learned and not aged out. */
  lookup(mac: number, now: number): number | undefined {
    const e = this.entries.get(mac);
    if (!e) return undefined;
    if (now - e.seenAt > this.maxAgeMs) {
      this.entries.delete(mac);
      return undefined;
    }
    return e.port;
  }

  /** Forgets every MAC on a port; returns how many. */
  forgetPort(port: number): number {
    let n = 0;
    for (const [mac, e] of this.entries) {
      if (e.port === port) {
        this.entries.delete(mac);
        n++;
      }
    }
    return n;
  }
}
