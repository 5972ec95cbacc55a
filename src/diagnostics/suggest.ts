/**
 * "Did you mean" suggestions for misspelt keys and enum values.
 *
 * @module
 */
import { quote } from "./quote.ts";

/**
 * Edit distance between two strings: the fewest single-character insertions,
 * deletions, substitutions and swaps of neighbours that turn `a` into `b`.
 * With `limit`, any distance above it is answered as `limit + 1` without
 * computing it, so a long input costs time linear in its length and no more
 * memory than the shorter string.
 *
 * @example
 * ```ts
 * import { editDistance } from "./suggest.ts";
 * console.log(editDistance("fromat", "format")); // 1
 * console.log(editDistance("a".repeat(100000), "format", 3)); // 4
 * ```
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows suffice: the swap of neighbours looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2] + 1);
      }
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[b.length], limit + 1);
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
    const dist = editDistance(lower, c.toLowerCase(), 3);
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
