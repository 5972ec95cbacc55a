/**
 * The `json` report format: the contract's
 * `{"valid": bool, "diagnostics": [...]}`, every target's diagnostics in order.
 *
 * @module
 */
import { formatDiagnosticsJson } from "./diagnostics_json.ts";
import type { ReportFormat } from "./report_formats.ts";

/**
 * The JSON report.
 *
 * @example
 * ```ts
 * import { jsonFormat } from "./report_json.ts";
 * console.log(jsonFormat.render({
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [],
 *   summary: { files: 0, resources: 0, errors: 0, warnings: 0 },
 * }));
 * // {"valid":true,"diagnostics":[]}
 * ```
 */
export const jsonFormat: ReportFormat = {
  render: (report) =>
    formatDiagnosticsJson(report.targets.flatMap((t) => t.diagnostics)),
};
