/**
 * "Did you mean" for command lines: more generous than the suggestions for
 * manifest keys, because a command line is short and retyped at once.
 *
 * @module
 */
import { editDistance } from "../diagnostics/suggest.ts";

/** At most this many edits separate a typo from its suggestion. */
const MAX_EDITS = 3;
/** More than this share of the longer word must survive the edits. */
const MIN_SIMILARITY = 0.4;

/**
 * What `word` was probably meant to be among `candidates`, ignoring case: the
 * candidates at the smallest edit distance, if that is at most 3 and leaves
 * more than 40% of the longer word unchanged. One candidate is returned as is;
 * a tie as `one of a, b` in alphabetical order; nothing close as `undefined`.
 * Leading dashes take no part in the comparison (`--form` is compared as
 * `form`), and candidates of one character are never suggested.
 *
 * @example
 * ```ts
 * import { suggestSimilar } from "./suggest.ts";
 * console.log(suggestSimilar("insp", ["validate", "inspect", "pack"])); // "inspect"
 * console.log(suggestSimilar("--form", ["--format", "--force"])); // "one of --force, --format"
 * console.log(suggestSimilar("zzz", ["validate"])); // undefined
 * ```
 */
export function suggestSimilar(
  word: string,
  candidates: Iterable<string>,
): string | undefined {
  const bare = (s: string) => s.replace(/^-+/, "").toLowerCase();
  const typed = bare(word);
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const candidate of new Set(candidates)) {
    const name = bare(candidate);
    if (name.length <= 1) continue;
    const distance = editDistance(typed, name);
    const length = Math.max(typed.length, name.length);
    if (distance > MAX_EDITS) continue;
    if ((length - distance) / length <= MIN_SIMILARITY) continue;
    if (distance < bestDistance) {
      best = [candidate];
      bestDistance = distance;
    } else if (distance === bestDistance) {
      best.push(candidate);
    }
  }
  if (best.length === 0) return undefined;
  best.sort();
  return best.length === 1 ? best[0] : `one of ${best.join(", ")}`;
}
