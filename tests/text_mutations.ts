/**
 * Texts mutated for property tests, at the level of characters (pieces
 * written over them) and of tokens (words, runs of spaces and symbols
 * duplicated, dropped or swapped). The scanner, fast-path and pipeline tests
 * make their mutations here, each with its own pieces and limits.
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
 * import { writtenOver } from "./text_mutations.ts";
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

/**
 * An arbitrary text: one of `texts` cut into words, runs of white space and
 * single symbols, with 1 to `maxEdits` of them duplicated, dropped or
 * swapped with another.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { tokensEdited } from "./text_mutations.ts";
 * const texts = tokensEdited(["a: [1, 2]\n"], { maxEdits: 2 });
 * console.log(typeof fc.sample(texts, 1)[0]); // "string"
 * ```
 */
export function tokensEdited(
  texts: readonly string[],
  { maxEdits }: { maxEdits: number },
): fc.Arbitrary<string> {
  return fc.tuple(
    fc.nat(texts.length - 1),
    fc.array(
      fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("dup", "drop", "swap")),
      { minLength: 1, maxLength: maxEdits },
    ),
  ).map(([which, edits]) => {
    const tokens = texts[which].match(/\w+|\s+|[^\w\s]/g) ?? [];
    for (const [a, b, op] of edits) {
      const i = a % tokens.length;
      const j = b % tokens.length;
      if (op === "dup") tokens.splice(i, 0, tokens[i]);
      else if (op === "drop") tokens.splice(i, 1);
      else [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
    }
    return tokens.join("");
  });
}
