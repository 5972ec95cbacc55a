/**
 * One `.kat` file from text to a checked resource: YAML parsing, decoding
 * along the proto, defaults, then the kind's own rules.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { quote } from "../diagnostics/quote.ts";
import { Reporter } from "../diagnostics/reporter.ts";
import { didYouMean } from "../diagnostics/suggest.ts";
import { Decoder } from "../decode/decoder.ts";
import type { LineIndex } from "../decode/line_index.ts";
import { SourceMap } from "../decode/source_map.ts";
import { parseYamlFile } from "../decode/yaml_file.ts";
import { isNull, resolveAlias, type YamlNode } from "../decode/yaml_tree.ts";
import type { Kind, ResourceTypes } from "../gen/types.ts";
import type { KindRules } from "../kinds/kind_rules.ts";
import { applyDefaultsInPlace } from "../kinds/apply_defaults.ts";
import { kindRules } from "../kinds/registry.ts";
import {
  type MessageType,
  resourceTypes,
  typeForKind,
} from "../schema/registry.ts";

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
 * import { parseManifest } from "./parse_manifest.ts";
 * const { parsed } = parseManifest("apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: a}\n");
 * if (parsed?.kind === "Namespace") console.log(parsed.resource.metadata?.name); // "a"
 * ```
 */
export type ParsedResource<K extends Kind = Kind> = K extends Kind ? {
    /** The resource's kind; testing it narrows `resource`. */
    kind: K;
    /** The resource with every default filled in. */
    resource: ResourceTypes[K];
    /** File name, as used in diagnostics. */
    file: string;
  }
  : never;

/** Where the values of each parsed resource were written. */
const sourceMaps = new WeakMap<ParsedResource, SourceMap>();

/**
 * Positions of the values of a resource read by {@link parseManifest}.
 *
 * @example
 * ```ts
 * import { parseManifest, sourceMapOf } from "./parse_manifest.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const { parsed } = parseManifest("kind: Namespace\nmetadata: {name: a}\n");
 * console.log(sourceMapOf(parsed!).locate(FieldPath.root().child("metadata"))); // { line: 2, column: 11 }
 * ```
 */
export function sourceMapOf(parsed: ParsedResource): SourceMap {
  const map = sourceMaps.get(parsed);
  if (!map) {
    throw new Error("sourceMapOf: not a resource read by parseManifest");
  }
  return map;
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

/**
 * The fields every resource shares (apiVersion, kind, metadata, spec), for
 * checking what can be checked of a document whose kind is unknown.
 */
const ENVELOPE: MessageType = resourceTypes.find((t) => !t.resource!.internal)!;

const KIND_PATH = FieldPath.root().child("kind");

/** The pair of the root mapping whose key is `name`. */
function rootPair(root: YamlNode, name: string) {
  const node = resolveAlias(root);
  if (node.kind !== "map") return undefined;
  return node.pairs.find((p) => {
    const k = resolveAlias(p.key);
    return k.kind === "scalar" && k.value === name;
  });
}

/**
 * Reads `kind:` from the root mapping, reporting what is wrong with it. A
 * root that is not a mapping is left to the decoder to report.
 */
function readKind(
  root: YamlNode,
  reporter: Reporter,
  lines: LineIndex,
): Kind | undefined {
  if (resolveAlias(root).kind !== "map") return undefined;
  const pair = rootPair(root, "kind");
  const oneOf = `one of ${KINDS.join(", ")}`;
  if (!pair) {
    reporter.required(KIND_PATH, oneOf);
    return undefined;
  }
  const node = resolveAlias(pair.value);
  const at = lines.position(pair.value.offset);
  if (node.kind === "invalid") {
    if (!node.reported) {
      node.reported = true;
      reporter.reportAt(
        at,
        "error",
        "yaml",
        KIND_PATH,
        node.message,
        node.hint,
      );
    }
    return undefined;
  }
  if (node.kind !== "scalar" || typeof node.value !== "string") {
    reporter.reportAt(
      at,
      "error",
      "type",
      KIND_PATH,
      `expected a string, got ${isNull(node) ? "null" : "another type"}`,
      oneOf,
    );
    return undefined;
  }
  const rules = typeForKind(node.value)?.resource;
  if (!rules) {
    reporter.reportAt(
      at,
      "error",
      "not_supported",
      KIND_PATH,
      `unknown kind ${quote(node.value)}: must be ${oneOf}`,
      didYouMean(node.value, KINDS),
    );
    return undefined;
  }
  if (rules.internal) {
    reporter.reportAt(
      at,
      "error",
      "forbidden",
      KIND_PATH,
      `${rules.kind} resources are written by the leader and cannot be read from a file`,
    );
    return undefined;
  }
  return rules.kind;
}

/** Whether the root mapping has a `spec:` that is null or `{}`. */
function isEmptySpec(root: YamlNode): boolean {
  const pair = rootPair(root, "spec");
  if (!pair) return false;
  const value = resolveAlias(pair.value);
  return isNull(value) || (value.kind === "map" && value.pairs.length === 0);
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
  const yaml = parseYamlFile(text, file, {
    maxAliasNodes: options.maxAliasNodes,
  });
  if (!yaml.root) return { diagnostics: yaml.diagnostics, valid: false };
  const root = yaml.root;
  const sourceMap = new SourceMap(root, yaml.lines);
  const reporter = new Reporter(file, (p) => sourceMap.locate(p));
  reporter.diagnostics.push(...yaml.diagnostics);
  const kind = readKind(root, reporter, yaml.lines);
  const type = kind ? typeForKind(kind)! : ENVELOPE;
  const decoded = new Decoder(yaml.lines, reporter).decodeRoot(root, type, {
    systemKeys: type.field("status") ? [] : ["status"],
    skip: kind ? ["kind"] : ["kind", "spec"],
  });
  for (const node of yaml.invalid) {
    if (node.reported) continue;
    node.reported = true;
    reporter.reportAt(
      yaml.lines.position(node.offset),
      "error",
      "yaml",
      FieldPath.root(),
      node.message,
      node.hint,
    );
  }
  if (!kind || !decoded) {
    return { diagnostics: sortDiagnostics(reporter.diagnostics), valid: false };
  }
  decoded.kind = kind;
  const rules = type.resource!;
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
  const resource = applyDefaultsInPlace(
    kind,
    decoded as unknown as ResourceTypes[typeof kind],
  );
  const kr = kindRules[kind] as KindRules<typeof resource> | undefined;
  kr?.validate?.(resource, { reporter, written: (p) => sourceMap.has(p) });
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  const parsed = { kind, resource, file } as ParsedResource;
  sourceMaps.set(parsed, sourceMap);
  return { parsed, diagnostics, valid: !hasErrors(diagnostics) };
}
