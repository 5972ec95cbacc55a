/**
 * The options that shape a report: `--summary`, `--quiet`, `--verbose`,
 * `--max-warnings` and `--color`.
 */
import { assertEquals } from "../assert.ts";
import {
  katcall,
  loadBalancer,
  tree,
  warnedWorkload,
  workload,
} from "./cli_helpers.ts";

/** Three quadlets: a clean one, one with a warning, one with an error. */
const fixture = tree({
  "clean/workload.kat": workload("clean"),
  "clean/VirtualLoadBalancer.kat": loadBalancer("clean"),
  "warned/workload.kat": warnedWorkload("warned"),
  "broken/workload.kat": workload("Broken_Name"),
});

const WARNING =
  'warned/workload.kat:8:20: warning: spec.volumes[0].name: volume "spare" is not mounted by the container (hint: mount it in spec.container.volumeMounts, or remove it)';
const ERROR =
  `broken/workload.kat:3:18: error: metadata.name: "Broken_Name" is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit (hint: use "broken-name")`;

/** Output with the temporary root left out. */
async function run(args: string[], env?: Record<string, string>) {
  const root = await fixture;
  const paths = args.map((a) =>
    a.startsWith("@") ? `${root}/${a.slice(1)}` : a
  );
  const r = await katcall(["validate", ...paths], { env });
  const strip = (s: string) => s.replaceAll(`${root}/`, "");
  return { code: r.code, out: strip(r.out), err: strip(r.err) };
}

Deno.test("the error of the broken quadlet reads as expected", async () => {
  const r = await run(["@broken"]);
  assertEquals(r, { code: 1, out: `${ERROR}\n`, err: "" });
});

Deno.test("--summary: files, resources, errors and warnings; after the text, or on stderr for the other formats", async () => {
  const text = await run(["--summary", "@clean", "@warned", "@broken"]);
  assertEquals(text, {
    code: 1,
    out: [
      WARNING,
      ERROR,
      "Summary: 4 files, 4 resources, 1 error, 1 warning",
      "",
    ].join("\n"),
    err: "",
  });
  for (const format of ["json", "junit", "tap", "sarif", "github"]) {
    const r = await run(["--summary", "-f", format, "@clean", "@broken"]);
    assertEquals(
      [r.code, r.err],
      [1, "Summary: 3 files, 3 resources, 1 error, 0 warnings\n"],
      format,
    );
  }
  const one = await run(["--summary", "@warned"]);
  assertEquals(
    one.out.split("\n").at(-2),
    "Summary: 1 file, 1 resource, 0 errors, 1 warning",
  );
  // Without --summary there is no such line.
  assertEquals((await run(["@clean"])).out, "");
});

Deno.test("--quiet reports errors only, in every format; the summary still counts the warnings", async () => {
  const r = await run(["-q", "--summary", "@warned", "@broken"]);
  assertEquals(
    r.out,
    `${ERROR}\nSummary: 2 files, 2 resources, 1 error, 1 warning\n`,
  );
  const json = await run(["--quiet", "-f", "json", "@warned"]);
  assertEquals([json.code, json.out], [0, '{"valid":true,"diagnostics":[]}\n']);
  const github = await run(["--quiet", "-f", "github", "@warned", "@broken"]);
  assertEquals(
    github.out.split("\n").filter(Boolean).map((l) => l.split(" ")[0]),
    [
      "::error",
    ],
  );
});

Deno.test("--verbose lists each file without a problem; it goes with the text format only, and not with --quiet", async () => {
  const r = await run(["--verbose", "@clean", "@warned"]);
  assertEquals(r, {
    code: 0,
    out: [
      "clean/VirtualLoadBalancer.kat: ok",
      "clean/workload.kat: ok",
      WARNING,
      "",
    ].join("\n"),
    err: "",
  });
  const json = await run(["-v", "-f", "json", "@clean"]);
  assertEquals([json.code, json.err], [
    2,
    "katcall: --verbose applies to the text format only\nSee 'katcall validate --help'.\n",
  ]);
  const both = await run(["-v", "-q", "@clean"]);
  assertEquals([both.code, both.err.split("\n")[0]], [
    2,
    "katcall: --quiet and --verbose cannot go together",
  ]);
});

