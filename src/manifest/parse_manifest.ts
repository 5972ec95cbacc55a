/**
 * One `.kat` file from text to a checked resource: YAML parsing, decoding
 * along the proto, defaults, then the kind's own rules.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { Reporter } from "../diagnostics/reporter.ts";
import { checkAliases } from "../decode/alias_guard.ts";
import { Decoder } from "../decode/decoder.ts";
import { SourceMap } from "../decode/source_map.ts";
import { didYouMean } from "../decode/suggest.ts";
import { parseYamlFile, positionOf } from "../decode/yaml_document.ts";
import type { Kind, ResourceTypes } from "../gen/types.ts";
import type { KindRules } from "../kinds/kind_rules.ts";
import { applyDefaults } from "../kinds/apply_defaults.ts";
import { kindRules } from "../kinds/registry.ts";
import { resourceTypes, typeForKind } from "../schema/registry.ts";
import { isMap, isScalar, type LineCounter, type Node } from "yaml";

/**
 * Options of {@link parseManifest}.
 *
 * @example
 * ```ts
 * import { parseManifest } from "@kat/toolkit";
 * parseManifest("kind: Namespace\n", { file: "ns.kat", maxAliasNodes: 1000 });
 * ```
 */
export interface ParseManifestOptions {
  /**
   * File name used in diagnostics.
   * @default {"<input>"}
   */
  file?: string;
  /**
   * Most nodes anchors and aliases may expand to.
   * @default {10000}
   */
  maxAliasNodes?: number;
}

/**
 * A resource read from a manifest, with where each of its values was written.
 *
 * @example
 * ```ts
 * import { FieldPath, parseManifest } from "@kat/toolkit";
 * const { parsed } = parseManifest("apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: a}\n");
 * console.log(parsed?.sourceMap.locate(FieldPath.root().child("metadata"))); // { line: 3, column: 11 }
 * ```
 */
export interface ParsedResource<K extends Kind = Kind> {
  /** The resource's kind. */
  kind: K;
  /** The resource with every default filled in. */
  resource: ResourceTypes[K];
  /** File name, as used in diagnostics. */
  file: string;
  /** Positions of the values the user wrote. */
  sourceMap: SourceMap;
}

/**
 * What {@link parseManifest} found.
 *
 * @example
 * ```ts
 * import { parseManifest } from "@kat/toolkit";
 * const { valid, diagnostics } = parseManifest("kind: Pod\n");
 * console.log(valid, diagnostics.length); // false 1
 * ```
 */
export interface ParseManifestResult {
  /**
   * The resource, whenever the document could be decoded as a known kind, even
   * if it has errors; check `valid` before using it.
   */
  parsed?: ParsedResource;
  /** Every problem found, sorted by position. */
  diagnostics: Diagnostic[];
  /** True when there is a resource and no error (warnings allowed). */
  valid: boolean;
}

const KINDS = resourceTypes
  .filter((t) => !t.resource!.internal)
  .map((t) => t.resource!.kind);

/** Reads `kind:` from the root mapping, reporting what is wrong with it. */
function readKind(
  root: Node | null,
  reporter: Reporter,
  lineCounter: LineCounter,
): Kind | undefined {
  const kindPath = FieldPath.root().child("kind");
  if (!isMap(root)) {
    reporter.report(
      "error",
      "type",
      FieldPath.root(),
      "a manifest must be a mapping with apiVersion, kind, metadata and spec",
    );
    return undefined;
  }
  const pair = root.items.find((p) =>
    isScalar(p.key) && p.key.value === "kind"
  );
  if (!pair) {
    reporter.required(kindPath, `one of ${KINDS.join(", ")}`);
    return undefined;
  }
  const node = pair.value as Node | null;
  const at = positionOf(
    lineCounter,
    node?.range?.[0] ?? (pair.key as Node).range![0],
  );
  if (!isScalar(node) || typeof node.value !== "string") {
    reporter.reportAt(
      at,
      "error",
      "type",
      kindPath,
      `expected a string, got ${node === null ? "null" : "another type"}`,
      `one of ${KINDS.join(", ")}`,
    );
    return undefined;
  }
  const rules = typeForKind(node.value)?.resource;
  if (!rules) {
    reporter.reportAt(
      at,
      "error",
      "not_supported",
      kindPath,
      `unknown kind ${quote(node.value)}: must be one of ${KINDS.join(", ")}`,
      didYouMean(node.value, KINDS),
    );
    return undefined;
  }
  if (rules.internal) {
    reporter.reportAt(
      at,
      "error",
      "forbidden",
      kindPath,
      `${rules.kind} resources are written by the leader and cannot be read from a file`,
    );
    return undefined;
  }
  return rules.kind;
}

