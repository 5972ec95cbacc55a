/**
 * The YAML syntax tree the decoder walks: mappings, sequences, scalars and
 * aliases, each with the offset where it was written. Built by
 * {@link parseYamlFile} from the parser's events; nothing here depends on a
 * parser library.
 *
 * @module
 */

/** A scalar's value under YAML 1.2's core schema; integers are exact. */
export type ScalarValue = null | boolean | bigint | number | string;

/**
 * A mapping.
 *
 * @example
 * ```ts
 * import type { YamlMap } from "./yaml_tree.ts";
 * const empty: YamlMap = { kind: "map", offset: 0, pairs: [] };
 * ```
 */
export interface YamlMap {
  /** Always `map`. */
  readonly kind: "map";
  /** Offset of the mapping: its first key, or its `{`. */
  readonly offset: number;
  /** Its entries, in the order written. */
  readonly pairs: YamlPair[];
}

/**
 * One entry of a mapping.
 *
 * @example
 * ```ts
 * import type { YamlPair } from "./yaml_tree.ts";
 * const pair: YamlPair = {
 *   key: { kind: "scalar", offset: 0, value: "a", source: "a", style: "plain", empty: false },
 *   value: { kind: "scalar", offset: 3, value: 1n, source: "1", style: "plain", empty: false },
 * };
 * ```
 */
export interface YamlPair {
  /** The key. */
  readonly key: YamlNode;
  /** The value; an empty scalar when nothing was written after the key. */
  readonly value: YamlNode;
}

/**
 * A sequence.
 *
 * @example
 * ```ts
 * import type { YamlSeq } from "./yaml_tree.ts";
 * const empty: YamlSeq = { kind: "seq", offset: 0, items: [] };
 * ```
 */
export interface YamlSeq {
  /** Always `seq`. */
  readonly kind: "seq";
  /** Offset of the sequence: its first `-`, or its `[`. */
  readonly offset: number;
  /** Its items, in order. */
  readonly items: YamlNode[];
}

/**
 * A scalar, resolved under the core schema (or by its explicit tag).
 *
 * @example
 * ```ts
 * import type { YamlScalar } from "./yaml_tree.ts";
 * const port: YamlScalar = {
 *   kind: "scalar", offset: 14, value: 8080n, source: "8080", style: "plain", empty: false,
 * };
 * ```
 */
export interface YamlScalar {
  /** Always `scalar`. */
  readonly kind: "scalar";
  /**
   * Offset of the scalar: its first character, its opening quote, or its
   * block indicator (`|`, `>`). For an empty value, the offset of its key
   * (or its `-` in a sequence).
   */
  readonly offset: number;
  /** The value. */
  readonly value: ScalarValue;
  /** The text as written, without quotes; for hints such as "quote it". */
  readonly source: string;
  /** How it was written. */
  readonly style: "plain" | "quoted" | "block";
  /** Nothing at all was written (`key:` with no value, `- ` alone). */
  readonly empty: boolean;
}

/**
 * An alias (`*name`) and the node its anchor names.
 *
 * @example
 * ```ts
 * import type { YamlAlias, YamlScalar } from "./yaml_tree.ts";
 * const target: YamlScalar = {
 *   kind: "scalar", offset: 6, value: "web", source: "web", style: "plain", empty: false,
 * };
 * const alias: YamlAlias = { kind: "alias", offset: 20, name: "n", target };
 * ```
 */
export interface YamlAlias {
  /** Always `alias`. */
  readonly kind: "alias";
  /** Offset of the `*`. */
  readonly offset: number;
  /** The anchor's name. */
  readonly name: string;
  /** The anchored node. */
  readonly target: YamlNode;
}

/**
 * A node that cannot be used, and why (an unknown tag, an alias that names no
 * anchor). Whoever meets it first reports the problem with the field path it
 * knows, and marks it reported; checks then skip it.
 *
 * @example
 * ```ts
 * import type { YamlInvalid } from "./yaml_tree.ts";
 * const bad: YamlInvalid = {
 *   kind: "invalid", offset: 3, message: 'unknown YAML tag "!x"', reported: false,
 * };
 * ```
 */
export interface YamlInvalid {
  /** Always `invalid`. */
  readonly kind: "invalid";
  /** Offset of the problem. */
  readonly offset: number;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Whether the problem has been reported. */
  reported: boolean;
}

/**
 * Any node of the tree.
 *
 * @example
 * ```ts
 * import type { YamlNode } from "./yaml_tree.ts";
 * const node: YamlNode = { kind: "seq", offset: 0, items: [] };
 * console.log(node.kind); // "seq"
 * ```
 */
export type YamlNode = YamlMap | YamlSeq | YamlScalar | YamlAlias | YamlInvalid;

/**
 * The node an alias stands for (the node itself when it is not an alias).
 *
 * @example
 * ```ts
 * import { resolveAlias, type YamlNode } from "./yaml_tree.ts";
 * const seq: YamlNode = { kind: "seq", offset: 0, items: [] };
 * console.log(resolveAlias({ kind: "alias", offset: 9, name: "a", target: seq }) === seq); // true
 * ```
 */
export function resolveAlias(node: YamlNode): YamlNode {
  return node.kind === "alias" ? node.target : node;
}

/**
 * Whether a node is null: an empty value, `~` or `null`.
 *
 * @example
 * ```ts
 * import { isNull } from "./yaml_tree.ts";
 * console.log(isNull({ kind: "scalar", offset: 0, value: null, source: "~", style: "plain", empty: false })); // true
 * ```
 */
export function isNull(
  node: YamlNode,
): node is YamlScalar & { readonly value: null } {
  return node.kind === "scalar" && node.value === null;
}

/**
 * A node with every property any node has, in one order, unset ones
 * undefined: all nodes then share one shape, which keeps the checks that walk
 * the tree fast. Every node of a tree is made here.
 *
 * @example
 * ```ts
 * import { makeNode } from "./yaml_tree.ts";
 * const seq = makeNode({ kind: "seq", offset: 0, items: [] });
 * console.log(Object.keys(seq).length); // 13
 * ```
 */
export function makeNode<N extends YamlNode>(fields: N): N {
  const f = fields as unknown as Record<string, unknown>;
  return {
    kind: f.kind,
    offset: f.offset,
    pairs: f.pairs,
    items: f.items,
    value: f.value,
    source: f.source,
    style: f.style,
    empty: f.empty,
    name: f.name,
    target: f.target,
    message: f.message,
    hint: f.hint,
    reported: f.reported,
  } as unknown as N;
}
