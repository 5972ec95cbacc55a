/**
 * The generic decoder: walks a YAML syntax tree along a protobuf message type
 * and builds the plain object protobufjs understands, reporting every problem
 * with its field path and position. Nothing here knows a particular kind; all
 * per-field rules come from the proto (see src/schema/registry.ts).
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type Scalar,
} from "yaml";
import type { DiagnosticCode, Position } from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import type { Reporter } from "../diagnostics/reporter.ts";
import { formats } from "../rules/formats.ts";
import {
  type EnumType,
  type Field,
  INT_RANGES,
  type MessageType,
} from "../schema/registry.ts";
import { didYouMean } from "./suggest.ts";
import type { SourceMap } from "./source_map.ts";
import { positionOf } from "./yaml_document.ts";

/** The decoded form of a message: protobufjs field names to values. */
export type DecodedMessage = Record<string, unknown>;

/** Describes a YAML node for messages: "a mapping", "the integer 3", … */
function describe(node: Node | null): string {
  if (node === null) return "null";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "null";
    if (typeof v === "bigint") return `the integer ${v}`;
    if (typeof v === "number") return `the number ${node.source ?? v}`;
    if (typeof v === "boolean") return `the boolean ${v}`;
    if (typeof v === "string") return `the string ${quote(v)}`;
  }
  return "an unsupported YAML node";
}

/**
 * Decodes YAML nodes into messages of one document.
 *
 * @example
 * ```ts
 * import { LineCounter, parseDocument } from "yaml";
 * import { Decoder } from "./decoder.ts";
 * import { SourceMap } from "./source_map.ts";
 * import { Reporter } from "../diagnostics/reporter.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * import { messageType } from "../schema/registry.ts";
 * const lc = new LineCounter();
 * const doc = parseDocument("name: web\ncontainerPort: 80\n", { lineCounter: lc, intAsBigInt: true });
 * const map = new SourceMap({ line: 1, column: 1 });
 * const reporter = new Reporter("p.kat", (p) => map.locate(p));
 * const port = new Decoder(doc, lc, reporter, map).decodeRoot(messageType("Port"));
 * console.log(port); // { name: "web", containerPort: 80 }
 * ```
 */
export class Decoder {
  /** The key of the value being decoded, for positions of empty values. */
  #key: Node | null = null;

  /**
   * Alias expansion must already be bounded (see alias_guard.ts): the decoder
   * follows every alias it meets.
   */
  constructor(
    readonly document: Document.Parsed | Document,
    readonly lineCounter: LineCounter,
    readonly reporter: Reporter,
    readonly sourceMap: SourceMap,
  ) {}