Deno.test("--max-warnings N fails the run when there are more than N warnings, in every format", async () => {
  assertEquals((await run(["@warned"])).code, 0);
  assertEquals((await run(["--max-warnings", "1", "@warned"])).code, 0);
  const over = await run(["--max-warnings", "0", "@warned"]);
  assertEquals(over, {
    code: 1,
    out: `${WARNING}\n`,
    err: "katcall: 1 warning, more than --max-warnings 0 allows\n",
  });
  // --quiet hides the warnings, but they still count.
  const quiet = await run(["--max-warnings=0", "-q", "@warned"]);
  assertEquals([quiet.code, quiet.out], [1, ""]);
  // The CI formats fail too, so that their readers agree with the exit code.
  const tap = await run(["--max-warnings", "0", "-f", "tap", "@warned"]);
  assertEquals(
    tap.out.split("\n").at(-2),
    "not ok 2 - 1 warning, more than --max-warnings 0 allows",
  );
  const junit = await run(["--max-warnings", "0", "-f", "junit", "@warned"]);
  assertEquals(
    junit.out.includes(
      '<testcase name="--max-warnings" classname="katcall">',
    ) && junit.out.includes('failures="1"'),
    true,
    junit.out,
  );
  const github = await run(["--max-warnings", "0", "-f", "github", "@warned"]);
  assertEquals(
    github.out.split("\n").at(-2),
    "::error title=katcall (max-warnings)::1 warning, more than --max-warnings 0 allows",
  );
});

Deno.test("--max-warnings takes any count up to 2^53 - 1, and says so of anything else", async () => {
  for (const count of ["1000000000", "9007199254740991", "1", "007"]) {
    const r = await run(["--max-warnings", count, "@warned"]);
    assertEquals([r.code, r.err], [0, ""], count);
  }
  const bad = [
    ["9007199254740992", '"9007199254740992"'],
    ["1" + "0".repeat(400), `"1${"0".repeat(199)}…" (401 characters)`],
    ["-1", '"-1"'],
    ["1e3", '"1e3"'],
    ["0x10", '"0x10"'],
    ["1.5", '"1.5"'],
    [" 1", '" 1"'],
    ["x", '"x"'],
    ["", '""'],
    ["\x1b[2J\n9", '"\\u001b[2J\\n9"'],
  ];
  for (const [value, quoted] of bad) {
    const r = await run([`--max-warnings=${value}`, "@warned"]);
    assertEquals([r.code, r.out, r.err], [
      2,
      "",
      `katcall: --max-warnings takes a count from 0 to 9007199254740991, not ${quoted}\nSee 'katcall validate --help'.\n`,
    ], value);
  }
});

Deno.test("--color: always and never decide; auto follows the terminal, FORCE_COLOR, NO_COLOR and TERM=dumb", async () => {
  const root = await fixture;
  const red = "\x1b[1;31merror\x1b[0m";
  const coloured = async (
    args: string[],
    terminal: boolean,
    env: Record<string, string> = {},
  ) => {
    const r = await katcall(["validate", ...args, `${root}/broken`], {
      terminal,
      env,
    });
    assertEquals(r.code, 1);
    return r.out.includes(red);
  };
  const cases: [string[], boolean, Record<string, string>, boolean][] = [
    [[], true, {}, true],
    [[], false, {}, false],
    [[], true, { NO_COLOR: "1" }, false],
    [[], true, { NO_COLOR: "" }, true],
    [[], true, { TERM: "dumb" }, false],
    [[], true, { TERM: "xterm-256color" }, true],
    [[], false, { FORCE_COLOR: "1" }, true],
    [[], false, { FORCE_COLOR: "true" }, true],
    [[], true, { FORCE_COLOR: "0" }, false],
    [[], true, { FORCE_COLOR: "false" }, false],
    [[], false, { FORCE_COLOR: "" }, false],
    [[], true, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
    [[], true, { FORCE_COLOR: "1", TERM: "dumb" }, true],
    [["--color", "always"], false, { NO_COLOR: "1" }, true],
    [["--color=always"], false, { TERM: "dumb" }, true],
    [["--color", "never"], true, { FORCE_COLOR: "1" }, false],
    [["--color", "auto"], true, {}, true],
  ];
  for (const [args, terminal, env, expected] of cases) {
    assertEquals(
      await coloured(args, terminal, env),
      expected,
      JSON.stringify({ args, terminal, env }),
    );
  }
  // Diagnostics on stderr (inspect, pack) follow --color as well.
  const inspect = await katcall([
    "inspect",
    "--color",
    "always",
    `${root}/broken`,
  ]);
  assertEquals(inspect.err.includes(red), true);
  const bad = await katcall(["validate", "--color", "yes", `${root}/broken`]);
  assertEquals(bad.err.split("\n").slice(0, 2), [
    'error: --color cannot be "yes": use auto, always, never',
    "(Did you mean always?)",
  ]);
});
