/**
 * Reading ahead: items are read, several at a time up to a number of bytes,
 * before what was read is processed, one after another, in order.
 *
 * @module
 */

/** Options of {@link readAhead}. */
export interface ReadAheadOptions<T, R, S> {
  /** Reads one item. */
  read: (item: T) => R;
  /** Bytes a read holds. */
  size: (read: R) => number;
  /** Processes one item with what was read for it. */
  process: (item: T, read: R) => S;
  /**
   * Bytes read ahead at most, past the read that reaches the bound: at least
   * one item is read each time.
   */
  bytes: number;
}

/**
 * Reads items ahead, up to `options.bytes` (past the read that reaches it),
 * then processes the reads, in order; then reads on. With 0 bytes, each item
 * is read and processed before the next is read.
 *
 * @param items The items, in order.
 * @param options How to read and process one, and how far to read ahead.
 * @returns One result per item, in the same order.
 *
 * @example
 * ```ts
 * import { readAhead } from "./read_ahead.ts";
 * const calls: string[] = [];
 * readAhead(["a", "b", "c"], {
 *   read: (x) => (calls.push(`read ${x}`), x.length * 10),
 *   size: (n) => n,
 *   process: (x) => calls.push(`check ${x}`),
 *   bytes: 15,
 * });
 * console.log(calls.join(", ")); // read a, read b, check a, check b, read c, check c
 * ```
 */
export function readAhead<T, R, S>(
  items: readonly T[],
  options: ReadAheadOptions<T, R, S>,
): S[] {
  const results: S[] = [];
  const reads: R[] = [];
  while (results.length < items.length) {
    let bytes = 0;
    let i = results.length;
    do {
      const read = options.read(items[i]);
      bytes += options.size(read);
      reads.push(read);
    } while (++i < items.length && bytes < options.bytes);
    for (const read of reads) {
      results.push(options.process(items[results.length], read));
    }
    reads.length = 0;
  }
  return results;
}
