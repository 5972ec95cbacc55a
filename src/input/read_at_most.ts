/**
 * Reading a whole stream, within a bound.
 *
 * @module
 */

/**
 * Every byte of `chunks` in one array, or undefined as soon as they pass
 * `max` bytes (the rest is not read; a stream left early is cancelled).
 *
 * @example
 * ```ts
 * import { readAtMost } from "./read_at_most.ts";
 * const stream = new Blob(["hello"]).stream();
 * console.log(await readAtMost(stream, 3)); // undefined
 * ```
 */
export async function readAtMost(
  chunks: AsyncIterable<Uint8Array>,
  max: number,
): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > max) return undefined;
    parts.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
