/**
 * Positions in a text: character offsets to 1-based lines and columns.
 *
 * @module
 */
import type { Position } from "../diagnostics/diagnostic.ts";

/**
 * The start of every line of a text, for turning offsets (UTF-16 code units,
 * as JavaScript strings count) into positions. Lines end at `\n`, `\r\n` or
 * a lone `\r`, as in YAML; columns count Unicode code points from 1.
 *
 * @example
 * ```ts
 * import { LineIndex } from "./line_index.ts";
 * const lines = new LineIndex("a: 1\r\nb: 🚀x\rc: 3");
 * console.log(lines.position(9)); // { line: 2, column: 4 }
 * console.log(lines.position(12)); // { line: 3, column: 1 }
 * ```
 */
export class LineIndex {
  /** Offset of the first character of each line, found on first use. */
  #lineStarts?: number[];

  /**
   * Indexes `text`; nothing is computed until a position is asked for, which
   * a valid file never needs.
   *
   * @param text The whole text.
   */
  constructor(readonly text: string) {}

  get #starts(): number[] {
    if (this.#lineStarts) return this.#lineStarts;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#lineStarts = starts;
    return starts;
  }

  /** The number of lines (a final line break starts an empty last line). */
  get lineCount(): number {
    return this.#starts.length;
  }

  /**
   * The position of an offset; offsets past the end are clamped to the end.
   */
  position(offset: number): Position {
    const starts = this.#starts;
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    const start = starts[lo];
    let column = at - start + 1;
    for (let i = start; i < at; i++) {
      const c = this.text.charCodeAt(i);
      // A surrogate pair is one code point.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < at) {
        const d = this.text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          column--;
          i++;
        }
      }
    }
    return { line: lo + 1, column };
  }

  /**
   * The position of the last character that is not a line break, or 1:1 for
   * a text of nothing else: where a problem "at the end" is shown, so that it
   * never points past the last line.
   */
  endPosition(): Position {
    let end = this.text.length;
    while (end > 0) {
      const c = this.text.charCodeAt(end - 1);
      if (c !== 10 && c !== 13) break;
      end--;
    }
    return this.position(Math.max(0, end - 1));
  }
}
