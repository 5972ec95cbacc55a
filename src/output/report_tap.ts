/**
 * The `tap` report format: TAP version 13, one test point per line. A file
 * without a problem is one `ok` point; each error is a `not ok` point and
 * each warning an `ok` point, described in the text form with the
 * diagnostic's code: `not ok 2 - a/w.kat:3:5: error: spec.replicas: must be
 * at least 0 [invalid]`. Descriptions escape control characters, `\` and `#`
 * (so that nothing reads as a directive) and never span lines.
 *
 * Version 13, not 14: the report uses nothing of 14's (no subtests, no YAML
 * blocks), and `prove` (Perl's Test::Harness 3.44, what Debian and Ubuntu
 * ship) refuses a stream that says 14, while TAP 14 readers such as
 * `tap-parser` read 13.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { formatDiagnostic } from "./diagnostics_text.ts";
import type { ReportFormat } from "./report_formats.ts";
import { byFile, tooManyWarningsMessage } from "./report.ts";

/** A test point's description, safe on one line. */
function description(text: string): string {
  return escapeControl(text).replaceAll("\\", "\\\\").replaceAll("#", "\\#");
}

function point(d: Diagnostic): [boolean, string] {
  return [d.severity !== "error", `${formatDiagnostic(d)} [${d.code}]`];
}

/**
 * The TAP report.
 *
 * @example
 * ```ts
 * import { tapFormat } from "./report_tap.ts";
 * console.log(tapFormat.render({
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [{ name: "a", files: ["a/w.kat"], diagnostics: [] }],
 *   summary: { files: 1, resources: 1, errors: 0, warnings: 0 },
 * }));
 * // TAP version 13
 * // 1..1
 * // ok 1 - a/w.kat
 * ```
 */
export const tapFormat: ReportFormat = {
  render(report) {
    const points: [boolean, string][] = [];
    for (const target of report.targets) {
      for (const [file, found] of byFile(target)) {
        if (found.length === 0) points.push([true, escapeControl(file)]);
        else points.push(...found.map(point));
      }
    }
    if (report.tooManyWarnings) {
      points.push([false, tooManyWarningsMessage(report.tooManyWarnings)]);
    }
    const lines = ["TAP version 13", `1..${points.length}`];
    points.forEach(([ok, text], i) =>
      lines.push(`${ok ? "ok" : "not ok"} ${i + 1} - ${description(text)}`)
    );
    return lines.map((l) => l + "\n").join("");
  },
};
