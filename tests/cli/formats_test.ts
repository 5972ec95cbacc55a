/**
 * Every report format of `katcall validate`, read back by a real consumer
 * and compared with the JSON form of the same run: SARIF against the official
 * SARIF 2.1.0 JSON Schema (OASIS, errata01), JUnit XML through a JUnit reader,
 * TAP through `tap-parser`, and GitHub workflow commands through the grammar
 * of GitHub's documentation. The inputs are hostile: file names and keys
 * with newlines, escape sequences, quotes, `%`, `,`, `:`, `#` and markup.
 */
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
// @ts-types="./junit2json.d.ts"
import { parse as parseJunit } from "junit2json";
// @ts-types="./tap_parser.d.ts"
import { Parser as TapParser } from "tap-parser";
import { assertEquals } from "../assert.ts";
import { lines, tempDir } from "../helpers.ts";
import { packQuadlets } from "../../src/archive/mod.ts";
import { escapeControl } from "../../src/diagnostics/quote.ts";
import { katcall, tree, warnedWorkload, workload } from "./cli_helpers.ts";

interface JsonDiagnostic {
  severity: "error" | "warning";
  code: string;
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  hint?: string;
}

/** A directory name with every character a format must escape. */
const ODD_DIR = `we,ird:dir %25 #1 <x&y> "q" 'a' \\ tab\there`;

/** A file name that tries to forge a line of each line-based format. */
const FORGING = "x\n::error file=forged.kat::forged\nok 99 - forged\r.kat";

/** The run every test reads: text, json and the four CI formats. */
async function hostileTree() {
  const archive = await packQuadlets({
    "workload.kat": new TextEncoder().encode(workload("Packed_Bad")),
  });
  const root = await tree({
    [`${ODD_DIR}/workload.kat`]: lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Workload",
      "metadata: {name: web}",
      "spec:",
      "  type: SERVICE",
      "  source: {image: nginx}",
      "  container: {}",
      '  "evil\\u001b[31m,key:%0A#\\nnext <b>&amp;": 1',
      "  volumes: [{name: spare, simpleClusterStorage: {}}]",
    ),
    [`${ODD_DIR}/notes.txt`]: "x",
    "good/workload.kat": workload("good"),
    "warned/workload.kat": warnedWorkload("warned"),
    "app.tar.gz": archive,
  });
  await Deno.writeTextFile(`${root}/${ODD_DIR}/${FORGING}`, workload("web"));
  const paths = [root, `${root}/app.tar.gz`, `${root}/missing.kat`];
  const json = await katcall(["validate", "--format", "json", ...paths]);
  const diagnostics: JsonDiagnostic[] = JSON.parse(json.out).diagnostics;
  const run = (format: string, ...extra: string[]) =>
    katcall(["validate", "--format", format, ...extra, ...paths]);
  return { root, paths, json, diagnostics, run };
}

const fixture = hostileTree();

Deno.test("the hostile tree gives errors and warnings of several codes", async () => {
  const { json, diagnostics, root } = await fixture;
  assertEquals(json.code, 1);
  assertEquals(
    diagnostics.map((d) => `${d.severity} ${d.code}`).sort(),
    [
      "error duplicate",
      "error invalid",
      "error unknown_field",
      "error unreadable",
      "warning ignored",
      "warning unused",
      "warning unused",
    ].sort(),
    JSON.stringify(diagnostics.map((d) => d.file.replace(root, ""))),
  );
});

/** The text form of a diagnostic of the JSON form. */
function textLine(d: JsonDiagnostic): string {
  const path = d.path ? `${escapeControl(d.path)}: ` : "";
  const hint = d.hint ? ` (hint: ${escapeControl(d.hint)})` : "";
  return `${
    escapeControl(d.file)
  }:${d.line}:${d.column}: ${d.severity}: ${path}${
    escapeControl(d.message)
  }${hint}`;
}

Deno.test("text: one line per diagnostic, the JSON form's diagnostics in the same order", async () => {
  const { run, diagnostics } = await fixture;
  const text = await run("text");
  assertEquals(text.code, 1);
  assertEquals(text.out, diagnostics.map((d) => textLine(d) + "\n").join(""));
});

/** The archive a diagnostic's file lies in, and the member. */
function split(file: string, root: string): { file: string; member?: string } {
  const archive = `${root}/app.tar.gz`;
  return file.startsWith(`${archive}:`)
    ? { file: archive, member: file.slice(archive.length + 1) }
    : { file };
}

