/**
 * An accumulating list of diagnostics for one file, with the field-error
 * vocabulary of Kubernetes: required, invalid, not supported, duplicate,
 * too long, forbidden.
 *
 * @module
 */
import type {
  Diagnostic,
  DiagnosticCode,
  Position,
  Severity,
} from "./diagnostic.ts";
import type { FieldPath } from "./field_path.ts";
import { quote } from "./quote.ts";

/**
 * Finds the source position of a field path. For a path that was not written
 * (a missing or defaulted field) it answers with the nearest written ancestor.
 *
 * @example
 * ```ts
 * import type { Locator } from "./reporter.ts";
 * const atTheStart: Locator = () => ({ line: 1, column: 1 });
 * ```
 */
export type Locator = (path: FieldPath) => Position;

/**
 * Collects diagnostics for one file; checks never stop at the first problem.
 *
 * @example
 * ```ts
 * import { Reporter } from "./reporter.ts";
 * import { FieldPath } from "./field_path.ts";
 * const r = new Reporter("cluster.kat", () => ({ line: 1, column: 1 }));
 * r.required(FieldPath.root().child("spec").child("clusterCIDR"));
 * console.log(r.diagnostics[0].message); // "required field is missing"
 * ```
 */
export class Reporter {
  /** Everything reported so far, in order. */
  readonly diagnostics: Diagnostic[] = [];

  /**
   * Starts an empty list for one file.
   *
   * @param file File name used in every diagnostic.
   * @param locate Turns a field path into a source position.
   */
  constructor(readonly file: string, readonly locate: Locator) {}

  /** Reports a problem of any kind at a path. */
  report(
    severity: Severity,
    code: DiagnosticCode,
    path: FieldPath,
    message: string,
    hint?: string,
  ): void {
    this.reportAt(this.locate(path), severity, code, path, message, hint);
  }

  /** Reports a problem at an explicit position rather than the path's own. */
  reportAt(
    position: Position,
    severity: Severity,
    code: DiagnosticCode,
    path: FieldPath,
    message: string,
    hint?: string,
  ): void {
    const d: Diagnostic = {
      severity,
      code,
      file: this.file,
      line: position.line,
      column: position.column,
      path: path.toString(),
      message,
    };
    if (hint) d.hint = hint;
    this.diagnostics.push(d);
  }

  /** A warning at a path. */
  warning(
    code: DiagnosticCode,
    path: FieldPath,
    message: string,
    hint?: string,
  ): void {
    this.report("warning", code, path, message, hint);
  }

  /**
   * A field that must be written is missing. The default message fits a
   * missing key; `message` replaces it where more must be said.
   */
  required(
    path: FieldPath,
    hint?: string,
    message = "required field is missing",
  ): void {
    this.report("error", "required", path, message, hint);
  }

  /** A value breaks a rule; `detail` says which. */
  invalid(path: FieldPath, detail: string, hint?: string): void {
    this.report("error", "invalid", path, detail, hint);
  }

  /** A value is not one of the accepted ones. */
  notSupported(
    path: FieldPath,
    value: string,
    supported: readonly string[],
    hint?: string,
  ): void {
    this.report(
      "error",
      "not_supported",
      path,
      `unsupported value ${quote(value)}: must be one of ${
        supported.map((s) => JSON.stringify(s)).join(", ")
      }`,
      hint,
    );
  }

  /** A value that must be unique appears again; `first` is its first use. */
  duplicate(path: FieldPath, value: string, first?: FieldPath): void {
    this.report(
      "error",
      "duplicate",
      path,
      `duplicate value ${quote(value)}`,
      first ? `first used at ${first}` : undefined,
    );
  }

  /** A value is longer than allowed. */
  tooLong(path: FieldPath, max: number): void {
    this.report("error", "too_long", path, `must be at most ${max} characters`);
  }

  /** A field that is not allowed here was written. */
  forbidden(path: FieldPath, detail: string, hint?: string): void {
    this.report("error", "forbidden", path, detail, hint);
  }

  /** A reference names something that does not exist. */
  notFound(path: FieldPath, detail: string, hint?: string): void {
    this.report("error", "not_found", path, detail, hint);
  }
}
