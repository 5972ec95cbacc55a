/**
 * The plain scanner against `js-yaml`: whenever `scanPlainDocument` gives
 * events, they are exactly `parseEvents`' for the same text, and it never
 * gives events for a text `js-yaml` refuses. Checked on every example and
 * test file, on hand-written texts at the edges of what it reads, and on
 * mutations of the corpus made of printable-ASCII pieces of YAML, so that
 * many mutants stay inside what it reads.
 *
 * `KAT_FUZZ_RUNS` raises the number of mutations and `KAT_FUZZ_SEED` picks
 * them (`deno task fuzz fast-decode`).
 */
import fc from "fast-check";
import { type Event, parseEvents } from "js-yaml";
import { scanPlainDocument } from "../../src/decode/plain_scan.ts";
import { assertEquals, assertTrue } from "../assert.ts";
import { REPO } from "../helpers.ts";
import { CORPUS } from "../gen/fast_decode_cases.ts";
import { writtenOver } from "../text_mutations.ts";

const RUNS = Number(Deno.env.get("KAT_FUZZ_RUNS") ?? 5000);
const SEED = Number(Deno.env.get("KAT_FUZZ_SEED") ?? 2024);

/** `js-yaml`'s events for `text`, as `documentEvents` asks for them. */
function reference(text: string): Event[] | "refused" {
  try {
    return parseEvents(text, { maxDepth: 67 });
  } catch {
    return "refused";
  }
}

/**
 * Whether the scanner read `text`; when it did, its events must be
 * `js-yaml`'s (so `js-yaml` must not refuse the text).
 */
function agrees(text: string): boolean {
  const scanned = scanPlainDocument(text);
  if (scanned === undefined) return false;
  assertEquals(
    { text, events: scanned },
    { text, events: reference(text) },
  );
  return true;
}

/** The examples the scanner reads. */
const EXAMPLES_READ = [
  "examples/cluster.kat",
  "examples/git-app/BuildDefinition.kat",
  "examples/git-app/VirtualLoadBalancer.kat",
  "examples/nightly-backup/JobDefinition.kat",
  "examples/team-namespace/namespace.kat",
  "examples/web-service/VirtualLoadBalancer.kat",
  "examples/web-service/workload.kat",
];
/**
 * The examples it leaves to `js-yaml`, for a construct it does not read: a
 * flow mapping with entries (`requests: {cpu: "0.5", memory: 256Mi}`), and
 * in the second also a double-quoted scalar with escapes (`"\"$X\""`).
 */
const EXAMPLES_LEFT = [
  "examples/git-app/workload.kat",
  "examples/nightly-backup/workload.kat",
];

Deno.test("every example and test .kat file: the scanner agrees, and reads every example but the two with a flow mapping", () => {
  const read: string[] = [];
  for (const [path, text] of CORPUS) {
    if (agrees(text)) read.push(path.slice(REPO.length));
  }
  const examples = [...CORPUS.keys()]
    .map((path) => path.slice(REPO.length))
    .filter((path) => path.startsWith("examples/"));
  assertEquals(examples, [...EXAMPLES_READ, ...EXAMPLES_LEFT].sort());
  assertEquals(
    read.filter((path) => path.startsWith("examples/")),
    EXAMPLES_READ,
  );
  for (const path of EXAMPLES_LEFT) {
    const text = CORPUS.get(REPO + path)!;
    assertTrue(/: \{\w+: /.test(text), `${path} has no flow mapping`);
    const without = text.replace(/\{(\w+): ([^,]+), (\w+): ([^}]+)\}/g, (
      _,
      k1,
      v1,
      k2,
      v2,
    ) => `\n        ${k1}: ${v1}\n        ${k2}: ${v2}`);
    assertEquals(
      [path, agrees(without)],
      [path, !without.includes("\\")],
    );
  }
});