/** The message as SARIF and GitHub carry it: member, path, message, hint. */
function messageOf(d: JsonDiagnostic, member?: string): string {
  return `${member === undefined ? "" : `${member}: `}${
    d.path ? `${d.path}: ` : ""
  }${d.message}${d.hint ? ` (hint: ${d.hint})` : ""}`;
}

Deno.test("sarif: valid against the official SARIF 2.1.0 schema; results match the diagnostics", async () => {
  const { run, diagnostics, root } = await fixture;
  const schema = JSON.parse(
    await Deno.readTextFile(
      new URL("fixtures/sarif-schema-2.1.0.json", import.meta.url),
    ),
  );
  // SARIF's schema is JSON Schema draft-04; its formats (uri,
  // uri-reference, date-time) are checked too.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  const r = await run("sarif");
  assertEquals(r.code, 1);
  const log = JSON.parse(r.out);
  assertEquals(validate(log), true, JSON.stringify(validate.errors));
  // The schema is strict enough to fail a broken log (this test can fail).
  const broken = structuredClone(log);
  broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  broken.runs[0].results[0].level = "fatal";
  assertEquals(validate(broken), false);

  const run0 = log.runs[0];
  assertEquals(run0.columnKind, "unicodeCodePoints");
  const rules: { id: string }[] = run0.tool.driver.rules;
  assertEquals(
    new Set(rules.map((r) => r.id)).size,
    rules.length,
    "one rule per code",
  );
  type Result = {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: {
      physicalLocation: {
        artifactLocation: { uri: string };
        region: { startLine: number; startColumn: number };
      };
    }[];
  };
  const seen = (run0.results as Result[]).map((res) => {
    const loc = res.locations[0].physicalLocation;
    assertEquals(rules[res.ruleIndex].id, res.ruleId);
    return {
      code: res.ruleId,
      severity: res.level,
      file: new URL(loc.artifactLocation.uri).pathname.split("/").map(
        decodeURIComponent,
      ).join("/"),
      line: loc.region.startLine,
      column: loc.region.startColumn,
      text: res.message.text,
    };
  });
  assertEquals(
    seen,
    diagnostics.map((d) => {
      const where = split(d.file, root);
      return {
        code: d.code,
        severity: d.severity,
        file: where.file,
        line: d.line,
        column: d.column,
        text: escapeControl(messageOf(d, where.member)),
      };
    }),
  );
});

/** What no message a viewer shows may hold raw: C0, DEL, C1, bidi marks. */
const RAW_CONTROL =
  // deno-lint-ignore no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

Deno.test("sarif: control characters of keys, values and member names are escaped in messages", async () => {
  // ESC, CR, LF, RIGHT-TO-LEFT OVERRIDE and NEXT LINE (a C1 control), in a
  // key, a value and an archive member's name. (Hints quote what they
  // carry of the input; the whole text is escaped all the same.)
  const odd = "\x1b[31m\r\n\u202e\u0085";
  const yamlOdd = "\\e[31m\\r\\n\\u202e\\N";
  const manifest = lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: Workload",
    `metadata: {name: "web${yamlOdd}"}`,
    "spec:",
    "  type: SERVICE",
    "  source: {image: nginx}",
    "  container: {}",
    `  "replica${yamlOdd}": 1`,
  );
  const root = await tree({
    "app/workload.kat": manifest,
    "app.tar.gz": await packQuadlets({ [`w${odd}.kat`]: manifest }),
  });
  try {
    const paths = [`${root}/app`, `${root}/app.tar.gz`];
    const json = await katcall(["validate", "-f", "json", ...paths]);
    const diagnostics: JsonDiagnostic[] = JSON.parse(json.out).diagnostics;
    // The inputs reach the diagnostics raw: in the key and the member.
    assertEquals(
      [
        diagnostics.some((d) => d.path.includes(odd)),
        diagnostics.some((d) => d.file.endsWith(`:w${odd}.kat`)),
      ],
      [true, true],
      json.out,
    );
    const r = await katcall(["validate", "-f", "sarif", ...paths]);
    const texts: string[] = JSON.parse(r.out).runs[0].results.map((
      res: { message: { text: string } },
    ) => res.message.text);
    assertEquals(
      texts,
      diagnostics.map((d) => {
        const where = split(d.file, root);
        return escapeControl(messageOf(d, where.member));
      }),
    );
    assertEquals(texts.filter((t) => RAW_CONTROL.test(t)), []);
    assertEquals(
      texts.filter((t) =>
        t.startsWith("w\\u001b[31m\\r\\n\\u202e\\u0085.kat: ")
      ).length > 0,
      true,
      texts.join("\n"),
    );
    // No string anywhere in the log (keys included) holds one raw either.
    const strings = (v: unknown): string[] =>
      typeof v === "string"
        ? [v]
        : v && typeof v === "object"
        ? Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)])
        : [];
    assertEquals(
      strings(JSON.parse(r.out)).filter((t) => RAW_CONTROL.test(t)),
      [],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("sarif: relative paths stay relative URI references, percent-encoded", async () => {
  const { root } = await fixture;
  const rel = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "-R",
      "--allow-env",
      new URL("../../src/cli/katcall_main.ts", import.meta.url).pathname,
      "validate",
      "-f",
      "sarif",
      ".",
    ],
    cwd: `${root}/${ODD_DIR}`,
    stdout: "piped",
  });
  const log = JSON.parse(new TextDecoder().decode((await rel.output()).stdout));
  const uris: string[] = log.runs[0].results.map((
    res: {
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    },
  ) => res.locations[0].physicalLocation.artifactLocation.uri);
  assertEquals(uris.sort(), [
    "notes.txt",
    "workload.kat",
    "workload.kat",
    "x%0A%3A%3Aerror%20file%3Dforged.kat%3A%3Aforged%0Aok%2099%20-%20forged%0D.kat",
  ]);
});

