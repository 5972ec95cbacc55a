/**
 * The generic decoder: walks a YAML tree along a protobuf message type and
 * builds the resource in the manifest's own vocabulary (keys as written,
 * enum values as spelled), reporting every problem with its field path and
 * position. Nothing here knows a particular kind; all per-field rules come
 * from the proto (see src/schema/registry.ts).
 *
 * @module
 */
import type { DiagnosticCode } from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { quote } from "../diagnostics/quote.ts";
import type { Reporter } from "../diagnostics/reporter.ts";
import { didYouMean } from "../diagnostics/suggest.ts";
import { formats } from "../rules/formats_by_name.ts";
import {
  type EnumType,
  type Field,
  INT_RANGES,
  type MessageType,
} from "../schema/registry.ts";
import type { LineIndex } from "./line_index.ts";
import {
  isNull,
  resolveAlias,
  type YamlInvalid,
  type YamlNode,
  type YamlScalar,
} from "./yaml_tree.ts";

/** A decoded message: manifest keys to values. */
export type DecodedMessage = Record<string, unknown>;

/** Options of {@link Decoder.decodeRoot}. */
export interface DecodeRootOptions {
  /**
   * Top-level keys that are no field of the type but are known to be set by
   * the system (`status`): refused as such rather than as unknown.
   * @default {[]}
   */
  systemKeys?: readonly string[];
  /**
   * Top-level fields checked elsewhere (`kind`), or not at all (the `spec` of
   * a document whose kind is unknown): neither decoded nor required here.
   * @default {[]}
   */
  skip?: readonly string[];
}

/** Describes a node for messages: "a mapping", "the integer 3", … */
function describe(raw: YamlNode): string {
  const node = resolveAlias(raw);
  switch (node.kind) {
    case "map":
      return "a mapping";
    case "seq":
      return "a list";
    case "scalar": {
      const v = node.value;
      if (v === null) return "null";
      if (typeof v === "bigint") return `the integer ${v}`;
      if (typeof v === "number") return `the number ${node.source}`;
      if (typeof v === "boolean") return `the boolean ${v}`;
      return `the string ${quote(v)}`;
    }
  }
  return "an invalid value";
}

/** What a scalar type is called in messages. */
function expected(type: string, intOrString: boolean): string {
  if (type === "string") {
    return intOrString ? "a string or an integer" : "a string";
  }
  if (type === "bool") return "true or false";
  if (type === "double" || type === "float") return "a number";
  return "an integer";
}

/** Whether a decoded list or map holds nothing. */
function isEmptyCollection(value: unknown, field: Field): boolean {
  if (field.repeated) return (value as unknown[]).length === 0;
  if (!field.map) return false;
  for (const _ in value as Record<string, unknown>) return false;
  return true;
}

/** Sets a key of a plain object, `__proto__` included, as an own property. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  if (key !== "__proto__") target[key] = value;
  else {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

/**
 * Decodes the nodes of one document into messages.
 *
 * @example
 * ```ts
 * import { Decoder } from "./decoder.ts";
 * import { parseYamlFile } from "./yaml_file.ts";
 * import { SourceMap } from "./source_map.ts";
 * import { Reporter } from "../diagnostics/reporter.ts";
 * import { messageType } from "../schema/registry.ts";
 * const { root, lines } = parseYamlFile("name: web\ncontainerPort: 80\n", "p.kat");
 * const map = new SourceMap(root!, lines);
 * const reporter = new Reporter("p.kat", (p) => map.locate(p));
 * const port = new Decoder(lines, reporter).decodeRoot(root!, messageType("Port"));
 * console.log(port); // { name: "web", containerPort: 80 }
 * ```
 */
export class Decoder {
  /**
   * A decoder that reports to `reporter`.
   *
   * @param lines Positions of the document's text.
   * @param reporter Where problems go.
   */
  constructor(readonly lines: LineIndex, readonly reporter: Reporter) {}

  /**
   * Decodes the whole document as `type`; undefined when the root is not a
   * mapping (which is reported).
   */
  decodeRoot(
    root: YamlNode,
    type: MessageType,
    options: DecodeRootOptions = {},
  ): DecodedMessage | undefined {
    return this.#message(root, type, FieldPath.root(), options);
  }

