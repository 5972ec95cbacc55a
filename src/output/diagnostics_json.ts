/**
 * The JSON form of diagnostics:
 * `{"valid": bool, "diagnostics": [{severity, code, file, line, column, path, message, hint?}]}`.
 *
 * @module
 */
import { type Diagnostic, hasErrors } from "../diagnostics/diagnostic.ts";

/**
 * The JSON report, with a trailing newline. Keys appear in the contract's order.
 *
 * @param diagnostics The diagnostics.
 * @returns The JSON text, with a final newline.
 *
 * @example
 * ```ts
 * import { formatDiagnosticsJson } from "@kat/toolkit";
 * console.log(formatDiagnosticsJson([]));
 * // {"valid":true,"diagnostics":[]}
 * ```
 */
export function formatDiagnosticsJson(
  diagnostics: readonly Diagnostic[],
): string {
  const ordered = diagnostics.map((d) => {
    const o: Diagnostic = {
      severity: d.severity,
      code: d.code,
      file: d.file,
      line: d.line,
      column: d.column,
      path: d.path,
      message: d.message,
    };
    if (d.hint !== undefined) o.hint = d.hint;
    return o;
  });
  return JSON.stringify({
    valid: !hasErrors(diagnostics),
    diagnostics: ordered,
  }) + "\n";
}