Deno.test("junit: a JUnit reader finds one suite per target, one case per file, the errors as failures", async () => {
  const { run, diagnostics } = await fixture;
  const r = await run("junit");
  assertEquals(r.code, 1);
  const report = await parseJunit(r.out);
  if (!report || !("testsuite" in report)) throw new Error("no testsuites");
  const cases = (report.testsuite ?? []).flatMap((s) =>
    (s.testcase ?? []).map((c) => ({
      suite: s.name,
      name: c.name,
      failure: c.failure?.map((f) => f.inner).join("\n"),
      out: c["system-out"]?.join("\n"),
    }))
  );
  // Every file a diagnostic names is a case; its errors are its failure, in
  // the text form, and its warnings its output.
  const files = [...new Set(diagnostics.map((d) => d.file))];
  for (const file of files) {
    const c = cases.find((c) => c.name === escapeControl(file));
    const of = (sev: string) =>
      diagnostics.filter((d) => d.file === file && d.severity === sev).map(
        textLine,
      ).join("\n") || undefined;
    assertEquals(
      { failure: c?.failure, out: c?.out },
      { failure: of("error"), out: of("warning") },
      file,
    );
  }
  const failing = cases.filter((c) => c.failure !== undefined).length;
  assertEquals([report.tests, report.failures], [cases.length, failing]);
  // A clean file is a passing case of its quadlet's suite.
  const good = cases.find((c) => c.name?.endsWith("/good/workload.kat"));
  assertEquals([good?.failure, good?.suite?.endsWith("/good")], [
    undefined,
    true,
  ]);
  // The reader is strict: markup left unescaped would have failed it.
  let rejected = false;
  await parseJunit(r.out.replace("&lt;x&amp;y&gt;", "<x&y>")).catch(() =>
    rejected = true
  );
  assertEquals(rejected, true);
});

/** Reads TAP with tap-parser: the points, the results, the non-TAP lines. */
function readTap(tap: string) {
  const parser = new TapParser();
  const points: { ok: boolean; name: string }[] = [];
  const extra: string[] = [];
  let results:
    | { ok: boolean; count: number; plan: { end: number } }
    | undefined;
  parser.on("assert", (p) => points.push({ ok: p.ok, name: p.name }));
  parser.on("extra", (line) => extra.push(line));
  parser.on("complete", (r) => (results = r));
  parser.end(tap);
  return { points, extra, results: results! };
}

Deno.test("tap: tap-parser reads one point per diagnostic and per clean file, and no stray line", async () => {
  const { run, diagnostics, root } = await fixture;
  const r = await run("tap");
  assertEquals(r.code, 1);
  const { points, extra, results } = readTap(r.out);
  assertEquals(extra, []);
  assertEquals([results.ok, results.count, results.plan.end], [
    false,
    points.length,
    points.length,
  ]);
  const problems = points.filter((p) => !p.name.endsWith(".kat"));
  assertEquals(
    problems,
    diagnostics.map((d) => ({
      ok: d.severity !== "error",
      name: `${textLine(d)} [${d.code}]`,
    })),
  );
  assertEquals(points.filter((p) => p.name.endsWith(".kat")), [
    { ok: true, name: `${root}/good/workload.kat` },
  ]);
  // Without errors the stream passes.
  const clean = await katcall(["validate", "-f", "tap", `${root}/warned`]);
  assertEquals([clean.code, readTap(clean.out).results.ok], [0, true]);
});