/** Texts the scanner must read, giving `js-yaml`'s events. */
const READ: Record<string, string> = {
  "a null value before a less indented key": "a:\n  b:\nc: 1\n",
  "a null value at the end without a newline": "a: 1\nb:",
  "a null value at the end after a comment": "a:\n  # c\n",
  "a key and its colon at the end": "a:",
  "a list at the same indentation as its key": "a:\n- 1\nb: 2\n",
  "a list at its key's indentation in a list item": "k:\n- a:\n  - x\n  b: 1\n",
  "a compact mapping in a list item": "a:\n- a: 1\n  b: 2\n",
  "a compact mapping after extra spaces": "a:\n-   a: 1\n    b: 2\n",
  "a list under a compact mapping's key": "a:\n- a:\n  - x\n",
  "a null value in a compact mapping": "a:\n- a:\n  b: 1\n- c:\n",
  "comments at odd indentation between entries":
    "a: '1'\n # one\n     # two\nb:\n   # three\n  c: 1\n # four\n  d: [x]\n      # five\ne: 2\n# six\n",
  "a comment at the indentation of a plain value's key": "a:\n  b: x\n  # c\n",
  "a comment after a quoted value, indented more": "a: 'x'\n   # c\n",
  "a comment after a flow list, indented more": "a: [x]\n   # c\n",
  "blank lines after a plain value": "a: x\n\n  \nb: 1\n",
  "trailing spaces": "a: 1   \nb:   \nc: [x]  \n",
  "a comment after a plain scalar": "a: b #c\n",
  "a # inside a plain scalar": "a: b#c\n",
  "a comment after a double-quoted scalar": 'a: "x" #c\n',
  "a flow list of plain and quoted scalars": "a: [a, \"b\", 'c']\n",
  "an empty flow list with a space": "a: [ ]\n",
  "flow items that start with -": "a: [-x, x-, -1]\n",
  "an empty flow mapping": "a: {}\n",
  "an empty flow mapping with a space": "a: { }\n",
  "a key with dots, slashes and dashes": "app.kubernetes.io/name: x\n",
  "a plain scalar starting with -": "a: -x\n",
  "quotes inside a plain scalar": 'a: it\'s "x"\n',
  "a duplicate key (the parser does not check)": "a: 1\na: 2\n",
  "an empty quoted scalar": "a: ''\nb: \"\"\n",
  "a colon inside a plain scalar": "a: http://x:80/y\n",
  "a value that looks like a document marker": "a:\n- ---\n- ...\n",
  "a 1,000-character key": `${"k".repeat(1000)}: 1\n`,
  "32 nested mappings": nested(32),
  "a key and spaces at the end": "a:   ",
  "a quoted value followed by spaces that end the text": "a: 'x'\n  ",
  "a flow list followed by spaces that end the text": "a: [x]\n  ",
  "a null value followed by spaces that end the text": "a:\n   ",
  "a comment after a key": "a: #x\n",
};

/** Texts the scanner leaves to `js-yaml` (undefined). */
const LEFT: Record<string, string> = {
  "a quoted scalar followed by a #": 'a: "x"#c\n',
  "a flow list with a trailing comma": "a: [a,]\n",
  "a flow mapping with an entry": "a: {a: 1}\n",
  "a plain scalar ending in a colon": "a: x:\n",
  "a plain scalar with a colon and a space": "a: x: y\n",
  "a list item after a key on its line": "a: - x\n",
  "a key starting with -": "-x: 1\n",
  "a document start marker": "---\na: 1\n",
  "a document end marker": "a: 1\n...\n",
  "a directive": "%YAML 1.2\n---\na: 1\n",
  "a plain scalar on two lines": "a: b\n  c\n",
  "a plain scalar followed by a more indented comment": "a: 1\n  # c\nb: 2\n",
  "a plain value followed by a comment after blank lines":
    "a: 1\n\n  \n  # c\n",
  "a plain item followed by a more indented comment": "a:\n- x\n # c\n",
  "a plain value in an item followed by a more indented comment":
    "a:\n  - b: x\n     # c\n",
  "a plain value followed by spaces that end the text": "a: 1\n ",
  "a lone - in a flow list": "a: [-]\n",
  "a - before a comma in a flow list": "a: [-, x]\n",
  "a - at the end of a flow list": "a: [x, -]\n",
  "'' inside single quotes": "a: 'it''s'\n",
  "a backslash inside double quotes": 'a: "a\\\\b"\n',
  "a 1,001-character key": `${"k".repeat(1001)}: 1\n`,
  "33 nested mappings": nested(33),
  "an empty text": "",
  "only comments": "# one\n  # two\n",
  "a root list": "- 1\n",
  "a root scalar": "x\n",
  "a root mapping indented": " a: 1\n",
  "CRLF line ends": "a: 1\r\nb: 2\r\n",
  "a tab after a colon": "a:\t1\n",
  "a tab in a comment": "a: 1 #\tc\n",
  "a tab in a quoted scalar": "a: '\t'\n",
  "non-ASCII": "a: é\n",
  "a DEL character": "a: \x7f\n",
  "a tab in indentation": "a:\n\tb: 1\n",
  "a tab inside a plain scalar": "a: x\ty\n",
  "a tab after a plain scalar": "a: 1\t\n",
  "a lone -": "a:\n-\n",
  "a lone - as the text": "-",
  "- at the end of the text": "a:\n- ",
  "an item on the line after its -": "a:\n-\n  x\n",
  "a list in a list item": "a:\n- - x\n",
  "indentation back to a column no mapping has": "a:\n    b: 1\n  c: 2\n",
  "a list item more indented than its siblings": "a:\n  - 1\n   - 2\n",
  "a list more indented than the one before": "a:\n  b:\n    - 1\n   - 2\n",
  "a list after a mapping's entry at a deeper column": "a:\n  b: 1\n    - 2\n",
  "an anchor": "a: &x 1\n",
  "an alias": "a: *x\n",
  "a tag": "a: !!str 1\n",
  "a block scalar": "a: |\n  x\n",
  "an explicit key": "? a\n: 1\n",
  "a nested flow list": "a: [[x]]\n",
  "a quoted key": "'a': 1\n",
  "a space before a key's colon": "a : 1\n",
  "a key without a space after its colon": "a:1\n",
};

