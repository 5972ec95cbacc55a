/**
 * Parses the text of a `.kat` file into exactly one YAML document, turning
 * syntax problems into diagnostics.
 *
 * @module
 */
import {
  type Document,
  type DocumentOptions,
  LineCounter,
  parseAllDocuments,
  type ParseOptions,
  type SchemaOptions,
} from "yaml";
import type { Diagnostic, Position } from "../diagnostics/diagnostic.ts";

/** A parsed `.kat` file. */
export interface YamlFile {
  /** The single document, when there is one and it parsed. */
  document?: Document.Parsed;
  /** Turns offsets into positions. */
  lineCounter: LineCounter;
  /** Syntax problems; when `document` is set, warnings only. */
  diagnostics: Diagnostic[];
}

/**
 * The options `.kat` files are parsed with: YAML 1.2, core schema, integers as
 * `bigint` (so that `1` and `1.0` stay apart), no merge keys; duplicate keys
 * are left to the decoder, which knows their field path.
 *
 * @example
 * ```ts
 * import { parseDocument } from "yaml";
 * import { YAML_OPTIONS } from "./yaml_document.ts";
 * console.log(typeof parseDocument("a: 1", YAML_OPTIONS).get("a")); // "bigint"
 * ```
 */
export const YAML_OPTIONS: Readonly<
  ParseOptions & DocumentOptions & SchemaOptions
> = {
  schema: "core",
  version: "1.2",
  intAsBigInt: true,
  uniqueKeys: false,
  prettyErrors: false,
  merge: false,
};

/**
 * The 1-based position of a character offset.
 *
 * @example
 * ```ts
 * import { LineCounter, parseDocument } from "yaml";
 * import { positionOf } from "./yaml_document.ts";
 * const lc = new LineCounter();
 * parseDocument("a: 1\nb: 2\n", { lineCounter: lc });
 * console.log(positionOf(lc, 5)); // { line: 2, column: 1 }
 * ```
 */
export function positionOf(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Parses `text` as YAML 1.2 (core schema) and checks that it holds exactly one
 * document. Duplicate keys are left to the decoder, which knows their field path.
 *
 * @example
 * ```ts
 * import { parseYamlFile } from "./yaml_document.ts";
 * const parsed = parseYamlFile("a: 1\n---\nb: 2\n", "x.kat");
 * console.log(parsed.diagnostics[0].message);
 * // "a .kat file holds exactly one YAML document, found 2"
 * ```
 */
export function parseYamlFile(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const report = (
    severity: Diagnostic["severity"],
    offset: number,
    message: string,
    hint?: string,
  ) => {
    const d: Diagnostic = {
      severity,
      code: "yaml",
      file,
      ...positionOf(lineCounter, offset),
      path: "",
      message,
    };
    if (hint) d.hint = hint;
    diagnostics.push(d);
  };
  const error = (offset: number, message: string, hint?: string) =>
    report("error", offset, message, hint);
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  const docs: Document.Parsed[] = [...parsed];
  for (const doc of docs) {
    for (const e of doc.errors) error(e.pos[0], yamlMessage(e.message));
    for (const w of doc.warnings) {
      if (w.code === "TAG_RESOLVE_FAILED") {
        // An unknown tag would silently turn the value into a plain string.
        error(
          w.pos[0],
          `unknown YAML tag: ${w.message.replace(/^Unresolved tag: /, "")}`,
          "remove the tag: .kat files use plain YAML 1.2",
        );
      } else {
        report("warning", w.pos[0], `YAML: ${w.message.split("\n")[0]}`);
      }
    }
  }
  if (docs.length === 0 || (docs.length === 1 && docs[0].contents === null)) {
    if (!diagnostics.some((d) => d.severity === "error")) {
      error(
        0,
        "the file holds no YAML document",
        "a .kat file holds one resource: apiVersion, kind, metadata, spec",
      );
    }
    return { lineCounter, diagnostics };
  }
  if (docs.length > 1) {
    error(
      docs[1].range[0],
      `a .kat file holds exactly one YAML document, found ${docs.length}`,
      "put each resource in a file of its own",
    );
  }
  if (diagnostics.some((d) => d.severity === "error")) {
    return { lineCounter, diagnostics };
  }
  return { document: docs[0], lineCounter, diagnostics };
}

/** The first line of a yaml library message, without its trailing position. */
function yamlMessage(message: string): string {
  if (/call stack/i.test(message)) return "invalid YAML: nesting is too deep";
  const first = message.split("\n")[0].replace(
    / at line \d+, column \d+:?$/,
    "",
  );
  return `invalid YAML: ${first}`;
}
