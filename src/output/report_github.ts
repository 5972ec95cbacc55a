/**
 * The `github` report format: GitHub Actions workflow commands, one line per
 * diagnostic, which the runner turns into annotations on the files:
 * `::error file=F,line=L,col=C,title=katcall (CODE)::PATH: MESSAGE (hint: …)`.
 *
 * Values are escaped as the Actions toolkit does: `%`, `\r` and `\n` in the
 * message; also `:` and `,` in the properties. Control characters are
 * escaped first (`\u001b`), as in the text form, so no input can end a line,
 * forge a command or drive the log's terminal.
 *
 * @module
 */
import { escapeControl } from "../diagnostics/quote.ts";
import type { ReportFormat } from "./report_formats.ts";
import { locate, tooManyWarningsMessage } from "./report.ts";

/** Escapes the message of a workflow command. */
function escapeData(text: string): string {
  return escapeControl(text).replaceAll("%", "%25").replaceAll("\r", "%0D")
    .replaceAll("\n", "%0A");
}

/** Escapes a property value of a workflow command. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * The GitHub Actions report.
 *
 * @example
 * ```ts
 * import { githubFormat } from "./report_github.ts";
 * const d = { severity: "error" as const, code: "invalid" as const, file: "a/w.kat", line: 3, column: 5, path: "spec.replicas", message: "must be at least 0" };
 * console.log(githubFormat.render({
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [{ name: "a", files: ["a/w.kat"], diagnostics: [d] }],
 *   summary: { files: 1, resources: 1, errors: 1, warnings: 0 },
 * }));
 * // ::error file=a/w.kat,line=3,col=5,title=katcall (invalid)::spec.replicas: must be at least 0
 * ```
 */
export const githubFormat: ReportFormat = {
  render(report) {
    const lines: string[] = [];
    for (const target of report.targets) {
      for (const d of target.diagnostics) {
        const where = locate(target, d);
        const props = [
          `file=${escapeProperty(where.file)}`,
          `line=${d.line}`,
          `col=${d.column}`,
          `title=${escapeProperty(`katcall (${d.code})`)}`,
        ];
        const member = where.member === undefined ? "" : `${where.member}: `;
        const path = d.path ? `${d.path}: ` : "";
        const hint = d.hint ? ` (hint: ${d.hint})` : "";
        lines.push(
          `::${d.severity} ${props.join(",")}::${
            escapeData(`${member}${path}${d.message}${hint}`)
          }`,
        );
      }
    }
    if (report.tooManyWarnings) {
      lines.push(
        `::error title=${escapeProperty("katcall (max-warnings)")}::${
          escapeData(tooManyWarningsMessage(report.tooManyWarnings))
        }`,
      );
    }
    return lines.map((l) => l + "\n").join("");
  },
};
