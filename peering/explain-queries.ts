// Queries from a level to the registrants below it, for explaining one connection across
// levels (POST /v1/simulate at the top answers for every level down to the server).
// gRPC calls go from a registrant up, never down, so a registrant that can explain keeps
// a Listen stream open; the level above writes a query on it and the registrant answers
// with a unary Answer call carrying the query's id. This holds the open streams and the
// queries waiting for an answer, each bounded by a timeout.
import type { TimerClock, TimerHandle } from '../controller/clock';
import { refusal, type Refusal } from './refusals';
import type { ExplainQueryMsg, FlowClassifierMsg } from './wire-types';

interface Listener {
  sessionId: string;
  write(q: ExplainQueryMsg): void;
}

interface Waiting {
  id: string;
  resolve(stepsJson: string): void;
  reject(err: Error): void;
  timer: TimerHandle;
}

/** Why a query got no answer; `code` is stable for the API's error. */
export class ExplainQueryError extends Error {
  constructor(
    readonly code: 'NOT_LISTENING' | 'TIMEOUT' | 'FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'ExplainQueryError';
  }
}

/** Bounds the queries one level may have waiting, so a stuck registrant cannot grow memory. */
export const MAX_WAITING_QUERIES = 256;

export class ExplainQueries {
  private readonly listeners = new Map<string, Listener>();
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(private readonly clock: TimerClock) {}

  /**
   * A registrant's stream opened (its session checked by the caller). A newer stream from
   * the same registrant replaces the older. Returns the detach for when the stream ends.
   */
  attach(id: string, sessionId: string, write: (q: ExplainQueryMsg) => void): () => void {
    const listener: Listener = { sessionId, write };
    this.listeners.set(id, listener);
    return () => {
      if (this.listeners.get(id) === listener) this.listeners.delete(id);
    };
  }

  listening(id: string): boolean {
    return this.listeners.has(id);
  }

  /** Asks a registrant to explain a connection; resolves with its steps as JSON. */
  ask(id: string, flow: FlowClassifierMsg, timeoutMs: number): Promise<string> {
    const listener = this.listeners.get(id);
    if (listener === undefined) return Promise.reject(new ExplainQueryError('NOT_LISTENING', `${id} keeps no explain stream open`));
    if (this.waiting.size >= MAX_WAITING_QUERIES) return Promise.reject(new ExplainQueryError('FAILED', `${this.waiting.size} explain queries already waiting`));
    const queryId = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.waiting.delete(queryId);
        reject(new ExplainQueryError('TIMEOUT', `${id} did not explain within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(queryId, { id, resolve, reject, timer });
      try {
        listener.write({ queryId, flow });
      } catch (err) {
        this.clock.clearTimeout(timer);
        this.waiting.delete(queryId);
        reject(new ExplainQueryError('FAILED', `writing to ${id}'s stream failed: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  /** A registrant's Answer: only the registrant asked, on its listening session, may answer. */
  answer(id: string, sessionId: string, queryId: number, stepsJson: string, error: string): Refusal | undefined {
    const w = this.waiting.get(queryId);
    if (w === undefined) return refusal('malformed', `no explain query ${queryId} is waiting (answered late or never asked)`);
    if (w.id !== id || this.listeners.get(id)?.sessionId !== sessionId) return refusal('foreign-flow', `explain query ${queryId} was not asked of ${id} in this session`);
    this.waiting.delete(queryId);
    this.clock.clearTimeout(w.timer);
    if (error !== '') w.reject(new ExplainQueryError('FAILED', `${id} could not explain: ${error.slice(0, 300)}`));
    else w.resolve(stepsJson);
    return undefined;
  }

  /** On shutdown: every waiting query fails, every stream is forgotten. */
  close(): void {
    for (const [queryId, w] of this.waiting) {
      this.clock.clearTimeout(w.timer);
      w.reject(new ExplainQueryError('FAILED', 'the registration service is stopping'));
      this.waiting.delete(queryId);
    }
    this.listeners.clear();
  }
}
