/**
 * "Did you mean" suggestions for misspelt keys and enum values.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";

/**
 * Edit distance between two strings: the fewest single-character insertions,
 * deletions, substitutions and swaps of neighbours that turn `a` into `b`.
 *
 * @example
 * ```ts
 * import { editDistance } from "./suggest.ts";
 * console.log(editDistance("fromat", "format")); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from(
    { length: a.length + 1 },
    (_, i) => [i, ...Array(b.length).fill(0)],
  );
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `input`, if it is close enough to be a likely typo:
 * equal ignoring case, or within an edit distance of a third of its length
 * (at least 1, at most 3).
 *
 * @example
 * ```ts
 * import { closest } from "./suggest.ts";
 * console.log(closest("replica", ["replicas", "container"])); // "replicas"
 * console.log(closest("xyz", ["replicas"])); // undefined
 * ```
 */
export function closest(
  input: string,
  candidates: Iterable<string>,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const dist = editDistance(lower, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/**
 * A hint of the form `did you mean "x"?`, or undefined when nothing is close.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./suggest.ts";
 * console.log(didYouMean("Rollin", ["Rolling", "Simultaneous"])); // 'did you mean "Rolling"?'
 * ```
 */
export function didYouMean(
  input: string,
  candidates: Iterable<string>,
): string | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : `did you mean ${quote(c)}?`;
}
