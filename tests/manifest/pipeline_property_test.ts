/**
 * The whole manifest pipeline under random mutations of the example files, at
 * the level of bytes, of YAML tokens and of the decoded tree. For every
 * input: no exception, the same result twice, every diagnostic positioned
 * inside the file with a known code, the text form one line per diagnostic
 * and the JSON form the same list, `katcall validate -` exiting 0 or 1; and
 * for a valid input, its `inspect` YAML is a valid file that reads back as
 * the same resource.
 *
 * `KAT_FUZZ_RUNS` raises the number of inputs (`deno task fuzz`).
 */
import fc from "fast-check";
import { dump, load } from "js-yaml";
import { assertEquals } from "../assert.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { formatDiagnosticsText } from "../../src/output/diagnostics_text.ts";
import { formatDiagnosticsJson } from "../../src/output/diagnostics_json.ts";
import { stringifyManifest } from "../../src/encode/manifest_yaml.ts";
import { LineIndex } from "../../src/decode/line_index.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { memoryIo } from "../../src/cli/io.ts";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.ts";
import { exampleTexts } from "../helpers.ts";
import { tokensEdited, writtenOver } from "../text_mutations.ts";

const RUNS = Number(Deno.env.get("KAT_FUZZ_RUNS") ?? 1500);
const SEED = Number(Deno.env.get("KAT_FUZZ_SEED") ?? 1125);

const CODES = new Set([
  "required",
  "invalid",
  "forbidden",
  "not_supported",
  "duplicate",
  "too_long",
  "type",
  "unknown_field",
  "not_found",
  "yaml",
  "encoding",
  "unreadable",
  "ignored",
  "unused",
]);

const FILES = exampleTexts();
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
  "!!float ",
  "!custom ",
  "#",
  "|\n",
  ">-\n",
  "\t",
  "0x1F",
  "1.5",
  "-1",
  "~",
  "null",
  "yes",
  "2147483648",
  "é",
  "🚀",
  "\u001b[31m",
  "\u202e",
  "\r",
  "\r\n",
  "\u0000",
  "\\",
  "%",
  "@",
  "`",
  "*/5 * * * *",
  "WORKLOAD_TYPE_SERVICE",
  "x".repeat(300),
  "- - - - - - - - x",
];

/** Byte-level: pieces inserted, text deleted or replaced anywhere. */
const byChars = writtenOver(FILES, PIECES, { maxCut: 6, maxEdits: 5 });

/** Token-level: words and symbols duplicated, dropped or swapped. */
const byTokens = tokensEdited(FILES, { maxEdits: 4 });

type Tree = unknown;
const leaf = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 31,
    "",
    "x",
    "SERVICE",
    "80",
    "yes",
  ),
  fc.string({ maxLength: 8 }),
);

/** Tree-level: a value of the decoded document replaced, removed or added. */
const byTree = fc.tuple(
  fc.nat(FILES.length - 1),
  fc.array(fc.tuple(fc.nat(), fc.constantFrom("set", "drop", "add", "wrap")), {
    minLength: 1,
    maxLength: 3,
  }),
  fc.array(leaf, { minLength: 3, maxLength: 3 }),
).map(([which, edits, leaves]) => {
  const doc = load(FILES[which]) as Tree;
  const spots: {
    parent: Record<string, Tree> | Tree[];
    key: string | number;
  }[] = [];
  const visit = (node: Tree) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        spots.push({ parent: node, key: i });
        visit(v);
      });
    } else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        spots.push({ parent: node as Record<string, Tree>, key: k });
        visit(v);
      }
    }
  };
  visit(doc);
  edits.forEach(([at, op], n) => {
    if (spots.length === 0) return;
    const { parent, key } = spots[at % spots.length];
    const p = parent as Record<string | number, Tree>;
    if (op === "set") p[key] = leaves[n];
    else if (op === "drop") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
    } else if (op === "add") {
      if (!Array.isArray(parent)) p[`extra${n}`] = leaves[n];
    } else p[key] = [p[key]];
  });
  return dump(doc);
});

function check(text: string, d: Diagnostic[], lines: LineIndex) {
  for (const x of d) {
    assertEquals(CODES.has(x.code), true, `code ${x.code}`);
    assertEquals(x.file, "m.kat");
    assertEquals(
      x.line >= 1 && x.line <= lines.lineCount,
      true,
      `line ${x.line}`,
    );
    assertEquals(x.column >= 1, true, `column ${x.column}`);
  }
  const textOut = formatDiagnosticsText(d);
  assertEquals(textOut.split("\n").length, d.length + 1, "one line each");
  const RAW_CONTROL =
    // deno-lint-ignore no-control-regex -- no raw control character may pass
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
  assertEquals(RAW_CONTROL.test(textOut), false, "no raw control character");
  const json = JSON.parse(formatDiagnosticsJson(d));
  assertEquals(json.diagnostics, d);
  assertEquals(json.valid, !d.some((x) => x.severity === "error"));
  void text;
}

Deno.test("the pipeline never throws, and agrees with itself, on mutated manifests", async () => {
  let valid = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(byChars, byTokens, byTree), async (text) => {
      const first = parseManifest(text, { file: "m.kat" });
      const again = parseManifest(text, { file: "m.kat" });
      assertEquals(again.diagnostics, first.diagnostics);
      check(text, first.diagnostics, new LineIndex(text));
      // katcall reads bytes: UTF-8 has no lone surrogate, which the encoder
      // writes as U+FFFD, so the bytes carry the text made well-formed.
      const sent = text.isWellFormed()
        ? first
        : parseManifest(text.toWellFormed(), { file: "m.kat" });
      const io = memoryIo({ stdin: new TextEncoder().encode(text) });
      const code = await runKatcall(["validate", "--format", "json", "-"], io);
      assertEquals(code, sent.valid ? 0 : 1);
      assertEquals(
        JSON.parse(io.outText()).diagnostics.map((x: Diagnostic) => x.message),
        sent.diagnostics.map((x) => x.message),
      );
      const [parsed] = first.resources;
      if (first.valid && parsed) {
        valid++;
        const written = stringifyManifest(parsed.resource);
        const back = parseManifest(written, { file: "m.kat" });
        assertEquals(
          back.diagnostics.filter((x) => x.severity === "error"),
          [],
        );
        assertEquals(back.resources[0]?.resource, parsed.resource);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  assertEquals(valid > 0, true, "some mutations must stay valid");
});
