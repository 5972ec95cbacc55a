/**
 * Smaller things a new user meets: the command meant, the value meant,
 * binary output kept off a terminal, one shape of JSON, counts in words,
 * a pointer to the help, and both halves of a foreign manifest reported.
 */
import { assertEquals } from "../assert.ts";
import { lines, REPO } from "../helpers.ts";
import { katcall, loadBalancer, tree, workload } from "./cli_helpers.ts";
import { escapeControl } from "../../src/diagnostics/quote.ts";

Deno.test("words users type for a command suggest it", async () => {
  const cases: [string, string][] = [
    ["check", "validate"],
    ["lint", "validate"],
    ["Verify", "validate"],
    ["show", "inspect"],
    ["describe", "inspect"],
    ["tar", "pack"],
    ["valdate", "validate"],
  ];
  for (const [typed, meant] of cases) {
    const r = await katcall([typed, "x"]);
    assertEquals([r.code, r.err], [
      2,
      `error: unknown command \"${typed}\"\n(Did you mean ${meant}?)\nSee 'katcall --help'.\n`,
    ]);
  }
});

Deno.test("a value outside the choices suggests the one meant", async () => {
  const cases: [string[], string][] = [
    [["inspect", "--format", "yml"], "yaml"],
    [["inspect", "-f", "YAML"], "yaml"],
    [["inspect", "-f", "proto"], "binpb"],
    [["validate", "-f", "xml"], "junit"],
    [["validate", "-f", "sarf"], "sarif"],
    [["validate", "-f", "gha"], "github"],
    [["validate", "--color", "no"], "never"],
  ];
  for (const [args, meant] of cases) {
    const r = await katcall([...args, "x"]);
    assertEquals(
      [r.code, r.err.split("\n")[1]],
      [2, `(Did you mean ${meant}?)`],
      args.join(" "),
    );
  }
});

Deno.test("binary output is refused on a terminal, and written to a pipe or file", async () => {
  const binpb = await katcall(
    ["inspect", "-f", "binpb", `${REPO}examples/cluster.kat`],
    { terminal: true },
  );
  assertEquals([binpb.code, binpb.out, binpb.err], [
    2,
    "",
    "katcall: refusing to write binary protobuf to a terminal; redirect standard output to a file (> out.binpb)\nSee 'katcall inspect --help'.\n",
  ]);
  const pack = await katcall(
    ["pack", "-o", "-", `${REPO}examples/web-service`],
    {
      terminal: true,
    },
  );
  assertEquals([pack.code, pack.out, pack.err], [
    2,
    "",
    "katcall: refusing to write a gzip archive to a terminal; redirect standard output (> app.tar.gz) or give -o FILE\nSee 'katcall pack --help'.\n",
  ]);
  // Text is still fine on a terminal; binary is fine on a pipe.
  const yaml = await katcall(["inspect", `${REPO}examples/cluster.kat`], {
    terminal: true,
  });
  assertEquals(yaml.code, 0);
  const piped = await katcall([
    "inspect",
    "-f",
    "binpb",
    `${REPO}examples/cluster.kat`,
  ]);
  assertEquals([piped.code, piped.bytes.length > 10], [0, true]);
});

Deno.test("inspect --format json is an array for one resource and for several", async () => {
  for (
    const [path, count] of [
      [`${REPO}examples/cluster.kat`, 1],
      [`${REPO}examples/web-service`, 2],
      [`${REPO}examples/git-app/workload.kat`, 1],
    ] as const
  ) {
    const r = await katcall(["inspect", "-f", "json", path]);
    const parsed = JSON.parse(r.out);
    assertEquals([r.code, Array.isArray(parsed), parsed.length], [
      0,
      true,
      count,
    ], path);
  }
});

Deno.test("counts are in words: 1 file, 2 files", async () => {
  const dir = await tree({
    "ns/namespace.kat": lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Namespace",
      "metadata: {name: team}",
    ),
  });
  const one = await katcall(["pack", "-o", `${dir}/ns.tgz`, `${dir}/ns`]);
  assertEquals(one.code, 0);
  assertEquals(
    /^katcall: wrote ".*ns\.tgz" \(1 file, \d+ bytes\)\n$/.test(one.err),
    true,
    one.err,
  );
  const two = await katcall([
    "pack",
    "-o",
    `${dir}/web.tgz`,
    `${REPO}examples/web-service`,
  ]);
  assertEquals(/\(2 files, \d+ bytes\)\n$/.test(two.err), true, two.err);
});