/** `depth` mappings nested one in the other, indented by one space. */
function nested(depth: number): string {
  let text = "";
  for (let i = 0; i < depth - 1; i++) text += `${" ".repeat(i)}k:\n`;
  return text + `${" ".repeat(depth - 1)}k: 1\n`;
}

for (const [name, text] of Object.entries(READ)) {
  Deno.test(`the scanner reads ${name}`, () => {
    assertTrue(agrees(text), `the scanner gave up on ${JSON.stringify(text)}`);
  });
}

for (const [name, text] of Object.entries(LEFT)) {
  Deno.test(`the scanner leaves to js-yaml ${name}`, () => {
    assertEquals(scanPlainDocument(text), undefined);
  });
}

/** YAML's indicators: a plain scalar may start with none of them. */
const INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

Deno.test("a value starting with an indicator is left to js-yaml but for # (a comment) and - before a non-space", () => {
  const read: string[] = [];
  for (const c of INDICATORS) {
    for (const text of [`a: ${c}x\n`, `a: [${c}x]\n`, `a:\n- ${c}x\n`]) {
      if (agrees(text)) read.push(text);
    }
  }
  assertEquals(read, ["a: -x\n", "a: [-x]\n", "a:\n- -x\n", "a: #x\n"]);
});

Deno.test("of the texts left to js-yaml, it refuses exactly these", () => {
  const refused = Object.entries(LEFT)
    .filter(([, text]) => reference(text) === "refused")
    .map(([name]) => name);
  assertEquals(refused, [
    "a quoted scalar followed by a #",
    "a plain scalar ending in a colon",
    "a plain scalar with a colon and a space",
    "a list item after a key on its line",
    "a lone - in a flow list",
    "a - before a comma in a flow list",
    "a - at the end of a flow list",
    "a DEL character",
    "a tab in indentation",
    "indentation back to a column no mapping has",
    "a list more indented than the one before",
  ]);
});

Deno.test("a plain value followed by a more indented comment spans lines for js-yaml", () => {
  const events = reference(
    LEFT["a plain scalar followed by a more indented comment"],
  );
  assertTrue(events !== "refused");
  assertEquals(events[3].type === 4 && events[3].fast, false);
});

/** Printable-ASCII pieces of the YAML the scanner reads, and a few it does not. */
const PIECES = [
  " ",
  "  ",
  "   ",
  "    ",
  "\n",
  "\n  ",
  "\n    ",
  "\n- ",
  "- ",
  "-",
  ":",
  ": ",
  "#",
  " #",
  " # c",
  "\n  # c",
  "[",
  "]",
  "[ ]",
  "[a, b]",
  "[-]",
  "{",
  "}",
  "{}",
  ",",
  ", ",
  "'",
  '"',
  "''",
  "x",
  "-x",
  "a: 1",
  "a:",
  "\na: 1",
  "\\",
  ".",
  "/",
  "?",
  "&",
  "*",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  "---",
  "...",
];
const FILES = [...CORPUS.values()];

/** A corpus file with up to four pieces written over it. */
const mutant = writtenOver(FILES, PIECES, { maxCut: 3, maxEdits: 4 });

/** A short text of the same pieces after a first key, to reach the edges. */
const small = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 })
  .map((pieces) => "a:" + pieces.join(""));

