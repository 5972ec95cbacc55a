/**
 * The report formats of `katcall validate`, as plug-ins behind one registry:
 * `text` (the default), `json`, `junit`, `tap`, `sarif` and `github`. Each
 * format other than `text` is a small module of its own, loaded only when it
 * is chosen.
 *
 * @module
 */
import type { Report } from "./report.ts";
import { formatDiagnostic, type Palette, plain } from "./diagnostics_text.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { byFile } from "./report.ts";

/** Options every format is given; each uses what applies to it. */
export interface ReportOptions {
  /** Colours for the text form. @default {plain} */
  palette?: Palette;
  /** Text form: a `FILE: ok` line for each file without a problem. @default {false} */
  verbose?: boolean;
}

/**
 * Turns a report into the text of standard output.
 *
 * @example
 * ```ts
 * import type { ReportFormat } from "./report_formats.ts";
 * const count: ReportFormat = {
 *   render: (r) => `${r.summary.errors}\n`,
 * };
 * ```
 */
export interface ReportFormat {
  /** The whole output, ending in a newline unless it is empty. */
  render(report: Report, options?: ReportOptions): string;
}

/** `FILE:LINE:COL: error: PATH: MESSAGE (hint: …)`, one line each. */
const text: ReportFormat = {
  render(report, options = {}) {
    const palette = options.palette ?? plain;
    const lines: string[] = [];
    for (const target of report.targets) {
      for (const [file, found] of byFile(target)) {
        if (found.length === 0 && options.verbose) {
          lines.push(`${escapeControl(file)}: ok`);
        }
        for (const d of found) lines.push(formatDiagnostic(d, palette));
      }
    }
    return lines.map((l) => l + "\n").join("");
  },
};

/** Loads a format when it is chosen. */
type Loader = () => Promise<ReportFormat>;

/**
 * The report formats by name, in the order help lists them.
 *
 * @example
 * ```ts
 * import { REPORT_FORMATS } from "./report_formats.ts";
 * const tap = await REPORT_FORMATS.tap();
 * console.log(tap.render({
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [],
 *   summary: { files: 0, resources: 0, errors: 0, warnings: 0 },
 * }));
 * // TAP version 13
 * // 1..0
 * ```
 */
export const REPORT_FORMATS = {
  text: () => Promise.resolve(text),
  json: async () => (await import("./report_json.ts")).jsonFormat,
  junit: async () => (await import("./report_junit.ts")).junitFormat,
  tap: async () => (await import("./report_tap.ts")).tapFormat,
  sarif: async () => (await import("./report_sarif.ts")).sarifFormat,
  github: async () => (await import("./report_github.ts")).githubFormat,
} as const satisfies Record<string, Loader>;

/** The name of a report format. */
export type ReportFormatName = keyof typeof REPORT_FORMATS;

/**
 * The names of the report formats, for `--format`.
 *
 * @example
 * ```ts
 * import { REPORT_FORMAT_NAMES } from "./report_formats.ts";
 * console.log(REPORT_FORMAT_NAMES[0]); // "text"
 * ```
 */
export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as [
  ReportFormatName,
  ...ReportFormatName[],
];