/** Whether the root mapping has a `spec:` that is null or `{}`. */
function isEmptySpec(root: Node | null): boolean {
  if (!isMap(root)) return false;
  const pair = root.items.find((p) =>
    isScalar(p.key) && p.key.value === "spec"
  );
  if (!pair) return false;
  const value = pair.value as Node | null;
  return value === null || (isScalar(value) && value.value === null) ||
    (isMap(value) && value.items.length === 0);
}

/**
 * Parses and checks the text of one `.kat` file. Bad input never throws: every
 * problem becomes a diagnostic.
 *
 * @example
 * ```ts
 * import { parseManifest } from "./parse_manifest.ts";
 * const text = [
 *   "apiVersion: kat.dws.rip/v1alpha1",
 *   "kind: Namespace",
 *   "metadata:",
 *   "  name: team-a",
 * ].join("\n");
 * const result = parseManifest(text, { file: "namespace.kat" });
 * console.log(result.valid, result.parsed?.kind); // true "Namespace"
 * ```
 */
export function parseManifest(
  text: string,
  options: ParseManifestOptions = {},
): ParseManifestResult {
  const file = options.file ?? "<input>";
  const yaml = parseYamlFile(text, file);
  if (!yaml.document) {
    return { diagnostics: yaml.diagnostics, valid: false };
  }
  const root = yaml.document.contents as Node | null;
  const sourceMap = new SourceMap(
    positionOf(yaml.lineCounter, root?.range?.[0] ?? 0),
  );
  const reporter = new Reporter(file, (p) => sourceMap.locate(p));
  reporter.diagnostics.push(...yaml.diagnostics); // warnings only, here
  const aliasProblem = checkAliases(
    yaml.document,
    options.maxAliasNodes ?? 10_000,
  );
  if (aliasProblem) {
    reporter.reportAt(
      positionOf(yaml.lineCounter, aliasProblem.offset),
      "error",
      "yaml",
      FieldPath.root(),
      aliasProblem.message,
      aliasProblem.hint,
    );
    return { diagnostics: reporter.diagnostics, valid: false };
  }
  const kind = readKind(root, reporter, yaml.lineCounter);
  if (!kind) {
    return { diagnostics: sortDiagnostics(reporter.diagnostics), valid: false };
  }
  const type = typeForKind(kind)!;
  const rules = type.resource!;
  const decoder = new Decoder(
    yaml.document,
    yaml.lineCounter,
    reporter,
    sourceMap,
  );
  const hasStatus = type.field("status") !== undefined;
  const decoded = decoder.decodeRoot(type, hasStatus ? [] : ["status"]);
  if (!decoded) {
    return { diagnostics: sortDiagnostics(reporter.diagnostics), valid: false };
  }
  if (!rules.specOptional && isEmptySpec(root)) {
    reporter.invalid(
      FieldPath.root().child("spec"),
      `spec must not be empty`,
      "only a Namespace may leave spec out or empty",
    );
  }
  const namespacePath = FieldPath.root().child("metadata").child("namespace");
  if (rules.clusterScoped && sourceMap.has(namespacePath)) {
    reporter.forbidden(
      namespacePath,
      `${kind} is cluster-scoped and must not set metadata.namespace`,
      "remove metadata.namespace",
    );
  }
  const resource = applyDefaults(kind, decoded as ResourceTypes[typeof kind]);
  const kr = kindRules[kind] as KindRules<typeof resource> | undefined;
  kr?.validate?.(resource, { reporter, written: (p) => sourceMap.has(p) });
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  return {
    parsed: { kind, resource, file, sourceMap },
    diagnostics,
    valid: !hasErrors(diagnostics),
  };
}