  #error(
    code: DiagnosticCode,
    node: YamlNode,
    path: FieldPath,
    message: string,
    hint?: string,
  ): void {
    this.reporter.reportAt(
      this.lines.position(node.offset),
      "error",
      code,
      path,
      message,
      hint,
    );
  }

  /** Reports the problem of an invalid node, once, at `path`. */
  #invalid(node: YamlInvalid, path: FieldPath): undefined {
    if (!node.reported) {
      node.reported = true;
      this.#error("yaml", node, path, node.message, node.hint);
    }
    return undefined;
  }

  #typeError(node: YamlNode, path: FieldPath, what: string, hint?: string) {
    this.#error(
      "type",
      node,
      path,
      `expected ${what}, got ${describe(node)}`,
      hint,
    );
  }

  #message(
    raw: YamlNode,
    type: MessageType,
    path: FieldPath,
    options: DecodeRootOptions = {},
  ): DecodedMessage | undefined {
    const node = resolveAlias(raw);
    if (node.kind === "invalid") return this.#invalid(node, path);
    if (node.kind !== "map" && !isNull(node)) {
      if (path.step === undefined) {
        this.#error(
          "type",
          node,
          path,
          "a manifest must be a mapping with apiVersion, kind, metadata and spec",
        );
      } else this.#typeError(node, path, "a mapping");
      return undefined;
    }
    const out: DecodedMessage = {};
    const seen = new Map<string, YamlNode>();
    // Choices: the member set with a value, and whether any member was
    // written; only messages with a oneof need them.
    const chosen = type.oneofs.length ? new Map<string, string>() : undefined;
    const touched = type.oneofs.length ? new Set<string>() : undefined;
    const pairs = node.kind === "map" ? node.pairs : [];
    for (const pair of pairs) {
      const keyNode = resolveAlias(pair.key);
      if (keyNode.kind === "invalid") {
        this.#invalid(keyNode, path);
        continue;
      }
      if (keyNode.kind !== "scalar" || typeof keyNode.value !== "string") {
        this.#keyTypeError(keyNode, path);
        continue;
      }
      const key = keyNode.value;
      const keyPath = path.child(key);
      const first = seen.get(key);
      if (first) {
        this.#duplicateKey(pair.key, keyPath, key, first);
        continue;
      }
      seen.set(key, pair.key);
      if (options.skip?.includes(key)) continue;
      const field = type.field(key);
      if (!field) {
        if (options.systemKeys?.includes(key)) {
          this.#systemKey(pair.key, keyPath);
        } else {
          this.#unknownKey(pair.key, keyPath, key, type);
        }
        continue;
      }
      if (field.rules.system) {
        this.#systemKey(pair.key, keyPath);
        continue;
      }
      const oneof = field.oneof;
      if (oneof && chosen && touched) {
        touched.add(oneof.name);
        if (!isNull(resolveAlias(pair.value))) {
          const other = chosen.get(oneof.name);
          if (other !== undefined) {
            this.#error(
              "forbidden",
              pair.key,
              keyPath,
              `only one of ${
                oneof.fields.map((f) => f.jsonName).join(", ")
              } may be set, but ${other} is set too`,
            );
            continue;
          }
          chosen.set(oneof.name, key);
        }
      }
      const value = field.map
        ? this.#map(pair.value, field, keyPath)
        : field.repeated
        ? this.#list(pair.value, field, keyPath)
        : this.#single(pair.value, field, keyPath);
      // An empty list or map is no value at all, as in proto3: absent.
      if (value !== undefined && !isEmptyCollection(value, field)) {
        out[key] = value;
      }
    }
    for (const field of type.fields) {
      if (
        field.rules.required && !seen.has(field.jsonName) &&
        !options.skip?.includes(field.jsonName)
      ) {
        this.reporter.required(path.child(field.jsonName));
      }
    }
    for (const oneof of type.oneofs) {
      if (oneof.required && !touched?.has(oneof.name)) {
        const names = oneof.fields.map((f) => f.jsonName);
        this.reporter.required(
          path.child(names[0]),
          `set exactly one of ${names.join(", ")}`,
        );
      }
    }
    return out;
  }

  #keyTypeError(keyNode: YamlNode, path: FieldPath) {
    const hint = keyNode.kind === "scalar" && keyNode.value !== null
      ? `quote it: ${JSON.stringify(keyNode.source)}`
      : undefined;
    this.#error(
      "type",
      keyNode,
      path,
      `keys must be strings, got ${describe(keyNode)}`,
      hint,
    );
  }

  #duplicateKey(
    keyNode: YamlNode,
    path: FieldPath,
    key: string,
    first: YamlNode,
  ) {
    this.#error(
      "duplicate",
      keyNode,
      path,
      `duplicate key ${quote(key)}`,
      `first written on line ${this.lines.position(first.offset).line}`,
    );
  }

  #systemKey(keyNode: YamlNode, path: FieldPath) {
    this.#error(
      "forbidden",
      keyNode,
      path,
      `${path} is set by the system and cannot be written in a manifest`,
      "remove it",
    );
  }

  #unknownKey(
    keyNode: YamlNode,
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
    this.#error(
      "unknown_field",
      keyNode,
      path,
      `unknown field ${quote(key)}`,
      hint,
    );
  }

  #list(raw: YamlNode, field: Field, path: FieldPath): unknown[] | undefined {
    const node = resolveAlias(raw);
    if (node.kind === "invalid") return this.#invalid(node, path);
    const out: unknown[] = [];
    if (node.kind === "seq") {
      for (let i = 0; i < node.items.length; i++) {
        const v = this.#single(node.items[i], field, path.index(i));
        if (v !== undefined) out.push(v);
      }
    } else if (!isNull(node)) {
      const hint = node.kind === "scalar" && !field.message && !field.enum
        ? `write a list: [${node.source}]`
        : undefined;
      this.#typeError(node, path, "a list", hint);
      return undefined;
    }
    const minItems = field.rules.minItems ?? 0;
    const written = node.kind === "seq" ? node.items.length : 0;
    if (written < minItems) {
      this.#error(
        "required",
        raw,
        path,
        `must have at least ${minItems} item${minItems === 1 ? "" : "s"}`,
      );
    }
    return out;
  }

  #map(
    raw: YamlNode,
    field: Field,
    path: FieldPath,
  ): Record<string, unknown> | undefined {
    const node = resolveAlias(raw);
    if (node.kind === "invalid") return this.#invalid(node, path);
    const out: Record<string, unknown> = {};
    if (isNull(node)) return out;
    if (node.kind !== "map") {
      this.#typeError(node, path, "a mapping of strings");
      return undefined;
    }
    const rules = field.rules;
    const seen = new Map<string, YamlNode>();
    for (const pair of node.pairs) {
      const keyNode = resolveAlias(pair.key);
      if (keyNode.kind === "invalid") {
        this.#invalid(keyNode, path);
        continue;
      }
      if (keyNode.kind !== "scalar" || typeof keyNode.value !== "string") {
        this.#keyTypeError(
          keyNode,
          keyNode.kind === "scalar" && keyNode.value !== null
            ? path.key(keyNode.source)
            : path,
        );
        continue;
      }
      const key = keyNode.value;
      const entryPath = path.key(key);
      const first = seen.get(key);
      if (first) {
        this.#duplicateKey(pair.key, entryPath, key, first);
        continue;
      }
      seen.set(key, pair.key);
      if (rules.keyFormat) {
        this.#checkFormat(rules.keyFormat, key, pair.key, entryPath, "key: ");
      }
      const value = this.#single(
        pair.value,
        field,
        entryPath,
        rules.valueFormat,
      );
      if (value !== undefined) setOwn(out, key, value);
    }
    return out;
  }

  #single(
    node: YamlNode,
    field: Field,
    path: FieldPath,
    format = field.rules.format,
  ): unknown {
    if (field.message) return this.#message(node, field.message, path);
    if (field.enum) return this.#enum(node, field.enum, path);
    return this.#scalar(node, field, path, format);
  }

  #enum(raw: YamlNode, e: EnumType, path: FieldPath): string | undefined {
    const node = resolveAlias(raw);
    if (node.kind === "invalid") return this.#invalid(node, path);
    // Listed only for a diagnostic: a valid value is one map lookup.
    const spellings = () => [...e.fromSpelling.keys()];
    const listed = () => spellings().map((s) => JSON.stringify(s)).join(", ");
    if (node.kind !== "scalar" || typeof node.value !== "string") {
      this.#typeError(
        node,
        path,
        `one of ${listed()}`,
        isNull(node) ? "give it a value or remove the key" : undefined,
      );
      return undefined;
    }
    const value = node.value;
    if (e.fromSpelling.has(value)) return value;
    const spelled = e.toSpelling.get(value);
    this.#error(
      "not_supported",
      node,
      path,
      `unsupported value ${quote(value)}: must be one of ${listed()}`,
      spelled !== undefined
        ? `${value} is the proto name; a manifest writes ${
          JSON.stringify(spelled)
        }`
        : didYouMean(value, spellings()),
    );
    return undefined;
  }

  #scalar(
    raw: YamlNode,
    field: Field,
    path: FieldPath,
    format: string | undefined,
  ): unknown {
    const node = resolveAlias(raw);
    if (node.kind === "invalid") return this.#invalid(node, path);
    const type = field.type;
    const rules = field.rules;
    if (node.kind !== "scalar" || node.value === null) {
      this.#typeError(
        node,
        path,
        expected(type, rules.intOrString),
        isNull(node) ? "give it a value or remove the key" : undefined,
      );
      return undefined;
    }
    const v = node.value;
    if (type === "string") {
      let text: string;
      if (typeof v === "string") text = v;
      else if (typeof v === "bigint" && rules.intOrString) text = v.toString();
      else {
        this.#typeError(
          node,
          path,
          expected(type, rules.intOrString),
          `quote it: ${JSON.stringify(node.source)}`,
        );
        return undefined;
      }
      if (format) this.#checkFormat(format, text, node, path);
      return text;
    }
    if (type === "bool") {
      if (typeof v === "boolean") return v;
      const hint = typeof v === "string" &&
          /^(yes|no|on|off|y|n|true|false)$/i.test(v)
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
    return this.#integer(node, v, field, path);
  }

  #integer(
    node: YamlScalar,
    v: Exclude<YamlScalar["value"], null>,
    field: Field,
    path: FieldPath,
  ): number | string | undefined {
    const type = field.type;
    const range = INT_RANGES[type];
    if (!range) throw new Error(`decoder: unsupported scalar type ${type}`);
    if (typeof v !== "bigint") {
      const hint = typeof v === "string" && /^[-+]?[0-9]+$/.test(v)
        ? `remove the quotes: ${v}`
        : typeof v === "number" && Number.isInteger(v)
        ? `write it without a fraction: ${v}`
        : undefined;
      this.#typeError(node, path, "an integer", hint);
      return undefined;
    }
    const rules = field.rules;
    const min = rules.min !== undefined && BigInt(rules.min) > range[0]
      ? BigInt(rules.min)
      : range[0];
    const max = rules.max !== undefined && BigInt(rules.max) < range[1]
      ? BigInt(rules.max)
      : range[1];
    if (v < min || v > max) {
      this.#error(
        "invalid",
        node,
        path,
        boundMessage(v, min, max, type, range),
      );
      return undefined;
    }
    return type.endsWith("64") ? v.toString() : Number(v);
  }

  #checkFormat(
    format: string,
    text: string,
    node: YamlNode,
    path: FieldPath,
    prefix = "",
  ) {
    const check = formats[format];
    if (!check) throw new Error(`decoder: unknown format ${format}`);
    const problem = check(text);
    if (problem) {
      this.#error(
        "invalid",
        node,
        path,
        prefix + problem.message,
        problem.hint,
      );
    }
  }
}

/**
 * The message for an integer out of its bounds, naming the type's own limit
 * when that is the bound passed.
 */
function boundMessage(
  v: bigint,
  min: bigint,
  max: bigint,
  type: string,
  range: readonly [bigint, bigint],
): string {
  const passed = v < min ? min : max;
  const limit = passed === range[0] || passed === range[1]
    ? ` (the ${type} limit)`
    : "";
  if (v < min && max === range[1]) return `must be at least ${min}${limit}`;
  if (v > max && min === range[0]) return `must be at most ${max}${limit}`;
  return `must be between ${min} and ${max}${limit}`;
}
