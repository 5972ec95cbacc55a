/**
 * Colour for terminal output: only on a terminal, never with `NO_COLOR`.
 *
 * @module
 */
import { type Palette, plain } from "../output/diagnostics_text.ts";

/**
 * The palette to use for a stream.
 *
 * @example
 * ```ts
 * import { paletteFor } from "./colour.ts";
 * console.log(paletteFor(false, undefined).error("error")); // "error"
 * ```
 */
export function paletteFor(
  isTerminal: boolean,
  noColor: string | undefined,
): Palette {
  if (!isTerminal || (noColor !== undefined && noColor !== "")) return plain;
  return {
    error: (t) => `\x1b[1;31m${t}\x1b[0m`,
    warning: (t) => `\x1b[1;33m${t}\x1b[0m`,
  };
}
