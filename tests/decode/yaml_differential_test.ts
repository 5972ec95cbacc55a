/**
 * The YAML layer against a second YAML parser: mutations of the example files
 * (characters YAML gives meaning to, inserted, deleted and replaced) are read
 * by src/decode/yaml_file.ts and by `yaml` (eemeli). Where both read a
 * document, the trees must be the same: structure, scalar values and types,
 * and the offset of every node. Where one reads it and the other refuses it,
 * the input must fall in a class written down below.
 *
 * `KAT_FUZZ_RUNS` raises the number of inputs (`deno task fuzz`).
 */
import fc from "fast-check";
import { assertEquals } from "../assert.ts";
import { parseYamlFile } from "../../src/decode/yaml_file.ts";
import { ourShape, referenceShape } from "./yaml_reference.ts";
import { exampleTexts } from "../helpers.ts";

const RUNS = Number(Deno.env.get("KAT_FUZZ_RUNS") ?? 2000);
const SEED = Number(Deno.env.get("KAT_FUZZ_SEED") ?? 20261125);

const PIECES = [
  ":",
  "-",
  " ",
  "  ",
  "\n",
  "[",
  "]",
  "{",
  "}",
  ",",
  "'",
  '"',
  "&a",
  "*a",
  "!!str",
  "!!int",
  "#",
  "|",
  ">",
  "\t",
  "0x1F",
  "1.5",
  "~",
  "null",
  "yes",
  "é",
  "🚀",
  "\\",
  "%",
  "@",
  "`",
];

/**
 * Inputs where the two parsers are known to differ, none of which a `.kat`
 * file can use: a lone CR ends a line in YAML 1.2, which `yaml` does not
 * honour; explicit keys (`? key`), empty keys (`: value` at the start of a
 * token) and collections as keys (`{a: b}: c`), which the decoder refuses in
 * any case since every key of a manifest is a plain string, and where each
 * parser is lenient in a different place. Also a lone surrogate, which a mutation can make inside
 * a string but no UTF-8 file can hold (it is not Unicode; we refuse it).
 */
function knownDifference(text: string): boolean {
  return /\r(?!\n)/.test(text) || /(^|[\s,[{])[?:](?=\s|$)/m.test(text) ||
    /[}\]]\s*:(?=\s|$)/m.test(text) || !text.isWellFormed();
}

Deno.test("the YAML tree agrees with a second parser on mutated examples", () => {
  const files = exampleTexts();
  let both = 0;
  fc.assert(
    fc.property(
      fc.nat(files.length - 1),
      fc.array(
        fc.tuple(fc.nat(), fc.nat(4), fc.constantFrom(...PIECES)),
        { minLength: 1, maxLength: 4 },
      ),
      (which, edits) => {
        let text = files[which];
        for (const [at, cut, piece] of edits) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + piece + text.slice(p + cut);
        }
        if (knownDifference(text)) return;
        const ours = parseYamlFile(text, "x.kat");
        // Tags and aliases the decoder refuses are not the parser's concern.
        if (ours.invalid.length > 0) return;
        const ref = referenceShape(text);
        const oursRead = ours.root !== undefined;
        const refRead = ref.shape !== undefined;
        if (oursRead && !refRead) {
          throw new Error(
            `${JSON.stringify(text)}: we read it, the reference refuses it: ${
              ref.error ?? `${ref.documents} document(s)`
            }`,
          );
        }
        if (oursRead && refRead) {
          both++;
          assertEquals(ourShape(ours.root!), ref.shape, JSON.stringify(text));
        }
      },
    ),
    { numRuns: RUNS, seed: SEED },
  );
  // The run must compare trees, not only refusals.
  assertEquals(both > RUNS / 4, true, `only ${both} documents both read`);
});

Deno.test("tabs: white space in flow collections, never indentation of a compact mapping", () => {
  const read = (t: string) => {
    const r = parseYamlFile(t, "x.kat");
    return r.root
      ? ourShape(r.root)
      : r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
  };
  assertEquals(
    read('a: [\t"x",\t"y\tz"]\n'),
    referenceShape('a: [\t"x",\t"y\tz"]\n').shape,
  );
  assertEquals(read("a: {b:\tc}\n"), referenceShape("a: {b:\tc}\n").shape);
  assertEquals(read("- \tname: x\n"), [
    "1:3 a tab cannot indent a mapping or list",
  ]);
  assertEquals(read("a: &x[1]\n"), [
    "1:6 an anchor or tag must be followed by a space before its value",
  ]);
});
