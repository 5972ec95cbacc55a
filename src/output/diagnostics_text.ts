/**
 * The text form of diagnostics: `FILE:LINE:COL: error: PATH: MESSAGE (hint: …)`,
 * exactly one line each: control characters in every part are escaped, so no
 * file name, key or value can forge a line or drive a terminal.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { escapeControl } from "../diagnostics/quote.ts";

/**
 * Colours for the severity word; identity functions when colour is off.
 *
 * @example
 * ```ts
 * import type { Palette } from "@kat/toolkit";
 * const loud: Palette = { error: (t) => t.toUpperCase(), warning: (t) => t };
 * ```
 */
export interface Palette {
  /** Paints "error". */
  error(text: string): string;
  /** Paints "warning". */
  warning(text: string): string;
}

/**
 * A palette that leaves text as it is.
 *
 * @example
 * ```ts
 * import { plain } from "@kat/toolkit";
 * console.log(plain.error("error")); // "error"
 * ```
 */
export const plain: Palette = { error: (t) => t, warning: (t) => t };

/**
 * One diagnostic as one line of text (without the newline).
 *
 * @param d The diagnostic.
 * @param palette Colours for the severity word (default: none).
 * @returns One line, without its newline.
 *
 * @example
 * ```ts
 * import { formatDiagnostic } from "@kat/toolkit";
 * console.log(formatDiagnostic({
 *   severity: "error", code: "invalid", file: "cluster.kat", line: 7, column: 16,
 *   path: "spec.agentPort", message: "must be between 1 and 65535",
 * }));
 * // "cluster.kat:7:16: error: spec.agentPort: must be between 1 and 65535"
 * ```
 */
export function formatDiagnostic(
  d: Diagnostic,
  palette?: Palette,
): string {
  palette ??= plain;
  const path = d.path ? `${escapeControl(d.path)}: ` : "";
  const hint = d.hint ? ` (hint: ${escapeControl(d.hint)})` : "";
  return `${escapeControl(d.file)}:${d.line}:${d.column}: ${
    palette[d.severity](d.severity)
  }: ${path}${escapeControl(d.message)}${hint}`;
}

/**
 * Every diagnostic, one per line, each line ending in a newline.
 *
 * @param diagnostics The diagnostics.
 * @param palette Colours for the severity words (default: none).
 * @returns The lines, each ending in a newline.
 *
 * @example
 * ```ts
 * import { formatDiagnosticsText } from "@kat/toolkit";
 * console.log(formatDiagnosticsText([])); // ""
 * ```
 */
export function formatDiagnosticsText(
  diagnostics: readonly Diagnostic[],
  palette?: Palette,
): string {
  return diagnostics.map((d) => formatDiagnostic(d, palette) + "\n").join("");
}
