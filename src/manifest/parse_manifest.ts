/**
 * One `.kat` file from text to a checked resource: YAML parsing, decoding
 * along the proto, defaults, then the kind's own rules.
 *
 * @module
 */
import {
  type Diagnostic,
  fileDiagnostic,
  hasErrors,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { quote } from "../diagnostics/quote.ts";
import { Reporter } from "../diagnostics/reporter.ts";
import { didYouMean } from "../diagnostics/suggest.ts";
import { Decoder } from "../decode/decoder.ts";
import { EventSourceMap } from "../decode/event_source_map.ts";
import { LineIndex } from "../decode/line_index.ts";
import { SourceMap } from "../decode/source_map.ts";
import { documentEvents, rootKind } from "../decode/yaml_events.ts";
import { parseYamlFile } from "../decode/yaml_file.ts";
import {
  isNull,
  resolveAlias,
  type YamlInvalid,
  type YamlNode,
} from "../decode/yaml_tree.ts";
import { fastDecoders } from "../gen/fast_decode.ts";
import { fastEventDecoders } from "../gen/fast_decode_events.ts";
import type { Kind, ResourceTypes } from "../gen/types.ts";
import type {
  ManifestSource,
  ParsedResource,
  ParseResult,
} from "./parse_result.ts";
import type { KindRules } from "../kinds/kind_rules.ts";
import { applyDefaultsInPlace } from "../kinds/apply_defaults.ts";
import { kindRules } from "../kinds/rules_by_kind.ts";
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
   * Most nodes anchors and aliases may expand to (in all documents).
   * @default {10000}
   */
  maxAliasNodes?: number;
  /**
   * Whether the text may hold several YAML documents separated by `---`, each
   * a resource, as `stringifyManifest([...])` and `katcall inspect` write
   * them. A `.kat` file holds one document, so by default a second one is an
   * error. Empty documents (nothing but comments between two `---`) are
   * skipped, as kubectl skips them; every other document is read as a file
   * holding only it would be (`~` as a mapping with nothing in it, a scalar
   * as not a mapping), and text with no document at all is an error, as it
   * is for one file.
   * @default {false}
   */
  multiDocument?: boolean;
  /**
   * Whether every default is filled in. With `false`, each resource holds
   * only what was written (the rules are still checked as if the defaults
   * were there).
   * @default {true}
   */
  applyDefaults?: boolean;
}

/** Where the values of each parsed resource were written. */
const sourceMaps = new WeakMap<ParsedResource, SourceMap>();

/**
 * Positions of the values of a resource read by {@link parseManifest}.
 *
 * @example
 * ```ts
 * import { parseManifest, sourceMapOf } from "./parse_manifest.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const [parsed] = parseManifest("kind: Namespace\nmetadata: {name: a}\n").resources;
 * console.log(sourceMapOf(parsed).locate(FieldPath.root().child("metadata"))); // { line: 2, column: 11 }
 * ```
 */
