// Holds the document in force and applies changes atomically: a change edits a copy,
// the copy is checked as a whole, persisted, and only then put in force. Any failure on
// the way leaves both the running controller and the store as they were. Writes are
// serialized, so two requests never edit from the same stale copy.
import type { Logger } from '../../controller/logger';
import { ApiError, type Problem } from '../errors';
import type { RoutingPort } from '../services';
import { cloneDocument, mergeDocuments, parseDocument, seedDocument, serializeDocument, syncDocument, toRoutingState, type StateDocument } from './document';
import type { ApiStateStore } from './state-store';

export class StateRepository {
  private doc: StateDocument;
  /** Generation known to be in the store; undefined when nothing is stored or it is unknown. */
  private storedGeneration: number | undefined;
  private loaded = false;
  /** routing.revision() when the document last matched the state in force. */
  private seenRevision: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ApiStateStore,
    private readonly routing: RoutingPort,
    private readonly log?: Logger,
  ) {
    this.doc = seedDocument(routing.current());
    this.seenRevision = routing.revision();
  }

  /**
   * The document in force (do not mutate). State changed outside the API (a server
   * agent registering) is folded in first, with new versions for what it changed; it is
   * persisted with the next write.
   */
  get current(): StateDocument {
    const revision = this.routing.revision();
    if (revision !== this.seenRevision) {
      this.doc = syncDocument(this.doc, this.routing.current());
      this.seenRevision = revision;
    }
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

  /** Picks up a newer document another controller stored (a hot spare calls this periodically). */
  refresh(): Promise<void> {
    return this.serialized(async () => {
      const stored = await this.store.load();
      // Nothing stored though something was: the store lost its data (Redis restarted
      // empty). loadFromStore stores the document in force again.
      if (stored === undefined ? this.storedGeneration !== undefined : stored.generation !== this.storedGeneration) await this.loadFromStore();
    });
  }

  private async loadFromStore(): Promise<void> {
    const stored = await this.store.load();
    if (stored === undefined) {
      // First start (the document is the config seed), or the store lost its data: either
      // way the document in force, with its versions, is what should be stored.
      const seed = this.current;
      if (await this.store.save(serializeDocument(seed), seed.generation, undefined)) {
        this.storedGeneration = seed.generation;
        this.loaded = true;
        return;
      }
      // Someone else seeded meanwhile: read theirs.
      return this.loadFromStore();
    }
    let doc: StateDocument | undefined;
    let problems: string[];
    try {
      doc = parseDocument(stored.text);
      doc.generation = stored.generation;
      problems = this.routing.check(toRoutingState(doc));
    } catch (err) {
      // A corrupt document is treated like an invalid one: the next write replaces it.
      problems = [`unreadable: ${err instanceof Error ? err.message : String(err)}`];
    }
    this.storedGeneration = stored.generation;
    this.loaded = true;
    if (doc === undefined || problems.length > 0) {
      // Refusing to start would stop the data path; keeping the config file state is the safer failure.
      this.log?.error({ problems }, 'stored API state is invalid for this controller; keeping the config file state');
      return;
    }
    this.routing.apply(toRoutingState(doc));
    this.doc = doc;
    this.seenRevision = this.routing.revision();
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `edit` on a copy of the document; the copy is then checked, saved and put in
   * force. `edit` throws an ApiError to refuse; its result is passed back.
   */
  change<T>(edit: (draft: StateDocument) => T): Promise<T> {
    return this.serialized(() => this.changeNow(edit));
  }

  private async changeNow<T>(edit: (draft: StateDocument) => T, afterDataLoss = false): Promise<T> {
    if (!this.loaded) {
      try {
        await this.loadFromStore();
      } catch {
        throw new ApiError('STORE_UNAVAILABLE', 'the state store is unreachable; nothing was changed');
      }
    }
    const base = this.current;
    const draft = cloneDocument(base);
    // Set before the edit: objects it writes take the new generation as their version,
    // so versions never repeat, even for an id deleted and created again.
    // Past the stored generation too, which may be ahead (a document that was not applied).
    draft.generation = Math.max(base.generation, this.storedGeneration ?? 0) + 1;
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
      // Nothing stored at all: not another controller's write but a store that lost its
      // data (Redis restarted empty). The document is whole, so write it as the first one.
      if (!afterDataLoss && (await this.store.load().catch(() => null)) === undefined) {
        this.log?.warn({ lostGeneration: this.storedGeneration }, 'API state store lost its data; storing the state in force again');
        this.storedGeneration = undefined;
        return this.changeNow(edit, true);
      }
      // Another controller wrote first: catch up with its document before the next write.
      this.loaded = false;
      throw new ApiError('STORE_CONFLICT', 'the stored state was changed by another controller; retry the request');
    }
    this.storedGeneration = draft.generation;
    let next = draft;
    if (this.routing.revision() !== this.seenRevision) {
      // Something outside the API (a registering agent) changed the state while the save
      // was in flight: keep its changes where this edit did not touch the same object.
      // The store gets them with the next write.
      const merged = mergeDocuments(base, draft, syncDocument(base, this.routing.current()));
      if (this.routing.check(toRoutingState(merged)).length === 0) next = merged;
      else this.log?.warn({}, 'a change made outside the API during a write conflicts with it; the API write wins');
    }
    this.routing.apply(toRoutingState(next));
    this.doc = next;
    this.seenRevision = this.routing.revision();
    return result;
  }
}
