// Where the API's document is persisted. The controller store (controller/store) holds
// load tables and pins but offers no general key/value slot, so this small interface is
// the API's own, with an in-memory and a Redis implementation.

export interface StoredState {
  generation: number;
  text: string;
}

export interface ApiStateStore {
  /** The stored document, or undefined when nothing was ever saved. Throws when unreachable. */
  load(): Promise<StoredState | undefined>;
  /**
   * Saves `text` as generation `generation` if the stored generation is still
   * `expected` (undefined: nothing stored yet). Returns false on a lost race; throws
   * when the backend cannot be reached.
   */
  save(text: string, generation: number, expected: number | undefined): Promise<boolean>;
  close(): Promise<void>;
}

/** For an embedded controller and for tests: lives as long as the object. */
export class MemoryApiStateStore implements ApiStateStore {
  private stored: StoredState | undefined;
  /** Set to make the next operations fail as if the backend were down (tests). */
  failing = false;

  async load(): Promise<StoredState | undefined> {
    if (this.failing) throw new Error('memory state store: simulated outage');
    return this.stored;
  }

  async save(text: string, generation: number, expected: number | undefined): Promise<boolean> {
    if (this.failing) throw new Error('memory state store: simulated outage');
    if (this.stored?.generation !== expected) return false;
    this.stored = { generation, text };
    return true;
  }

  async close(): Promise<void> {}
}
