/**
 * Bounds what anchors and aliases may expand to, before anything walks the
 * document: a "billion laughs" file is rejected in time linear in its size.
 *
 * @module
 */
import { type Document, isAlias, isMap, isPair, isSeq, type Node } from "yaml";

/** Where the budget ran out, and why. */
export interface AliasProblem {
  /** Offset of the alias that crossed the budget. */
  offset: number;
  /** What went wrong. */
  message: string;
  /** How to fix it. */
  hint: string;
}

/**
 * Checks that expanding every alias of `doc` adds at most `maxNodes` nodes.
 * Sizes of anchored nodes are memoised, so the check itself never expands.
 *
 * @example
 * ```ts
 * import { parseDocument } from "yaml";
 * import { checkAliases } from "./alias_guard.ts";
 * const doc = parseDocument("a: &x [1, 2, 3]\nb: *x\n");
 * console.log(checkAliases(doc, 100)); // undefined
 * console.log(checkAliases(doc, 2)?.message); // "anchors and aliases expand to more than 2 nodes"
 * ```
 */
export function checkAliases(
  doc: Document | Document.Parsed,
  maxNodes: number,
): AliasProblem | undefined {
  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();
  const cyclic = (offset: number): AliasProblem => ({
    offset,
    message: "an alias refers to a node that contains it",
    hint: "aliases must not form a cycle",
  });

  /** Nodes in `node` once every alias in it is expanded. */
  const size = (node: unknown): number | AliasProblem => {
    if (node === null || typeof node !== "object") return 1;
    const n = node as Node;
    if (isAlias(n)) {
      const target = n.resolve(doc as Document) as Node | undefined;
      if (!target) return 1;
      if (inProgress.has(target)) return cyclic(n.range?.[0] ?? 0);
      return size(target);
    }
    const known = sizes.get(n);
    if (known !== undefined) return known;
    inProgress.add(n);
    let total = 1;
    const children: unknown[] = isMap(n)
      ? n.items.flatMap((p) => (isPair(p) ? [p.key, p.value] : []))
      : isSeq(n)
      ? n.items
      : [];
    for (const child of children) {
      const s = size(child);
      if (typeof s !== "number") return s;
      total += s;
      if (total > Number.MAX_SAFE_INTEGER / 2) break;
    }
    inProgress.delete(n);
    sizes.set(n, total);
    return total;
  };

  let added = 0;
  let problem: AliasProblem | undefined;
  const walk = (node: unknown): void => {
    if (problem || node === null || typeof node !== "object") return;
    const n = node as Node;
    if (isAlias(n)) {
      const s = size(n);
      if (typeof s !== "number") {
        problem = s;
        return;
      }
      added += s;
      if (added > maxNodes) {
        problem = {
          offset: n.range?.[0] ?? 0,
          message: `anchors and aliases expand to more than ${maxNodes} nodes`,
          hint:
            "the document looks like an alias bomb; write the values out instead",
        };
      }
      return;
    }
    if (isMap(n)) {
      for (const p of n.items) {
        if (isPair(p)) {
          walk(p.key);
          walk(p.value);
        }
      }
    } else if (isSeq(n)) {
      for (const item of n.items) walk(item);
    }
  };
  walk(doc.contents);
  return problem;
}
