/**
 * Columns of text aligned as `kubectl get` aligns them.
 *
 * @module
 */

/** Spaces between two columns, at the least. */
const GAP = 2;

/**
 * `rows` (the first being the header) as lines of columns, each column as
 * wide as its widest cell plus two spaces, the last one not padded; every
 * line ends with a newline. Widths count code points.
 *
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * console.log(formatTable([["NAME", "STATUS"], ["node-1", "Ready"]]));
 * // NAME    STATUS
 * // node-1  Ready
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const length = (s: string) => [...s].length;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, length(cell));
    });
  }
  return rows.map((row) =>
    row.map((cell, i) =>
      i === row.length - 1
        ? cell
        : cell + " ".repeat(widths[i] - length(cell) + GAP)
    ).join("") + "\n"
  ).join("");
}
