/**
 * Where each value of a decoded manifest was written, found by walking the
 * YAML tree along a field path.
 *
 * @module
 */
import type { Position } from "../diagnostics/diagnostic.ts";
import type { FieldPath, PathStep } from "../diagnostics/field_path.ts";
import type { LineIndex } from "./line_index.ts";
import { resolveAlias, type YamlNode } from "./yaml_tree.ts";

/** The node a step leads to from `node`, and the key that named it. */
function stepInto(
  node: YamlNode,
  step: PathStep,
): { value: YamlNode; key?: YamlNode } | undefined {
  const n = resolveAlias(node);
  if ("index" in step) {
    return n.kind === "seq" && step.index < n.items.length
      ? { value: n.items[step.index] }
      : undefined;
  }
  if (n.kind !== "map") return undefined;
  const name = "field" in step ? step.field : step.key;
  for (const pair of n.pairs) {
    const k = resolveAlias(pair.key);
    if (k.kind === "scalar" && k.value === name) {
      return { value: pair.value, key: pair.key };
    }
  }
  return undefined;
}

/**
 * Positions of the values a user wrote, by field path, read from the YAML
 * tree of one document.
 *
 * @example
 * ```ts
 * import { parseYamlFile } from "./yaml_file.ts";
 * import { SourceMap } from "./source_map.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const { root, lines } = parseYamlFile("spec:\n  replicas: 3\n", "x.kat");
 * const map = new SourceMap(root!, lines);
 * const spec = FieldPath.root().child("spec");
 * console.log(map.locate(spec.child("replicas"))); // { line: 2, column: 13 }
 * console.log(map.locate(spec.child("image"))); // { line: 2, column: 3 }
 * console.log(map.has(spec.child("image"))); // false
 * ```
 */
export class SourceMap {
  #root: YamlNode | (() => YamlNode);

  /**
   * Maps the document whose root is `root`.
   *
   * @param root The document's root node, or a function that gives it,
   * called once when a position or `has` is first asked.
   * @param lines Positions of the document's text.
   */
  constructor(
    root: YamlNode | (() => YamlNode),
    readonly lines: LineIndex,
  ) {
    this.#root = root;
  }

  /** The document's root node. */
  get root(): YamlNode {
    if (typeof this.#root === "function") this.#root = this.#root();
    return this.#root;
  }

  /** Where the document starts. */
  get documentStart(): Position {
    return this.lines.position(this.root.offset);
  }

  /** Whether the user wrote the key or item at `path` (even with no value). */
  has(path: FieldPath): boolean {
    let node = this.root;
    for (const step of path.steps()) {
      const next = stepInto(node, step);
      if (!next) return false;
      node = next.value;
    }
    return true;
  }

  /**
   * Position of the value at `path`; for a value that was not written, the
   * position of its nearest written ancestor, so that a missing field is
   * reported at the mapping that should hold it. A key written with no value
   * is located at the key.
   */
  locate(path: FieldPath): Position {
    let node = this.root;
    let at = this.root.offset;
    for (const step of path.steps()) {
      const next = stepInto(node, step);
      if (!next) break;
      node = next.value;
      const empty = node.kind === "scalar" && node.empty;
      at = empty && next.key ? next.key.offset : node.offset;
    }
    return this.lines.position(at);
  }
}
