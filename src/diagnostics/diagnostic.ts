/**
 * Diagnostics: what a check found, where, and how to fix it.
 *
 * @module
 */

/**
 * How bad a problem is: errors make input invalid, warnings do not.
 *
 * @example
 * ```ts
 * import type { Severity } from "@kat/toolkit";
 * const s: Severity = "warning";
 * ```
 */
export type Severity = "error" | "warning";

/**
 * A 1-based line and column in a source file.
 *
 * @example
 * ```ts
 * import type { Position } from "@kat/toolkit";
 * const start: Position = { line: 1, column: 1 };
 * ```
 */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/**
 * One problem found in the input.
 *
 * @example
 * ```ts
 * import type { Diagnostic } from "@kat/toolkit";
 * const d: Diagnostic = {
 *   severity: "error",
 *   file: "workload.kat",
 *   line: 9,
 *   column: 13,
 *   path: "spec.replicas",
 *   message: "must be at least 0",
 * };
 * ```
 */
export interface Diagnostic {
  /** `error` or `warning`. */
  severity: Severity;
  /** File name; for an archive member `archive.tar.gz:member.kat`. */
  file: string;
  /** 1-based line of the offending node (of its parent mapping when missing). */
  line: number;
  /** 1-based column of the offending node. */
  column: number;
  /** Field path such as `spec.container.env[2].name`; empty for the document. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it, when there is something useful to say. */
  hint?: string;
}

/**
 * Whether any diagnostic is an error.
 *
 * @example
 * ```ts
 * import { hasErrors } from "./diagnostic.ts";
 * console.log(hasErrors([])); // false
 * ```
 */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Orders diagnostics by file, line, column, then path, keeping the order of
 * equal ones. Returns a new array.
 *
 * @example
 * ```ts
 * import { sortDiagnostics } from "./diagnostic.ts";
 * const d = { severity: "error" as const, file: "a.kat", path: "", message: "x" };
 * const sorted = sortDiagnostics([{ ...d, line: 2, column: 1 }, { ...d, line: 1, column: 5 }]);
 * console.log(sorted[0].line); // 1
 * ```
 */
export function sortDiagnostics(
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return [...diagnostics].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line ||
      a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}
