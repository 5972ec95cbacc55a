/**
 * Uniformly random text over a small alphabet, from the system's CSPRNG.
 *
 * @module
 */

/**
 * Fills a byte array with random bytes; `crypto.getRandomValues` by default.
 *
 * @example
 * ```ts
 * import type { RandomFill } from "./random_text.ts";
 * const fill: RandomFill = (bytes) => crypto.getRandomValues(bytes);
 * ```
 */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

/**
 * `length` characters each drawn uniformly from `alphabet` (at most 256
 * characters). Bytes at or above the largest multiple of the alphabet's size
 * are thrown away and drawn again (rejection sampling), so that `byte % size`
 * favours no character.
 *
 * @param length How many characters.
 * @param alphabet The characters to draw from.
 * @param fill The source of random bytes. Default: `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * import { randomText } from "./random_text.ts";
 * console.log(/^[ab]{8}$/.test(randomText(8, "ab"))); // true
 * ```
 */
export function randomText(
  length: number,
  alphabet: string,
  fill: RandomFill = (bytes) => crypto.getRandomValues(bytes),
): string {
  const size = alphabet.length;
  if (size < 1 || size > 256) {
    throw new RangeError(`an alphabet of ${size} characters`);
  }
  const limit = 256 - (256 % size);
  let text = "";
  while (text.length < length) {
    // getRandomValues gives at most 65536 bytes a call.
    const bytes = fill(
      new Uint8Array(Math.min(length - text.length + 8, 4096)),
    );
    for (const byte of bytes) {
      if (byte >= limit) continue;
      text += alphabet[byte % size];
      if (text.length === length) break;
    }
  }
  return text;
}