/**
 * Reads TAP with Perl's `TAP::Parser`, the parser of `prove`: each test
 * point as `ok`/`not ok` (after directives) with any directive, and the
 * parse errors.
 */
async function readTapPerl(tap: string) {
  const script = `
    my $tap = do { local $/; <STDIN> };
    my $p = TAP::Parser->new({ tap => $tap });
    while (my $r = $p->next) {
      next unless $r->is_test;
      print(($r->is_ok ? "ok" : "not ok"), ($r->has_directive ? " #" : ""), "\\n");
    }
    print "parse error: $_\\n" for $p->parse_errors;
  `;
  const child = new Deno.Command("perl", {
    args: ["-MTAP::Parser", "-e", script],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(tap));
  await w.close();
  const out = new TextDecoder().decode((await child.output()).stdout);
  return out.split("\n").filter(Boolean);
}

/** Runs `prove` on a TAP stream: its exit code and its summary. */
async function prove(tap: string) {
  const dir = await tempDir("prove");
  try {
    await Deno.writeTextFile(`${dir}/report.tap`, tap);
    const done = await new Deno.Command("prove", {
      args: ["--exec", "cat", "report.tap"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(done.stdout) +
      new TextDecoder().decode(done.stderr);
    const counts = /\(Wstat: \d+ Tests: (\d+) Failed: (\d+)\)/.exec(out);
    return {
      code: done.code,
      result: /^Result: (\w+)$/m.exec(out)?.[1],
      tests: counts ? Number(counts[1]) : undefined,
      failed: counts ? Number(counts[2]) : 0,
      parseErrors: out.includes("Parse errors"),
      out,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("tap: prove (Test::Harness) passes a valid run and fails one failing point per error", async () => {
  const { run, diagnostics, root } = await fixture;
  const r = await run("tap");
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const { points } = readTap(r.out);
  const failing = await prove(r.out);
  assertEquals(
    [failing.code, failing.result, failing.tests, failing.failed],
    [1, "FAIL", points.length, errors],
    failing.out,
  );
  assertEquals(failing.parseErrors, false, failing.out);
  // Point by point, prove's parser reads what tap-parser reads, and no
  // description reads as a directive.
  assertEquals(
    await readTapPerl(r.out),
    points.map((p) => p.ok ? "ok" : "not ok"),
  );
  // A run without errors passes, warnings and all.
  const clean = await katcall(["validate", "-f", "tap", `${root}/warned`]);
  const passing = await prove(clean.out);
  assertEquals(
    [clean.code, passing.code, passing.result, passing.parseErrors],
    [0, 0, "PASS", false],
    passing.out,
  );
  // Too many warnings: one failing point says so.
  const warned = await katcall([
    "validate",
    "-f",
    "tap",
    "--max-warnings",
    "0",
    `${root}/warned`,
  ]);
  const tooMany = await prove(warned.out);
  assertEquals(
    [warned.code, tooMany.code, tooMany.tests, tooMany.failed],
    [1, 1, 2, 1],
    tooMany.out,
  );
});

/**
 * Reads one workflow command by the grammar of GitHub's documentation:
 * `::COMMAND key=value,key=value::MESSAGE`, with `%25`, `%0D`, `%0A` in the
 * message and also `%3A` and `%2C` in property values.
 */
function readCommand(line: string) {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${JSON.stringify(line)}`);
  const unescape = (s: string) =>
    s.replace(
      /%(25|0D|0A|3A|2C)/g,
      (_, hex) => String.fromCharCode(parseInt(hex, 16)),
    );
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1], props, message: unescape(m[3]) };
}

Deno.test("github: one workflow command per diagnostic, read back by the documented grammar", async () => {
  const { run, diagnostics, root } = await fixture;
  const r = await run("github");
  assertEquals(r.code, 1);
  assertEquals(r.out.includes("\r"), false);
  const commands = r.out.split("\n").filter(Boolean).map(readCommand);
  assertEquals(
    commands,
    diagnostics.map((d) => {
      const where = split(d.file, root);
      return {
        command: d.severity,
        props: {
          file: escapeControl(where.file),
          line: String(d.line),
          col: String(d.column),
          title: `katcall (${d.code})`,
        },
        message: escapeControl(messageOf(d, where.member)),
      };
    }),
  );
});