Deno.test("a foreign manifest: both apiVersion and kind are reported", async () => {
  const dir = await tree({
    "deploy.kat": lines(
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: web}",
      "spec: {replicas: 2}",
    ),
  });
  const r = await katcall(["validate", "-f", "json", `${dir}/deploy.kat`]);
  const found = JSON.parse(r.out).diagnostics.map((
    d: { line: number; column: number; path: string },
  ) => `${d.line}:${d.column} ${d.path}`);
  assertEquals([r.code, found.slice(0, 2)], [1, [
    "1:13 apiVersion",
    "2:7 kind",
  ]]);
});

/**
 * A word as messages show it: JSON's escapes (so ESC is `\u001b` and a
 * newline `\n`), and past 200 characters cut, with its length said.
 */
function shown(word: string): string {
  return word.length <= 200
    ? JSON.stringify(word)
    : `${JSON.stringify(word.slice(0, 200) + "…")} (${word.length} characters)`;
}

Deno.test("what the user typed is escaped and shortened in every message", async () => {
  const root = await tree({});
  const odd = `${root}/a\x1b[31m\nb`;
  assertEquals(shown(odd), `"${root}/a\\u001b[31m\\nb"`);
  // 300 characters, under two directories of a legal length.
  const long = `${root}/${"d".repeat(100)}/`.padEnd(300, "e");
  assertEquals(shown(long), `"${long.slice(0, 200)}…" (300 characters)`);
  const see = (command: string) => `See 'katcall ${command} --help'.\n`;
  for (const dir of [odd, long]) {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${dir}/workload.kat`, workload("web"));
    await Deno.writeTextFile(
      `${dir}/VirtualLoadBalancer.kat`,
      loadBalancer("web"),
    );
    const expect = async (args: string[], code: number, err: string) => {
      const r = await katcall(args);
      assertEquals([r.code, r.err], [code, err], args.join(" "));
    };
    // The --max-warnings value.
    await expect(
      ["validate", "--max-warnings", dir, dir],
      2,
      `katcall: --max-warnings takes a count from 0 to 9007199254740991, not ${
        shown(dir)
      }\n${see("validate")}`,
    );
    // inspect --format binpb of a path that holds more than one resource.
    await expect(
      ["inspect", "-f", "binpb", dir],
      2,
      `katcall: --format binpb writes exactly one resource, but ${
        shown(dir)
      } holds 2\n${see("inspect")}`,
    );
    // pack of a file.
    await expect(
      ["pack", `${dir}/workload.kat`],
      2,
      `katcall: ${
        shown(`${dir}/workload.kat`)
      } is not a directory; pack takes a quadlet directory\n${see("pack")}`,
    );
    // pack of what cannot be read: a diagnostic, whose file is escaped as
    // every diagnostic's is and kept whole (a location).
    await expect(
      ["pack", `${dir}/gone`],
      1,
      `${
        escapeControl(dir)
      }/gone:1:1: error: cannot read: no such file or directory\n`,
    );
    // pack -o onto a file being packed.
    await expect(
      ["pack", "-o", `${dir}/workload.kat`, dir],
      2,
      `katcall: --output ${
        shown(`${dir}/workload.kat`)
      } is "workload.kat", one of the files being packed\n${see("pack")}`,
    );
    // pack -o where it cannot be written.
    await expect(
      ["pack", "-o", `${dir}/gone/x.tgz`, dir],
      1,
      `katcall: cannot write ${
        shown(`${dir}/gone/x.tgz`)
      }: no such file or directory\n`,
    );
    // pack -o written.
    const out = `${dir}.tgz`;
    const wrote = await katcall(["pack", "-o", out, dir]);
    const size = (await Deno.stat(out)).size;
    assertEquals([wrote.code, wrote.err], [
      0,
      `katcall: wrote ${shown(out)} (2 files, ${size} bytes)\n`,
    ]);
  }
  await Deno.remove(root, { recursive: true });
});
