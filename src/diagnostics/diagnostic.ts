/**
 * Diagnostics: what a check found, where, and how to fix it.
 *
 * @module
 */
import type { ArchiveErrorCode } from "../archive/archive_error.ts";

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
 * What kind of problem a field has, in the vocabulary of Kubernetes' field
 * errors:
 *
 * - `required`: a value that must be written is missing;
 * - `invalid`: a value breaks a rule of its own or against another field;
 * - `forbidden`: a value that must not be written here;
 * - `not_supported`: a value outside a closed list (an enum, a kind);
 * - `duplicate`: a value that must be unique appears again;
 * - `too_long`: a value over its length limit;
 * - `type`: a value of the wrong YAML type (a string for an integer, …);
 * - `unknown_field`: a key the resource does not have;
 * - `not_found`: a reference to something that does not exist (a mount
 *   naming no volume).
 *
 * @example
 * ```ts
 * import type { FieldErrorCode } from "@kat/toolkit";
 * const code: FieldErrorCode = "required";
 * ```
 */
export type FieldErrorCode =
  | "required"
  | "invalid"
  | "forbidden"
  | "not_supported"
  | "duplicate"
  | "too_long"
  | "type"
  | "unknown_field"
  | "not_found";

/**
 * The stable code of a diagnostic: a {@link FieldErrorCode}, or
 *
 * - `yaml`: the text is not the YAML a `.kat` file holds (syntax, several
 *   documents, unknown tags, aliases, nesting);
 * - `encoding`: the bytes are not UTF-8 text;
 * - `unreadable`: a file or directory cannot be read, or is not one that is
 *   read (a device, a FIFO, a link out of its directory, over a size limit);
 * - `ignored`: something was skipped (a file not ending in `.kat`, a
 *   subdirectory of a quadlet);
 * - `unused`: something declared and never used (a volume no container
 *   mounts);
 * - `archive.<reason>`: an archive is refused; the reason is the
 *   `ArchiveError`'s code.
 *
 * Codes are part of the JSON output and never change meaning; messages may be
 * reworded.
 *
 * @example
 * ```ts
 * import type { DiagnosticCode } from "@kat/toolkit";
 * const codes: DiagnosticCode[] = ["yaml", "archive.unsafe_path"];
 * ```
 */
export type DiagnosticCode =
  | FieldErrorCode
  | "yaml"
  | "encoding"
  | "unreadable"
  | "ignored"
  | "unused"
  | `archive.${ArchiveErrorCode}`;

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
 *   code: "invalid",
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
  /** What kind of problem this is; stable, unlike the message. */
  code: DiagnosticCode;
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
 * @param diagnostics The diagnostics.
 * @returns Whether one of them is an error.
 *
 * @example
 * ```ts
 * import { hasErrors } from "@kat/toolkit";
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
 * @param diagnostics The diagnostics.
 * @returns A sorted copy.
 *
 * @example
 * ```ts
 * import { sortDiagnostics } from "@kat/toolkit";
 * const d = { severity: "error" as const, code: "invalid" as const, file: "a.kat", path: "", message: "x" };
 * const sorted = sortDiagnostics([{ ...d, line: 2, column: 1 }, { ...d, line: 1, column: 5 }]);
 * console.log(sorted[0].line); // 1
 * ```
 */
export function sortDiagnostics(
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  if (diagnostics.length < 2) return [...diagnostics];
  return [...diagnostics].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line ||
      a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

/**
 * A diagnostic about a whole file, directory or archive rather than a node in
 * it: at line 1, column 1, with an empty path. Options: `severity` (default
 * `error`) and `hint` (default none).
 *
 * @example
 * ```ts
 * import { fileDiagnostic } from "./diagnostic.ts";
 * const d = fileDiagnostic("app/notes.txt", "ignored", "not a .kat file; ignored", {
 *   severity: "warning",
 * });
 * console.log(d.line, d.column, d.path); // 1 1 ""
 * ```
 */
export function fileDiagnostic(
  file: string,
  code: DiagnosticCode,
  message: string,
  options: { severity?: Severity; hint?: string } = {},
): Diagnostic {
  const d: Diagnostic = {
    severity: options.severity ?? "error",
    code,
    file,
    line: 1,
    column: 1,
    path: "",
    message,
  };
  if (options.hint) d.hint = options.hint;
  return d;
}
