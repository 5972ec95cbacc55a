/**
 * A validation report as the output formats see it: what was checked, target
 * by target and file by file, what was found, and the totals.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";

/**
 * One thing named on the command line, or found by walking a tree: a quadlet
 * directory, an archive, standard input, or a path that could not be taken.
 *
 * @example
 * ```ts
 * import type { ReportTarget } from "./report.ts";
 * const t: ReportTarget = {
 *   name: "examples/web-service",
 *   files: ["examples/web-service/VirtualLoadBalancer.kat", "examples/web-service/workload.kat"],
 *   diagnostics: [],
 * };
 * ```
 */
export interface ReportTarget {
  /** The directory, archive or file as the user sees it. */
  name: string;
  /**
   * Every file the target's diagnostics may name and every `.kat` file it
   * holds, sorted: one test case each in JUnit and TAP.
   */
  files: string[];
  /** What was found, sorted by file and position. */
  diagnostics: Diagnostic[];
  /**
   * The archive's name when the target is an archive (or one on standard
   * input): its members are named `ARCHIVE:MEMBER` in diagnostics.
   */
  archive?: string;
}

/**
 * The totals of a run, as `--summary` prints them.
 *
 * @example
 * ```ts
 * import type { ReportSummary } from "./report.ts";
 * const s: ReportSummary = { files: 2, resources: 2, errors: 0, warnings: 1 };
 * ```
 */
export interface ReportSummary {
  /** `.kat` files checked. */
  files: number;
  /** Resources decoded from them. */
  resources: number;
  /** Errors found. */
  errors: number;
  /** Warnings found (counted even where `--quiet` leaves them out). */
  warnings: number;
}

/**
 * A whole run.
 *
 * @example
 * ```ts
 * import type { Report } from "./report.ts";
 * const r: Report = {
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [],
 *   summary: { files: 0, resources: 0, errors: 0, warnings: 0 },
 * };
 * ```
 */
export interface Report {
  /** The tool that checked. */
  tool: { name: string; version: string };
  /** What was checked, in the order of the command line and the walk. */
  targets: ReportTarget[];
  /** The totals. */
  summary: ReportSummary;
  /**
   * Set when the warnings are more than `--max-warnings` allows, which fails
   * the run: JUnit and TAP then hold one more failing case that says so.
   */
  tooManyWarnings?: { max: number; found: number };
}

/**
 * Where a diagnostic of a target lies: the file on disk, and for an archive
 * member the member's name inside it.
 *
 * @example
 * ```ts
 * import { locate } from "./report.ts";
 * const d = { severity: "error" as const, code: "invalid" as const, file: "app.tgz:workload.kat", line: 1, column: 1, path: "", message: "x" };
 * console.log(locate({ name: "app.tgz", files: [], diagnostics: [d], archive: "app.tgz" }, d));
 * // { file: "app.tgz", member: "workload.kat" }
 * ```
 */
export function locate(
  target: ReportTarget,
  d: Diagnostic,
): { file: string; member?: string } {
  const a = target.archive;
  if (a !== undefined && d.file.startsWith(`${a}:`)) {
    return { file: a, member: d.file.slice(a.length + 1) };
  }
  return { file: d.file };
}

/**
 * `1 file`, `2 files`: a count with its noun, singular for one.
 *
 * @example
 * ```ts
 * import { plural } from "./report.ts";
 * console.log(plural(1, "file"), plural(0, "warning")); // "1 file" "0 warnings"
 * ```
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * The `--summary` line, without a newline:
 * `Summary: 8 files, 9 resources, 0 errors, 1 warning`.
 *
 * @example
 * ```ts
 * import { summaryLine } from "./report.ts";
 * console.log(summaryLine({ files: 1, resources: 1, errors: 2, warnings: 0 }));
 * // "Summary: 1 file, 1 resource, 2 errors, 0 warnings"
 * ```
 */
export function summaryLine(s: ReportSummary): string {
  return `Summary: ${plural(s.files, "file")}, ${
    plural(s.resources, "resource")
  }, ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}`;
}

/**
 * The message of the case that fails a run for its warnings.
 *
 * @example
 * ```ts
 * import { tooManyWarningsMessage } from "./report.ts";
 * console.log(tooManyWarningsMessage({ max: 0, found: 2 }));
 * // "2 warnings, more than --max-warnings 0 allows"
 * ```
 */
export function tooManyWarningsMessage(
  t: { max: number; found: number },
): string {
  return `${
    plural(t.found, "warning")
  }, more than --max-warnings ${t.max} allows`;
}

/**
 * The diagnostics of `target` by file, in the order of `target.files`.
 *
 * @example
 * ```ts
 * import { byFile } from "./report.ts";
 * console.log(byFile({ name: "a", files: ["a/w.kat"], diagnostics: [] }).get("a/w.kat")); // []
 * ```
 */
export function byFile(target: ReportTarget): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>(target.files.map((f) => [f, []]));
  for (const d of target.diagnostics) {
    const list = out.get(d.file);
    if (list) list.push(d);
    else out.set(d.file, [d]);
  }
  return out;
}
