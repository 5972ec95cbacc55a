/**
 * The `junit` report format: JUnit XML as CI servers read it. One
 * `<testsuite>` per target (a quadlet directory, an archive, standard input),
 * one `<testcase>` per file; a file with errors has one `<failure>` whose
 * text lists them in the text form, and its warnings go to `<system-out>`.
 *
 * Every value is XML-escaped after control characters are escaped, and
 * characters XML 1.0 cannot hold at all are written as `\uXXXX`, so no input
 * can break or forge the document's structure.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { formatDiagnostic } from "./diagnostics_text.ts";
import type { ReportFormat } from "./report_formats.ts";
import {
  byFile,
  plural,
  type ReportTarget,
  tooManyWarningsMessage,
} from "./report.ts";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text as XML character data or an attribute value. */
function xml(text: string): string {
  return escapeControl(text)
    // Lone surrogates and U+FFFE/U+FFFF are not XML characters.
    .replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    )
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Diagnostics in the text form, one per line. */
function lines(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => xml(formatDiagnostic(d))).join("\n");
}

interface Case {
  name: string;
  classname: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** A failure that is no diagnostic: too many warnings. */
  message?: string;
}

function renderCase(c: Case): string[] {
  const head = `    <testcase name="${xml(c.name)}" classname="${
    xml(c.classname)
  }"`;
  const body: string[] = [];
  if (c.errors.length > 0) {
    const first = c.errors[0];
    const message = c.errors.length === 1
      ? `${first.path ? `${first.path}: ` : ""}${first.message}`
      : `${plural(c.errors.length, "error")}; the first: ${
        first.path ? `${first.path}: ` : ""
      }${first.message}`;
    body.push(
      `      <failure message="${xml(message)}" type="${xml(first.code)}">${
        lines(c.errors)
      }</failure>`,
    );
  } else if (c.message !== undefined) {
    body.push(
      `      <failure message="${xml(c.message)}" type="max-warnings"/>`,
    );
  }
  if (c.warnings.length > 0) {
    body.push(
      `      <system-out>${lines(c.warnings)}</system-out>`,
    );
  }
  if (body.length === 0) return [`${head}/>`];
  return [`${head}>`, ...body, "    </testcase>"];
}

function renderSuite(name: string, cases: Case[]): string[] {
  const failures =
    cases.filter((c) => c.errors.length > 0 || c.message !== undefined).length;
  return [
    `  <testsuite name="${
      xml(name)
    }" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases.flatMap(renderCase),
    "  </testsuite>",
  ];
}

function casesOf(target: ReportTarget): Case[] {
  return [...byFile(target)].map(([file, found]) => ({
    name: file,
    classname: target.name,
    errors: found.filter((d) => d.severity === "error"),
    warnings: found.filter((d) => d.severity !== "error"),
  }));
}

/**
 * The JUnit XML report.
 *
 * @example
 * ```ts
 * import { junitFormat } from "./report_junit.ts";
 * const xml = junitFormat.render({
 *   tool: { name: "katcall", version: "0.1.0" },
 *   targets: [{ name: "a", files: ["a/w.kat"], diagnostics: [] }],
 *   summary: { files: 1, resources: 1, errors: 0, warnings: 0 },
 * });
 * console.log(xml.includes('<testcase name="a/w.kat" classname="a"/>')); // true
 * ```
 */
export const junitFormat: ReportFormat = {
  render(report) {
    const suites = report.targets.map((t) => [t.name, casesOf(t)] as const);
    if (report.tooManyWarnings) {
      suites.push([report.tool.name, [{
        name: "--max-warnings",
        classname: report.tool.name,
        errors: [],
        warnings: [],
        message: tooManyWarningsMessage(report.tooManyWarnings),
      }]]);
    }
    const tests = suites.reduce((n, [, cases]) => n + cases.length, 0);
    const failures = suites.reduce(
      (n, [, cases]) =>
        n + cases.filter((c) => c.errors.length || c.message).length,
      0,
    );
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="${
        xml(report.tool.name)
      }" tests="${tests}" failures="${failures}" errors="0">`,
      ...suites.flatMap(([name, cases]) => renderSuite(name, cases)),
      "</testsuites>",
      "",
    ].join("\n");
  },
};