export function sourceMapOf(parsed: ParsedResource): SourceMap {
  const map = sourceMaps.get(parsed);
  if (!map) {
    throw new Error("sourceMapOf: not a resource read by parseManifest");
  }
  return map;
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
const ONE_OF_KINDS = `one of ${KINDS.join(", ")}`;

function readKind(
  root: YamlNode,
  reporter: Reporter,
  lines: LineIndex,
): Kind | undefined {
  if (resolveAlias(root).kind !== "map") return undefined;
  const pair = rootPair(root, "kind");
  if (!pair) {
    reporter.required(KIND_PATH, ONE_OF_KINDS);
    return undefined;
  }
  const node = resolveAlias(pair.value);
  // Computed only for a diagnostic: a valid file never needs its lines.
  const at = () => lines.position(pair.value.offset);
  if (node.kind === "invalid") {
    if (!node.reported) {
      node.reported = true;
      reporter.reportAt(
        at(),
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
      at(),
      "error",
      "type",
      KIND_PATH,
      `expected a string, got ${isNull(node) ? "null" : "another type"}`,
      ONE_OF_KINDS,
    );
    return undefined;
  }
  const rules = typeForKind(node.value)?.resource;
  if (!rules) {
    reporter.reportAt(
      at(),
      "error",
      "not_supported",
      KIND_PATH,
      `unknown kind ${quote(node.value)}: must be ${ONE_OF_KINDS}`,
      didYouMean(node.value, KINDS),
    );
    return undefined;
  }
  if (rules.internal) {
    reporter.reportAt(
      at(),
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

/** Strict UTF-8: bytes that are not UTF-8 are refused, not replaced. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses and checks one `.kat` file: one YAML document (or several, with
 * `multiDocument`), decoded along the proto, every default filled in, every
 * rule of its kind checked. Bad input
 * never throws: every problem becomes a diagnostic. Bytes must be UTF-8 (a
 * byte-order mark is allowed).
 *
 * @param source The file's text or bytes.
 * @param options `file`: its name in diagnostics (default `<input>`);
 * `maxAliasNodes`: the most nodes aliases may add (default 10,000);
 * `multiDocument`: several documents allowed, each a resource (default
 * false); `applyDefaults` (default true).
 * @returns The verdict, every diagnostic, and each resource whose kind is
 * known (at most one unless `multiDocument`).
 *
 * @example
 * ```ts
 * import { parseManifest } from "@kat/toolkit";
 * const result = parseManifest(
 *   "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata:\n  name: team-a\n",
 *   { file: "namespace.kat" },
 * );
 * console.log(result.valid, result.resources[0]?.kind); // true "Namespace"
 *
 * // What stringifyManifest([...]) or `katcall inspect` writes: several documents.
 * const both = parseManifest(
 *   "kind: Namespace\nmetadata: {name: a}\n---\nkind: Namespace\nmetadata: {name: b}\n",
 *   { multiDocument: true, applyDefaults: false },
 * );
 * console.log(both.resources.map((r) => r.resource.metadata?.name)); // ["a", "b"]
 * ```
 */
export function parseManifest(
  source: ManifestSource,
  options?: ParseManifestOptions,
): ParseResult {
  const file = options?.file ?? "<input>";
  let text: string;
  if (typeof source === "string") text = source;
  else {
    try {
      text = UTF8.decode(source);
    } catch {
      return {
        valid: false,
        diagnostics: [
          fileDiagnostic(file, "encoding", "the file is not valid UTF-8 text"),
        ],
        resources: [],
      };
    }
  }
  text = text.replace(/^\uFEFF/, "");
  if (!options?.multiDocument) {
    const fast = fromEvents(text, file, options);
    if (fast) return fast;
  }
  const yaml = parseYamlFile(text, file, {
    maxAliasNodes: options?.maxAliasNodes,
    multiDocument: options?.multiDocument,
  });
  if (!yaml.root) {
    return { valid: false, diagnostics: yaml.diagnostics, resources: [] };
  }
  const documents = yaml.documents ??
    [{ root: yaml.root, invalid: yaml.invalid }];
  const diagnostics: Diagnostic[] = [...yaml.diagnostics];
  const resources: ParsedResource[] = [];
  for (const { root, invalid } of documents) {
    const sourceMap = new SourceMap(root, yaml.lines);
    const reporter = new Reporter(file, (p) => sourceMap.locate(p));
    const parsed = checkResource(
      root,
      yaml.lines,
      invalid,
      sourceMap,
      reporter,
      options,
    );
    diagnostics.push(...reporter.diagnostics);
    if (parsed) resources.push(parsed);
  }
  const sorted = sortDiagnostics(diagnostics);
  return { valid: !hasErrors(sorted), diagnostics: sorted, resources };
}

/**
 * The fast path: one plainly valid document decoded from the parser's events
 * without a YAML tree (built from the text only if a position is asked);
 * undefined when the generated event decoder gives up, and the tree and the
 * generic decoder then read the text.
 */
function fromEvents(
  text: string,
  file: string,
  options: ParseManifestOptions | undefined,
): ParseResult | undefined {
  const events = documentEvents(text);
  if (!events) return undefined;
  const kind = rootKind(text, events);
  if (kind === undefined || !Object.hasOwn(fastEventDecoders, kind)) {
    return undefined;
  }
  const decoded = fastEventDecoders[kind as Kind]!(text, events);
  if (!decoded) return undefined;
  const lines = new LineIndex(text);
  const tree = () =>
    parseYamlFile(text, file, { maxAliasNodes: options?.maxAliasNodes }).root!;
  const sourceMap = new EventSourceMap(text, events, tree, lines);
  const reporter = new Reporter(file, (p) => sourceMap.locate(p));
  const parsed = checkDecoded(
    kind as Kind,
    decoded,
    () => false,
    sourceMap,
    reporter,
    options,
  );
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  return {
    valid: !hasErrors(diagnostics),
    diagnostics,
    resources: [parsed],
  };
}

/**
 * Decodes and checks one document, its problems said through `reporter`:
 * the resource, when its kind is known.
 */
function checkResource(
  root: YamlNode,
  lines: LineIndex,
  invalid: YamlInvalid[],
  sourceMap: SourceMap,
  reporter: Reporter,
  options: ParseManifestOptions | undefined,
): ParsedResource | undefined {
  const kind = readKind(root, reporter, lines);
  const type = kind ? typeForKind(kind)! : ENVELOPE;
  // A plainly valid document takes the generated fast path; anything else
  // (it gives up) the generic decoder, which says what is wrong.
  const decoded = (kind ? fastDecoders[kind]?.(root) : undefined) ??
    new Decoder(lines, reporter).decodeRoot(root, type, {
      systemKeys: type.field("status") ? [] : ["status"],
      skip: kind ? ["kind"] : ["kind", "spec"],
    });
  for (const node of invalid) {
    if (node.reported) continue;
    node.reported = true;
    reporter.reportAt(
      lines.position(node.offset),
      "error",
      "yaml",
      FieldPath.root(),
      node.message,
      node.hint,
    );
  }
  if (!kind || !decoded) return undefined;
  return checkDecoded(
    kind,
    decoded,
    () => isEmptySpec(root),
    sourceMap,
    reporter,
    options,
  );
}

/**
 * Checks a decoded document of a known kind: defaults, then the kind's
 * rules; `emptySpec` tells whether `spec:` was written null or `{}`.
 */
function checkDecoded(
  kind: Kind,
  decoded: Record<string, unknown>,
  emptySpec: () => boolean,
  sourceMap: SourceMap,
  reporter: Reporter,
  options: ParseManifestOptions | undefined,
): ParsedResource {
  decoded.kind = kind;
  const type = typeForKind(kind)!;
  const rules = type.resource!;
  if (!rules.specOptional && emptySpec()) {
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
  // The rules are checked on the defaulted resource; without defaults, the
  // caller gets what was written.
  const written = options?.applyDefaults === false
    ? structuredClone(decoded) as unknown as ResourceTypes[typeof kind]
    : undefined;
  const resource = applyDefaultsInPlace(
    kind,
    decoded as unknown as ResourceTypes[typeof kind],
  );
  const kr = kindRules[kind] as KindRules<typeof resource> | undefined;
  kr?.validate?.(resource, { reporter, written: (p) => sourceMap.has(p) });
  const parsed = {
    kind,
    resource: written ?? resource,
    file: reporter.file,
  } as ParsedResource;
  sourceMaps.set(parsed, sourceMap);
  return parsed;
}
