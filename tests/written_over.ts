/**
 * Texts mutated at the level of characters, for property tests: one of
 * `texts`, with pieces written over it at random places, each replacing a
 * few characters after it. The arbitraries of the decoding, fast-path,
 * scanner and pipeline tests are all made here, each with its own pieces
 * and limits.
 *
 * @module
 */
import fc from "fast-check";

/** Limits of {@link writtenOver}. */
export interface WrittenOverOptions {
  /** Most characters one piece replaces after it. */
  maxCut: number;
  /** Most pieces written over one text (at least one is). */
  maxEdits: number;
}

/**
 * An arbitrary text: one of `texts` with 1 to `maxEdits` of `pieces`
 * written over it, each at a random place and replacing up to `maxCut`
 * characters.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { writtenOver } from "./written_over.ts";
 * const texts = writtenOver(["a: 1\n"], ["- ", "#"], { maxCut: 2, maxEdits: 3 });
 * console.log(typeof fc.sample(texts, 1)[0]); // "string"
 * ```
 */
export function writtenOver(
  texts: readonly string[],
  pieces: readonly string[],
  { maxCut, maxEdits }: WrittenOverOptions,
): fc.Arbitrary<string> {
  return fc.tuple(
    fc.nat(texts.length - 1),
    fc.array(fc.tuple(fc.nat(), fc.nat(maxCut), fc.constantFrom(...pieces)), {
      minLength: 1,
      maxLength: maxEdits,
    }),
  ).map(([which, edits]) => {
    let text = texts[which];
    for (const [at, cut, piece] of edits) {
      const p = at % (text.length + 1);
      text = text.slice(0, p) + piece + text.slice(p + cut);
    }
    return text;
  });
}
