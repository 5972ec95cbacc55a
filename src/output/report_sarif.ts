/**
 * The `sarif` report format: SARIF 2.1.0, which GitHub code scanning and
 * other static-analysis viewers read. One run; each diagnostic is a result
 * whose `ruleId` is the diagnostic's stable code, with one rule per code used.
 * Columns count Unicode code points (`columnKind: unicodeCodePoints`). Paths
 * become URI references: relative ones stay relative (to the directory
 * katcall ran in), absolute ones are `file://` URIs; an archive member points
 * at its archive and names itself in the message.
 *
 * Message texts escape control characters as the text form does (`\n`,
 * `\u001b`, `\u202e`), since viewers show them as they are; URIs
 * percent-encode them. Every other string is the tool's own.
 *
 * @module
 */
import type { DiagnosticCode } from "../diagnostics/diagnostic.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import type { ReportFormat } from "./report_formats.ts";
import { locate } from "./report.ts";

/** The schema SARIF 2.1.0 logs name. */
const SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

type PlainCode = Exclude<DiagnosticCode, `archive.${string}`>;

/** What each code means, as a rule's short description. */
const RULES: Readonly<Record<PlainCode, string>> = {
  required: "A value that must be written is missing.",
  invalid: "A value breaks a rule of its own or against another field.",
  forbidden: "A value that must not be written here.",
  not_supported: "A value outside a closed list.",
  duplicate: "A value that must be unique appears again.",
  too_long: "A value is longer than its limit.",
  type: "A value of the wrong YAML type.",
  unknown_field: "A key the resource does not have.",
  not_found: "A reference to something that does not exist.",
  yaml: "The text is not the YAML a .kat file holds.",
  encoding: "The bytes are not UTF-8 text.",
  unreadable: "A file or directory cannot be read, or is not one that is read.",
  ignored: "Something was skipped.",
  unused: "Something declared is never used.",
};

function ruleDescription(code: DiagnosticCode): string {
  if (code.startsWith("archive.")) {
    return `The archive is refused (${code.slice("archive.".length)}).`;
  }
  return RULES[code as PlainCode];
}

/** A path as a URI reference: each segment percent-encoded. */
function uriOf(path: string): string {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  return path.startsWith("/") ? `file://${encoded}` : encoded;
}

/**
 * The SARIF 2.1.0 report, as pretty-printed JSON.
 *
 * @example
 * ```ts
 * import { sarifFormat } from "./report_sarif.ts";
 * const log = JSON.parse(sarifFormat.render({
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [],
 *   summary: { files: 0, resources: 0, errors: 0, warnings: 0 },
 * }));
 * console.log(log.version, log.runs[0].results.length); // "2.1.0" 0
 * ```
 */
export const sarifFormat: ReportFormat = {
  render(report) {
    const codes: DiagnosticCode[] = [];
    const results = report.targets.flatMap((target) =>
      target.diagnostics.map((d) => {
        let ruleIndex = codes.indexOf(d.code);
        if (ruleIndex < 0) ruleIndex = codes.push(d.code) - 1;
        const where = locate(target, d);
        const member = where.member === undefined ? "" : `${where.member}: `;
        const path = d.path ? `${d.path}: ` : "";
        const hint = d.hint ? ` (hint: ${d.hint})` : "";
        return {
          ruleId: d.code,
          ruleIndex,
          level: d.severity,
          message: {
            text: escapeControl(`${member}${path}${d.message}${hint}`),
          },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: uriOf(where.file) },
              region: { startLine: d.line, startColumn: d.column },
            },
          }],
        };
      })
    );
    const log = {
      $schema: SCHEMA,
      version: "2.1.0",
      runs: [{
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules: codes.map((id) => ({
              id,
              shortDescription: { text: ruleDescription(id) },
            })),
          },
        },
        invocations: [{ executionSuccessful: true }],
        columnKind: "unicodeCodePoints",
        results,
      }],
    };
    return JSON.stringify(log, null, 2) + "\n";
  },
};
