/**
 * The documents the fast paths are checked on: every example and test
 * `.kat` file, and random mutations of them at the level of characters,
 * tokens and the loaded tree.
 *
 * @module
 */
import fc from "fast-check";
import { dump, load } from "js-yaml";
import type { Kind } from "../../src/gen/types.ts";
import { katFiles, REPO } from "../helpers.ts";
import { tokensEdited, writtenOver } from "../text_mutations.ts";

/**
 * Every example and test `.kat` file, by path.
 *
 * @example
 * ```ts
 * import { CORPUS } from "./fast_decode_cases.ts";
 * console.log(CORPUS.size > 0); // true
 * ```
 */
export const CORPUS = new Map([
  ...katFiles(`${REPO}examples`),
  ...katFiles(`${REPO}tests`),
]);
const FILES = [...CORPUS.values()];

/**
 * The `kind:` a text names at the start of a line, as its decoder is chosen.
 *
 * @example
 * ```ts
 * import { kindOf } from "./fast_decode_cases.ts";
 * console.log(kindOf("apiVersion: v\nkind: Namespace\n")); // "Namespace"
 * ```
 */
export function kindOf(text: string): Kind {
  return /^kind: (\w+)$/m.exec(text)![1] as Kind;
}

const PIECES = [
  ":",
  "- ",
  " ",
  "\n",
  "[",
  "]",
  "{",
  "}",
  ",",
  "'",
  '"',
  "&a ",
  "*a",
  "!!str ",
  "!!int ",
  "~",
  "null",
  "yes",
  "0",
  "-1",
  "1.5",
  "65536",
  "2147483648",
  "#",
  "|\n",
  "é",
  "_",
  ".",
  "/",
  "x".repeat(70),
  "<<: ",
];

/**
 * A file of the corpus with up to three pieces of YAML written over it.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { byChars } from "./fast_decode_cases.ts";
 * console.log(typeof fc.sample(byChars, 1)[0]); // "string"
 * ```
 */
export const byChars: fc.Arbitrary<string> = writtenOver(FILES, PIECES, {
  maxCut: 4,
  maxEdits: 3,
});

/**
 * A file of the corpus with up to two tokens duplicated, dropped or swapped.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { byTokens } from "./fast_decode_cases.ts";
 * console.log(typeof fc.sample(byTokens, 1)[0]); // "string"
 * ```
 */
export const byTokens: fc.Arbitrary<string> = tokensEdited(FILES, {
  maxEdits: 2,
});

const leaf = fc.constantFrom(
  null,
  true,
  false,
  0,
  1,
  -1,
  1.5,
  80,
  65536,
  2 ** 31,
  "",
  "x",
  "web",
  "SERVICE",
  "TCP",
  "80",
  "yes",
  "/x",
  "1Gi",
  "25%",
  {},
  [],
);

/**
 * A file of the corpus, loaded, with values replaced, dropped, added,
 * wrapped in a list, or keys reordered, and written out again.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { byTree } from "./fast_decode_cases.ts";
 * console.log(typeof fc.sample(byTree, 1)[0]); // "string"
 * ```
 */
export const byTree = fc.tuple(
  fc.nat(FILES.length - 1),
  fc.array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom("set", "drop", "add", "wrap", "reverse"),
    ),
    { minLength: 1, maxLength: 2 },
  ),
  fc.array(leaf, { minLength: 2, maxLength: 2 }),
).map(([which, edits, leaves]) => {
  const doc = load(FILES[which]);
  const spots: {
    parent: Record<string | number, unknown>;
    key: string | number;
  }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        spots.push({
          parent: node as unknown as Record<number, unknown>,
          key: i,
        });
        visit(v);
      });
    } else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        spots.push({ parent: node as Record<string, unknown>, key: k });
        visit(v);
      }
    }
  };
  visit(doc);
  edits.forEach(([at, op], n) => {
    const { parent, key } = spots[at % spots.length];
    if (op === "set") parent[key] = structuredClone(leaves[n]);
    else if (op === "drop") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (op === "add") {
      if (!Array.isArray(parent)) parent[`extra${n}`] = leaves[n];
    } else if (op === "wrap") parent[key] = [parent[key]];
    else {
      const value = parent[key];
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value).reverse();
        parent[key] = Object.fromEntries(entries);
      }
    }
  });
  return dump(doc);
});