  /**
   * Decodes the whole document as `type`. `extraSystemKeys` are top-level keys
   * that are not fields but are known to be set by the system (`status`).
   * Returns undefined when the document is not a mapping.
   */
  decodeRoot(
    type: MessageType,
    extraSystemKeys: readonly string[] = [],
  ): DecodedMessage | undefined {
    return this.#message(
      this.document.contents as Node | null,
      type,
      FieldPath.root(),
      extraSystemKeys,
    );
  }

  #pos(node: Node | null | undefined): Position {
    const offset = node?.range?.[0] ?? 0;
    return positionOf(this.lineCounter, offset);
  }

  /** Reports an error at a node's position. */
  #errorAt(
    code: DiagnosticCode,
    node: Node | null | undefined,
    path: FieldPath,
    message: string,
    hint?: string,
  ) {
    this.reporter.reportAt(
      this.#pos(node),
      "error",
      code,
      path,
      message,
      hint,
    );
  }

  /** Reports a key written a second time in one mapping. */
  #duplicateKey(keyNode: Node, path: FieldPath, key: string, first: Node) {
    this.#errorAt(
      "duplicate",
      keyNode,
      path,
      `duplicate key ${quote(key)}`,
      `first written on line ${this.#pos(first).line}`,
    );
  }

  /** Follows an alias to its node. */
  #resolve(node: Node | null): Node | null {
    if (node && isAlias(node)) {
      const target = node.resolve(this.document as Document);
      return (target ?? null) as Node | null;
    }
    return node;
  }

  #withAlias<T>(node: Node | null, fn: (n: Node | null) => T): T {
    return fn(this.#resolve(node));
  }

  #typeError(
    node: Node | null,
    path: FieldPath,
    expected: string,
    hint?: string,
  ) {
    this.#errorAt(
      "type",
      node,
      path,
      `expected ${expected}, got ${describe(node)}`,
      hint,
    );
  }

  /** Records the position of a written value, falling back to its key. */
  #record(path: FieldPath, node: Node | null, key: Node | null) {
    const useKey = node === null || (isScalar(node) && node.source === "");
    this.sourceMap.set(path, this.#pos(useKey ? key : node));
  }

  #message(
    raw: Node | null,
    type: MessageType,
    path: FieldPath,
    extraSystemKeys: readonly string[] = [],
  ): DecodedMessage | undefined {
    return this.#withAlias(raw, (node) => {
      if (node === null || (isScalar(node) && node.value === null)) return {};
      if (!isMap(node)) {
        this.#typeError(node, path, "a mapping");
        return undefined;
      }
      const out: DecodedMessage = {};
      const seen = new Map<string, Pair>();
      const oneofChosen = new Map<string, string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = this.#resolve(pair.key as Node | null);
        const valueNode = pair.value as Node | null;
        if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
          this.#errorAt(
            "type",
            keyNode,
            path,
            `keys must be strings, got ${describe(keyNode)}`,
          );
          continue;
        }
        const key = keyNode.value;
        const keyPath = path.child(key);
        const first = seen.get(key);
        if (first) {
          this.#duplicateKey(keyNode, keyPath, key, first.key as Node);
          continue;
        }
        seen.set(key, pair as Pair);
        const field = type.field(key);
        if (!field) {
          if (extraSystemKeys.includes(key)) {
            this.#errorAt(
              "forbidden",
              keyNode,
              keyPath,
              `${keyPath} is set by the system and cannot be written in a manifest`,
              "remove it",
            );
          } else {
            this.#unknownKey(keyNode, keyPath, key, type);
          }
          continue;
        }
        if (field.rules.system) {
          this.#errorAt(
            "forbidden",
            keyNode,
            keyPath,
            `${keyPath} is set by the system and cannot be written in a manifest`,
            "remove it",
          );
          continue;
        }
        if (field.oneof) {
          const other = oneofChosen.get(field.oneof.name);
          if (other !== undefined) {
            this.#errorAt(
              "forbidden",
              keyNode,
              keyPath,
              `only one of ${
                field.oneof.fields.map((f) => f.jsonName).join(", ")
              } may be set, but ${other} is set too`,
            );
            continue;
          }
          oneofChosen.set(field.oneof.name, key);
        }
        this.#record(keyPath, valueNode, keyNode);
        this.#key = keyNode;
        const value = this.#field(valueNode, field, keyPath);
        if (value !== undefined) out[field.name] = value;
      }
      for (const field of type.fields) {
        if (field.rules.required && !seen.has(field.jsonName)) {
          this.reporter.required(path.child(field.jsonName));
        }
      }
      return out;
    });
  }

  #unknownKey(
    keyNode: Scalar,
    path: FieldPath,
    key: string,
    type: MessageType,
  ) {
    const known = type.fields
      .filter((f) => !f.rules.system)
      .map((f) => f.jsonName);
    const hint = didYouMean(key, known) ??
      (known.length > 0
        ? `known fields: ${known.join(", ")}`
        : `${type.name} has no fields`);
    this.#errorAt(
      "unknown_field",
      keyNode,
      path,
      `unknown field ${quote(key)}`,
      hint,
    );
  }

  #field(node: Node | null, field: Field, path: FieldPath): unknown {
    if (field.map) return this.#map(node, field, path);
    if (field.repeated) return this.#list(node, field, path);
    return this.#single(node, field, path);
  }

  #list(
    raw: Node | null,
    field: Field,
    path: FieldPath,
  ): unknown[] | undefined {
    return this.#withAlias(raw, (node) => {
      if (!isSeq(node)) {
        const hint = isScalar(node) && node.value !== null && !field.message &&
            !field.enum
          ? `write a list: [${node.source}]`
          : undefined;
        this.#typeError(node, path, "a list", hint);
        return undefined;
      }
      const out: unknown[] = [];
      node.items.forEach((item, i) => {
        this.#key = null;
        const itemPath = path.index(i);
        this.#record(itemPath, item as Node | null, node);
        const v = this.#single(item as Node | null, field, itemPath);
        if (v !== undefined) out.push(v);
      });
      const minItems = field.rules.minItems ?? 0;
      if (node.items.length < minItems) {
        this.#errorAt(
          "required",
          node,
          path,
          `must have at least ${minItems} item${minItems === 1 ? "" : "s"}`,
        );
      }
      return out;
    });
  }

  #map(
    raw: Node | null,
    field: Field,
    path: FieldPath,
  ): Record<string, unknown> | undefined {
    return this.#withAlias(raw, (node) => {
      if (node === null || (isScalar(node) && node.value === null)) return {};
      if (!isMap(node)) {
        this.#typeError(node, path, "a mapping of strings");
        return undefined;
      }
      const rules = field.rules;
      const out: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const keyNode = this.#resolve(pair.key as Node | null);
        if (
          !isScalar(keyNode) || keyNode.value === null ||
          typeof keyNode.value === "object"
        ) {
          this.#errorAt(
            "type",
            keyNode,
            path,
            `keys must be strings, got ${describe(keyNode)}`,
          );
          continue;
        }
        if (typeof keyNode.value !== "string") {
          this.#errorAt(
            "type",
            keyNode,
            path.key(String(keyNode.source)),
            `keys must be strings, got ${describe(keyNode)}`,
            `quote it: "${keyNode.source}"`,
          );
          continue;
        }
        const key = keyNode.value;
        const entryPath = path.key(key);
        const first = seen.get(key);
        if (first) {
          this.#duplicateKey(keyNode, entryPath, key, first);
          continue;
        }
        seen.set(key, keyNode);
        this.#record(entryPath, pair.value as Node | null, keyNode);
        if (rules.keyFormat) {
          this.#checkFormat(rules.keyFormat, key, keyNode, entryPath, "key: ");
        }
        const value = this.#scalar(
          pair.value as Node | null,
          field.type,
          field,
          entryPath,
          rules.valueFormat,
          keyNode,
        );
        if (value !== undefined) out[key] = value;
      }
      return out;
    });
  }

  #single(node: Node | null, field: Field, path: FieldPath): unknown {
    if (field.message) return this.#message(node, field.message, path);
    if (field.enum) return this.#enum(node, field.enum, path);
    return this.#scalar(node, field.type, field, path, field.rules.format);
  }

  #enum(
    raw: Node | null,
    e: EnumType,
    path: FieldPath,
  ): string | undefined {
    // Listed only for a diagnostic: a valid value is one map lookup.
    const spellings = () => [...e.fromSpelling.keys()];
    const listed = () => spellings().map((s) => quote(s)).join(", ");
    return this.#withAlias(raw, (node) => {
      if (!isScalar(node) || typeof node.value !== "string") {
        this.#typeError(node, path, `one of ${listed()}`);
        return undefined;
      }
      const name = e.fromSpelling.get(node.value);
      if (name === undefined) {
        this.#errorAt(
          "not_supported",
          node,
          path,
          `unsupported value ${quote(node.value)}: must be one of ${listed()}`,
          didYouMean(node.value, spellings()),
        );
        return undefined;
      }
      return name;
    });
  }

  #scalar(
    raw: Node | null,
    type: string,
    field: Field,
    path: FieldPath,
    format: string | undefined,
    keyNode?: Node | null,
  ): unknown {
    return this.#withAlias(raw, (node) => {
      const rules = field.rules;
      const empty = node === null || (isScalar(node) && node.source === "");
      const at = empty ? keyNode ?? this.#key ?? node : node;
      if (!isScalar(node) || node.value === null) {
        const expected = type === "string"
          ? "a string"
          : type === "bool"
          ? "true or false"
          : "an integer";
        this.#errorAt(
          "type",
          at,
          path,
          `expected ${expected}, got ${describe(node)}`,
          node === null || (isScalar(node) && node.value === null)
            ? "give it a value or remove the key"
            : undefined,
        );
        return undefined;
      }
      const v = node.value;
      if (type === "string") {
        let text: string | undefined;
        if (typeof v === "string") text = v;
        else if (typeof v === "bigint" && rules.intOrString) {
          text = v.toString();
        } else {
          const expected = rules.intOrString
            ? "a string or an integer"
            : "a string";
          this.#typeError(
            node,
            path,
            expected,
            `quote it: ${quote(node.source ?? String(v))}`,
          );
          return undefined;
        }
        if (format) this.#checkFormat(format, text, node, path);
        return text;
      }
      if (type === "bool") {
        if (typeof v === "boolean") return v;
        const hint =
          typeof v === "string" && /^(yes|no|on|off|y|n|true|false)$/i.test(v)
            ? "YAML 1.2 booleans are written true or false"
            : undefined;
        this.#typeError(node, path, "true or false", hint);
        return undefined;
      }
      if (type === "double" || type === "float") {
        if (typeof v === "number") return v;
        if (typeof v === "bigint") return Number(v);
        this.#typeError(node, path, "a number");
        return undefined;
      }
      const range = INT_RANGES[type];
      if (!range) throw new Error(`decoder: unsupported scalar type ${type}`);
      if (typeof v !== "bigint") {
        const hint = typeof v === "string" && /^[-+]?[0-9]+$/.test(v)
          ? `remove the quotes: ${v}`
          : undefined;
        this.#typeError(node, path, "an integer", hint);
        return undefined;
      }
      if (v < range[0] || v > range[1]) {
        this.#errorAt(
          "invalid",
          node,
          path,
          `${v} is out of range for ${type} (${range[0]} to ${range[1]})`,
        );
        return undefined;
      }
      if (rules.min !== undefined && v < BigInt(rules.min)) {
        this.#errorAt(
          "invalid",
          node,
          path,
          boundMessage(rules.min, rules.max),
        );
        return undefined;
      }
      if (rules.max !== undefined && v > BigInt(rules.max)) {
        this.#errorAt(
          "invalid",
          node,
          path,
          boundMessage(rules.min, rules.max),
        );
        return undefined;
      }
      return type.endsWith("64") ? v.toString() : Number(v);
    });
  }

  #checkFormat(
    format: string,
    text: string,
    node: Node | null,
    path: FieldPath,
    prefix = "",
  ) {
    const check = formats[format];
    if (!check) throw new Error(`decoder: unknown format ${format}`);
    const problem = check(text);
    if (problem) {
      this.#errorAt(
        "invalid",
        node,
        path,
        prefix + problem.message,
        problem.hint,
      );
    }
  }
}

function boundMessage(
  min: number | undefined,
  max: number | undefined,
): string {
  if (min !== undefined && max !== undefined) {
    return `must be between ${min} and ${max}`;
  }
  if (min !== undefined) return `must be at least ${min}`;
  return `must be at most ${max}`;
}
