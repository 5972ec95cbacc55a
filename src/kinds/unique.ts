/**
 * Uniqueness checks for lists.
 *
 * @module
 */
import type { FieldPath } from "../diagnostics/field_path.ts";
import type { Reporter } from "../diagnostics/reporter.ts";

/**
 * Reports every item whose key was already used by an earlier item. Items
 * without a key (undefined) are skipped.
 *
 * @example
 * ```ts
 * import { reportDuplicates } from "./unique.ts";
 * import { Reporter } from "../diagnostics/reporter.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const r = new Reporter("x.kat", () => ({ line: 1, column: 1 }));
 * const env = FieldPath.root().child("env");
 * reportDuplicates(["A", "B", "A"], (n) => n, (i) => env.index(i).child("name"), r);
 * console.log(r.diagnostics[0].path); // "env[2].name"
 * ```
 */
export function reportDuplicates<T>(
  items: readonly T[] | undefined,
  key: (item: T) => string | undefined,
  path: (index: number) => FieldPath,
  reporter: Reporter,
  describe: (key: string) => string = (k) => k,
): void {
  if (items === undefined || items.length < 2) return;
  // The keys so far, by index: a short list is searched, a long one hashed.
  const keys: (string | undefined)[] = [];
  const first = items.length > 16 ? new Map<string, number>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]);
    keys.push(k);
    if (k === undefined) continue;
    let earlier: number | undefined;
    if (first === undefined) {
      const j = keys.indexOf(k);
      if (j < i) earlier = j;
    } else {
      earlier = first.get(k);
      if (earlier === undefined) first.set(k, i);
    }
    if (earlier !== undefined) {
      reporter.duplicate(path(i), describe(k), path(earlier));
    }
  }
}