/** Plain scalars the scanner reads, and some at the edges of what it reads. */
const PLAINS = ["x", "1", "-x", "a b", "http://h:1/p", "x#y", "x'y", 'x"y'];
const ODD_PLAINS = ["-", "a,b", "a]", "a[", "x:", "x: y", "~", "---", "x -"];
/** Items of a flow list, and some at the edges. */
const FLOW_ITEMS = ["x", "-x", "'q'", '"q"', "a b", "x-"];
const ODD_FLOW_ITEMS = ["-", "", " ", "x:", "[]", "#"];
/** Keys the scanner reads, and some it does not. */
const KEYS = ["a", "b", "k1", "x.y/z", "_a", "1", "a-"];
const ODD_KEYS = ["-a", "'q'", "a b", "?", "a "];

/**
 * A document the scanner mostly reads, built from `tape` (numbers drawn in
 * turn): mappings and lists at random indentation, each value inline, a
 * nested collection or nothing, with comments, blank lines and trailing
 * spaces between, and now and then a piece at the edge of what it reads.
 */
function built(tape: readonly number[]): string {
  let at = 0;
  const draw = (n: number) => (tape[at++ % tape.length] ?? 0) % n;
  const pick = <T>(xs: readonly T[]) => xs[draw(xs.length)];
  const edge = <T>(usual: readonly T[], odd: readonly T[]) =>
    draw(16) === 0 ? pick(odd) : pick(usual);
  const out: string[] = [];
  const filler = () => {
    const what = draw(12);
    if (what === 0) out.push(" ".repeat(draw(6)) + "# c");
    else if (what === 1) out.push(" ".repeat(draw(4)));
  };
  const tail = () => edge(["", "", "", " ", " # c"], ["#c", "  #", " x"]);
  const inline = (): string => {
    const what = draw(8);
    if (what === 0) {
      const items = Array.from(
        { length: draw(4) },
        () => edge(FLOW_ITEMS, ODD_FLOW_ITEMS),
      );
      const comma = edge([", ", ","], [" , ", ",,"]);
      return `[${items.join(comma)}${edge([""], [",", " "])}]` + tail();
    }
    if (what === 1) return edge(["{}", "{ }"], ["{a: 1}", "{"]) + tail();
    if (what === 2) {
      return edge(["''", '""', "'q'", '"q"', "'a b'", '"#"'], [
        "'it''s'",
        '"\\"',
        "'",
      ]) + tail();
    }
    return edge(PLAINS, ODD_PLAINS) + tail();
  };
  const value = (col: number, depth: number): string => {
    const what = draw(depth > 4 ? 3 : 6);
    if (what <= 1) return " " + inline();
    if (what === 2) return edge(["", " ", " # c"], ["#c"]);
    const comment = edge(["", " # c"], [" x"]);
    const indent = what === 3 ? draw(4) : 1 + draw(3);
    if (what === 3) list(col + indent, depth + 1);
    else mapping(col + indent, depth + 1);
    return comment;
  };
  const mapping = (col: number, depth: number, first = "") => {
    const count = 1 + draw(3);
    for (let i = 0; i < count; i++) {
      const key = `${edge(KEYS, ODD_KEYS)}:`;
      const index = out.length;
      out.push(i === 0 && first ? first + key : " ".repeat(col) + key);
      const after = value(col, depth);
      out[index] += after;
      filler();
    }
  };
  const list = (col: number, depth: number) => {
    const count = 1 + draw(3);
    for (let i = 0; i < count; i++) {
      const dash = " ".repeat(col) + "-" + " ".repeat(1 + draw(3));
      if (depth < 5 && draw(3) === 0) mapping(dash.length, depth + 1, dash);
      else out.push(dash + inline());
      filler();
    }
  };
  filler();
  mapping(0, 0);
  return out.join("\n") + edge(["\n", "", "\n\n"], ["\n  ", "\n- "]);
}

/** A built document, sometimes with a piece written over it. */
const document = fc.tuple(
  fc.array(fc.nat(1000), { minLength: 20, maxLength: 300 }),
  fc.option(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...PIECES)), {
    freq: 2,
  }),
).map(([tape, edit]) => {
  const text = built(tape);
  if (edit === null) return text;
  const [at, cut, piece] = edit;
  const p = at % (text.length + 1);
  return text.slice(0, p) + piece + text.slice(p + cut);
});

Deno.test("on printable-ASCII mutations of the corpus the scanner gives up or agrees", () => {
  let read = 0;
  let total = 0;
  fc.assert(
    fc.property(fc.oneof(mutant, small, document), (text) => {
      total++;
      if (agrees(text)) read++;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  if (Deno.env.get("KAT_FUZZ_RUNS") !== undefined) {
    console.log(`plain scanner: read ${read} of ${total} mutants`);
  }
  // The property means something only if the scanner reads many mutants.
  assertTrue(read > total / 10, `the scanner read ${read} of ${total}`);
});
