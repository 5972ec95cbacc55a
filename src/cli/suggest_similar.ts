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
 * The candidates closest to `word`, ignoring case: those at the smallest edit
 * distance, if that is at most 3 and leaves more than 40% of the longer word
 * unchanged, in alphabetical order; none when nothing is close. Leading
 * dashes take no part in the comparison (`--form` is compared as `form`), and
 * candidates of one character are never chosen.
 *
 * @example
 * ```ts
 * import { closestWords } from "./suggest_similar.ts";
 * console.log(closestWords("--form", ["--format", "--force", "--files"])); // ["--force", "--format"]
 * ```
 */
export function closestWords(
  word: string,
  candidates: Iterable<string>,
): string[] {
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
  return best.sort();
}

/**
 * A suggestion for {@link closestWords}' choice: one word as it is, a tie as
 * `one of a, b`, nothing as `undefined`.
 *
 * @example
 * ```ts
 * import { formatSuggestion } from "./suggest_similar.ts";
 * console.log(formatSuggestion(["--force", "--format"])); // "one of --force, --format"
 * ```
 */
export function formatSuggestion(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  return words.length === 1 ? words[0] : `one of ${words.join(", ")}`;
}

/**
 * What `word` was probably meant to be among `candidates`: the
 * {@link closestWords}, as {@link formatSuggestion} words them.
 *
 * @example
 * ```ts
 * import { suggestSimilar } from "./suggest_similar.ts";
 * console.log(suggestSimilar("insp", ["validate", "inspect", "pack"])); // "inspect"
 * console.log(suggestSimilar("--form", ["--format", "--force"])); // "one of --force, --format"
 * console.log(suggestSimilar("zzz", ["validate"])); // undefined
 * ```
 */
export function suggestSimilar(
  word: string,
  candidates: Iterable<string>,
): string | undefined {
  return formatSuggestion(closestWords(word, candidates));
}
