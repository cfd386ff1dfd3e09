// Holds the document in force and applies changes atomically: a change edits a copy,
// the copy is checked as a whole, persisted, and only then put in force. Any failure on
// the way leaves both the running controller and the store as they were. Writes are
// serialized, so two requests never edit from the same stale copy.
import type { Logger } from '../../controller/logger';
import { ApiError, type Problem } from '../errors';
import type { RoutingPort } from '../services';
import { cloneDocument, parseDocument, seedDocument, serializeDocument, toRoutingState, type StateDocument } from './document';
import type { ApiStateStore } from './state-store';

export class StateRepository {
  private doc: StateDocument;
  /** Generation known to be in the store; undefined when nothing is stored or it is unknown. */
  private storedGeneration: number | undefined;
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ApiStateStore,
    private readonly routing: RoutingPort,
    private readonly log?: Logger,
  ) {
    this.doc = seedDocument(routing.current());
  }

  /** The document in force (do not mutate). */
  get current(): StateDocument {
    return this.doc;
  }

  /**
   * Loads the stored document and puts it in force, or stores the seed on a first start.
   * A store that cannot be reached is not fatal: the seed stays in force and the load
   * is retried before the next write.
   */
  async open(): Promise<void> {
    try {
      await this.loadFromStore();
    } catch (err) {
      this.log?.warn({ err }, 'API state store unreachable; serving the config file state until it is back');
    }
  }

  private async loadFromStore(): Promise<void> {
    const stored = await this.store.load();
    if (stored === undefined) {
      // First start (the document is the config seed), or the store lost its data: either
      // way the document in force, with its versions, is what should be stored.
      const seed = this.doc;
      if (await this.store.save(serializeDocument(seed), seed.generation, undefined)) {
        this.storedGeneration = seed.generation;
        this.loaded = true;
        return;
      }
      // Someone else seeded meanwhile: read theirs.
      return this.loadFromStore();
    }
    const doc = parseDocument(stored.text);
    doc.generation = stored.generation;
    const problems = this.routing.check(toRoutingState(doc));
    if (problems.length > 0) {
      // Refusing to start would stop the data path; keeping the config file state is the safer failure.
      this.log?.error({ problems }, 'stored API state is invalid for this controller; keeping the config file state');
      this.storedGeneration = stored.generation;
      this.loaded = true;
      return;
    }
    this.routing.apply(toRoutingState(doc));
    this.doc = doc;
    this.storedGeneration = stored.generation;
    this.loaded = true;
  }

  /**
   * Runs `edit` on a copy of the document; the copy is then checked, saved and put in
   * force. `edit` throws an ApiError to refuse; its result is passed back.
   */
  change<T>(edit: (draft: StateDocument) => T): Promise<T> {
    const run = this.queue.then(() => this.changeNow(edit));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async changeNow<T>(edit: (draft: StateDocument) => T): Promise<T> {
    if (!this.loaded) {
      try {
        await this.loadFromStore();
      } catch {
        throw new ApiError('STORE_UNAVAILABLE', 'the state store is unreachable; nothing was changed');
      }
    }
    const draft = cloneDocument(this.doc);
    // Set before the edit: objects it writes take the new generation as their version,
    // so versions never repeat, even for an id deleted and created again.
    draft.generation = this.doc.generation + 1;
    const result = edit(draft);
    const candidate = toRoutingState(draft);
    const problems = this.routing.check(candidate);
    if (problems.length > 0) {
      const list: Problem[] = problems.map((reason) => ({ field: '', in: 'state', reason }));
      throw new ApiError('INVALID_CHANGE', `the change would leave an invalid configuration: ${problems[0]}`, list);
    }
    let saved: boolean;
    try {
      saved = await this.store.save(serializeDocument(draft), draft.generation, this.storedGeneration);
    } catch (err) {
      this.log?.warn({ err }, 'API state store write failed');
      throw new ApiError('STORE_UNAVAILABLE', 'the state store is unreachable; nothing was changed');
    }
    if (!saved) {
      // Another controller wrote first: catch up with its document before the next write.
      this.loaded = false;
      throw new ApiError('STORE_CONFLICT', 'the stored state was changed by another controller; retry the request');
    }
    this.storedGeneration = draft.generation;
    this.routing.apply(candidate);
    this.doc = draft;
    return result;
  }
}
