/**
 * The first bytes of a stream, however many reads bring them: a pipe may
 * deliver a single byte first.
 *
 * @module
 */

/**
 * What {@link readHead} read.
 *
 * @example
 * ```ts
 * import type { StreamHead } from "./stream_head.ts";
 * const read: StreamHead = {
 *   chunks: [new Uint8Array([0x1f, 0x8b, 8])],
 *   head: new Uint8Array([0x1f, 0x8b]),
 *   done: false,
 * };
 * ```
 */
export interface StreamHead {
  /**
   * Every chunk read, in order, empty ones left out: together they may hold
   * more than the bytes asked for, and the reader goes on after them.
   */
  chunks: Uint8Array[];
  /** The first bytes asked for, joined (fewer only if the stream ended). */
  head: Uint8Array;
  /** Whether the stream ended. */
  done: boolean;
}

/**
 * Reads until `count` bytes are in or the stream ends.
 *
 * @param read Reads the next chunk (a reader's `read`, or one that also
 * stops on a signal); what it throws is thrown.
 * @param count How many bytes to read at least.
 * @returns The chunks read, the first `count` bytes, and whether it ended.
 *
 * @example
 * ```ts
 * import { readHead } from "./stream_head.ts";
 * const reader = new Blob(["abc"]).stream().getReader();
 * const { head, chunks, done } = await readHead(() => reader.read(), 2);
 * console.log(head, chunks.length, done); // Uint8Array(2) [ 97, 98 ] 1 false
 * ```
 */
export async function readHead(
  read: () => Promise<ReadableStreamReadResult<Uint8Array>>,
  count: number,
): Promise<StreamHead> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < count) {
    const r = await read();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    chunks.push(r.value);
    size += r.value.length;
  }
  const head = new Uint8Array(Math.min(size, count));
  let at = 0;
  for (const c of chunks) {
    if (at === head.length) break;
    const part = c.subarray(0, head.length - at);
    head.set(part, at);
    at += part.length;
  }
  return { chunks, head, done };
}
