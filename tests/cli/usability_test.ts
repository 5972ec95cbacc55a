/**
 * Smaller things a new user meets: the command meant, the value meant,
 * binary output kept off a terminal, one shape of JSON, counts in words,
 * a pointer to the help, and both halves of a foreign manifest reported.
 */
import { assertEquals } from "../assert.ts";
import { lines, REPO } from "../helpers.ts";
import { katcall, tree } from "./cli_helpers.ts";

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
    /^katcall: wrote .*ns\.tgz \(1 file, \d+ bytes\)\n$/.test(one.err),
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
