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
  return JSON.stringify({
    valid: !hasErrors(diagnostics),
    diagnostics: diagnostics.map(orderedDiagnostic),
  }) + "\n";
}

/**
 * One diagnostic as the JSON report writes it: its keys in the contract's
 * order, `hint` only when there is one, nothing else.
 *
 * @param d The diagnostic.
 * @returns A new object with the same fields.
 *
 * @example
 * ```ts
 * import { orderedDiagnostic } from "./diagnostics_json.ts";
 * import { fileDiagnostic } from "../diagnostics/diagnostic.ts";
 * const d = orderedDiagnostic(fileDiagnostic("a.kat", "required", "empty"));
 * console.log(Object.keys(d).join()); // severity,code,file,line,column,path,message
 * ```
 */
export function orderedDiagnostic(d: Diagnostic): Diagnostic {
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
}
