/**
 * A bounded queue between a producer that pushes (an event emitter) and a
 * consumer that pulls (`for await`).
 *
 * @module
 */

/**
 * Events pushed by one side, pulled by the other through an async iterator.
 * More than `limit` unconsumed events make the iteration fail with the error
 * `overflow()` returns; `fail(e)` makes it throw `e` once the events before
 * it are consumed; `end()` finishes it. `onReturn` runs once when the
 * consumer stops (finished, failed or `break`).
 *
 * @example
 * ```ts
 * import { EventQueue } from "./event_queue.ts";
 * const q = new EventQueue<number>({ limit: 10, overflow: () => new Error("full") });
 * q.push(1);
 * q.push(2);
 * q.end();
 * const seen: number[] = [];
 * for await (const n of q) seen.push(n);
 * console.log(seen); // [1, 2]
 * ```
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #error: unknown = undefined;
  #failed = false;
  #ended = false;
  #returned = false;
  #waiter: (() => void) | undefined;
  readonly #limit: number;
  readonly #overflow: () => Error;
  readonly #onReturn: (() => void) | undefined;

  /** A queue holding at most `limit` events. */
  constructor(
    options: { limit: number; overflow: () => Error; onReturn?: () => void },
  ) {
    this.#limit = options.limit;
    this.#overflow = options.overflow;
    this.#onReturn = options.onReturn;
  }

  /** Adds an event (ignored once the queue has ended or failed). */
  push(item: T): void {
    if (this.#ended || this.#failed) return;
    if (this.#items.length >= this.#limit) {
      this.fail(this.#overflow());
      return;
    }
    this.#items.push(item);
    this.#wake();
  }

  /** Ends the iteration with `error` after the events already queued. */
  fail(error: unknown): void {
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    this.#error = error;
    this.#wake();
  }

  /** Ends the iteration after the events already queued. */
  end(): void {
    if (this.#ended || this.#failed) return;
    this.#ended = true;
    this.#wake();
  }

  #wake() {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  #finish() {
    if (this.#returned) return;
    this.#returned = true;
    this.#items = [];
    this.#onReturn?.();
  }

  /** The next event, waiting for one. */
  async next(): Promise<IteratorResult<T>> {
    while (!this.#returned) {
      if (this.#items.length > 0) {
        return { value: this.#items.shift() as T, done: false };
      }
      if (this.#failed) {
        this.#finish();
        throw this.#error;
      }
      if (this.#ended) break;
      await new Promise<void>((resolve) => this.#waiter = resolve);
    }
    this.#finish();
    return { value: undefined, done: true };
  }

  /** Stops the iteration (what `break` calls). */
  return(): Promise<IteratorResult<T>> {
    this.#ended = true;
    this.#finish();
    this.#wake();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The queue is its own iterator. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
