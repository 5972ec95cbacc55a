/**
 * The second YAML parser, `yaml` (eemeli), as a reference for the tree that
 * src/decode/yaml_file.ts builds: the same document as a comparable plain
 * structure from each, with offsets. Tests only.
 *
 * @module
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
} from "yaml";
import type { YamlNode } from "../../src/decode/yaml_tree.ts";

/** A node as both parsers can describe it. */
export type Shape =
  | { map: [Shape, Shape][]; at: number }
  | { seq: Shape[]; at: number }
  | { scalar: string; at: number }
  | { alias: string; at: number };

/** A scalar's value as text that tells the types apart. */
function scalarText(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "bigint") return `int:${v}`;
  if (typeof v === "number") return `float:${Object.is(v, -0) ? "-0" : v}`;
  if (typeof v === "boolean") return `bool:${v}`;
  return `str:${String(v)}`;
}

/** Our tree as a shape. Aliases stay aliases. */
export function ourShape(node: YamlNode): Shape {
  switch (node.kind) {
    case "map":
      return {
        map: node.pairs.map((p) => [ourShape(p.key), ourShape(p.value)]),
        at: node.offset,
      };
    case "seq":
      return { seq: node.items.map(ourShape), at: node.offset };
    case "scalar":
      // Nothing written after the key (or only an anchor or tag): no position
      // to compare, the two parsers point at different ends of it.
      return {
        scalar: scalarText(node.value),
        at: node.empty || node.source === "" && node.style === "plain"
          ? -1
          : node.offset,
      };
    case "alias":
      return { alias: node.name, at: node.offset };
    case "invalid":
      throw new Error("an invalid node has no reference shape");
  }
}

/** The reference parser's tree as a shape, or its first error. */
export function referenceShape(
  text: string,
): { shape?: Shape; error?: string; documents: number } {
  const docs = parseAllDocuments(text, {
    schema: "core",
    version: "1.2",
    intAsBigInt: true,
    uniqueKeys: false,
    merge: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) {
    if (d.errors.length) {
      return { error: d.errors[0].message, documents: list.length };
    }
  }
  if (list.length !== 1 || list[0].contents === null) {
    return { documents: list.length };
  }
  return { shape: refNode(list[0].contents as Node), documents: 1 };
}

function refNode(node: Node | null): Shape {
  if (node === null) return { scalar: "null", at: -1 };
  if (isAlias(node)) return { alias: node.source, at: node.range![0] };
  if (isMap(node)) {
    return {
      map: node.items.map((p) => [
        refNode(p.key as Node | null),
        refNode(p.value as Node | null),
      ]),
      at: node.range![0],
    };
  }
  if (isSeq(node)) {
    return {
      seq: node.items.map((i) => refNode(i as Node | null)),
      at: node.range![0],
    };
  }
  if (isScalar(node)) {
    const empty = node.source === "" && node.type === "PLAIN";
    return { scalar: scalarText(node.value), at: empty ? -1 : node.range![0] };
  }
  throw new Error("unknown reference node");
}
