// An open-addressing hash table whose keys and values are a few uint32 words, stored
// in one Uint32Array (plus one float per slot for a timestamp). It allocates nothing
// per operation once grown, so 10^5 inserts per second create no garbage: a Map of
// objects at that rate spent most of its time in the garbage collector. It starts
// small and doubles up to the size its bound needs, so idle switches cost little.
//
// Callers write a key into `key` and then call find/insert; slot indexes stay valid
// until the next insert or clear.

/** FNV-style mix of `n` words from `offset`, with a final multiply for the low bits. */
function hashWords(words: Uint32Array, offset: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ words[offset + i], 0x01000193);
    h ^= h >>> 15;
  }
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

const EMPTY = 0;
const USED = 1;
const DELETED = 2;

export class PackedTable {
  /** Scratch key: fill it, then call find() or insert(). */
  readonly key: Uint32Array;
  private words: Uint32Array;
  stamps: Float64Array;
  private readonly stride: number;
  private mask: number;
  private readonly maxCapacity: number;
  count = 0;
  private tombstones = 0;

  constructor(
    private readonly keyWords: number,
    readonly valueWords: number,
    /** Number of live entries this table must hold; it grows to load <= 1/2 for that. */
    maxEntries: number,
  ) {
    let max = 16;
    while (max < maxEntries * 2) max *= 2;
    this.maxCapacity = max;
    const capacity = Math.min(max, 64);
    this.mask = capacity - 1;
    this.stride = 1 + keyWords + valueWords;
    this.words = new Uint32Array(capacity * this.stride);
    this.stamps = new Float64Array(capacity);
    this.key = new Uint32Array(keyWords);
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Hash of the scratch key; pass it to find/insertNew (tables of one shape hash alike). */
  hashKey(): number {
    return hashWords(this.key, 0, this.keyWords);
  }

  private sameKey(base: number): boolean {
    for (let i = 0; i < this.keyWords; i++) if (this.words[base + 1 + i] !== this.key[i]) return false;
    return true;
  }

  /** Slot of `key`, or -1. */
  find(hash: number = this.hashKey()): number {
    let slot = hash & this.mask;
    for (let probes = 0; probes <= this.mask; probes++) {
      const base = slot * this.stride;
      const state = this.words[base];
      if (state === EMPTY) return -1;
      if (state === USED && this.sameKey(base)) return slot;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  /** Slot for `key`: the existing one, or a newly claimed one. */
  insert(hash: number = this.hashKey()): number {
    const found = this.find(hash);
    return found >= 0 ? found : this.insertNew(hash);
  }

  /** Claims a slot for a key the caller knows is absent (saves a probe sequence). */
  insertNew(hash: number = this.hashKey()): number {
    if ((this.count + this.tombstones + 1) * 2 > this.mask + 1 && this.mask + 1 < this.maxCapacity) this.grow();
    let slot = hash & this.mask;
    for (;;) {
      const base = slot * this.stride;
      const state = this.words[base];
      if (state !== USED) {
        if (state === DELETED) this.tombstones--;
        this.words[base] = USED;
        for (let i = 0; i < this.keyWords; i++) this.words[base + 1 + i] = this.key[i];
        this.count++;
        return slot;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  delete(slot: number): void {
    const base = slot * this.stride;
    if (this.words[base] !== USED) return;
    this.words[base] = DELETED;
    this.count--;
    this.tombstones++;
  }

  /** Too many tombstones make probes long; the owner rotates or clears then. */
  get crowded(): boolean {
    return this.count + this.tombstones >= (this.mask + 1) * 0.75;
  }

  keyWord(slot: number, i: number): number {
    return this.words[slot * this.stride + 1 + i];
  }

  value(slot: number, i: number): number {
    return this.words[slot * this.stride + 1 + this.keyWords + i];
  }

  setValue(slot: number, i: number, v: number): void {
    this.words[slot * this.stride + 1 + this.keyWords + i] = v;
  }

  /** Live slots, in storage order. */
  *slots(): IterableIterator<number> {
    for (let slot = 0; slot <= this.mask; slot++) if (this.words[slot * this.stride] === USED) yield slot;
  }

  /** Doubles the capacity and re-places every live entry (dropping tombstones). */
  private grow(): void {
    const oldWords = this.words;
    const oldStamps = this.stamps;
    const oldCapacity = this.mask + 1;
    const capacity = oldCapacity * 2;
    this.words = new Uint32Array(capacity * this.stride);
    this.stamps = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.tombstones = 0;
    for (let old = 0; old < oldCapacity; old++) {
      const from = old * this.stride;
      if (oldWords[from] !== USED) continue;
      let slot = hashWords(oldWords, from + 1, this.keyWords) & this.mask;
      while (this.words[slot * this.stride] === USED) slot = (slot + 1) & this.mask;
      this.words.set(oldWords.subarray(from, from + this.stride), slot * this.stride);
      this.stamps[slot] = oldStamps[old];
    }
  }

  clear(): void {
    this.words.fill(0);
    this.count = 0;
    this.tombstones = 0;
  }
}
