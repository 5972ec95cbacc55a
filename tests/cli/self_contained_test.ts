import { assertEquals } from "../assert.ts";
import { ENV_VARS, PERMISSIONS } from "../../src/cli/permissions.ts";
import { compileCommands } from "../../scripts/compile.ts";
import { REPO } from "../helpers.ts";

async function deno(args: string[], cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  })
    .output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/**
 * The tools bundled into one file and run from an unrelated directory, reading
 * nothing but their input, print exactly what the normal entry point prints:
 * no code path reads the project's own files at run time.
 */
Deno.test("the tools need no project file at run time", async () => {
  const work = await Deno.makeTempDir({ prefix: "kat-isolated-" });
  const bundle = `${work}/kat.js`;
  const built = await deno([
    "bundle",
    "--quiet",
    "--platform",
    "deno",
    "-o",
    bundle,
    "main.ts",
  ], REPO);
  assertEquals([built.code, built.stderr], [0, ""]);
  await Deno.mkdir(`${work}/app`);
  for (const f of ["workload.kat", "VirtualLoadBalancer.kat"]) {
    await Deno.copyFile(`${REPO}examples/web-service/${f}`, `${work}/app/${f}`);
  }
  await Deno.copyFile(`${REPO}examples/cluster.kat`, `${work}/cluster.kat`);
  const env = `--allow-env=${ENV_VARS.join(",")}`;
  const runs: [string, string, string[]][] = [
    ["kat-agent", `${work}/cluster.kat`, [
      "init",
      "--config",
      `${work}/cluster.kat`,
      "--dry-run",
    ]],
    ["katcall", `${work}/app`, ["inspect", `${work}/app`]],
    ["katcall", `${work}/app`, ["validate", "--format", "json", `${work}/app`]],
    ["katcall", `${work}/app`, ["schema"]],
    ["katcall", `${work}/app`, ["--version"]],
  ];
  for (const [tool, input, args] of runs) {
    const isolated = await deno([
      "run",
      "--no-config",
      `--allow-read=${input}`,
      env,
      bundle,
      tool,
      ...args,
    ], work);
    const normal = await deno(["run", "-A", "main.ts", tool, ...args], REPO);
    assertEquals([tool, args[0], isolated.code, isolated.stderr], [
      tool,
      args[0],
      0,
      "",
    ]);
    assertEquals(isolated.stdout, normal.stdout);
    assertEquals(isolated.stdout.length > 0, true);
  }
  await Deno.remove(work, { recursive: true });
});

Deno.test("compile builds each tool with its name baked in and its own permissions", () => {
  assertEquals(compileCommands([undefined]), [
    [
      "compile",
      "--output",
      "dist/katcall",
      ...PERMISSIONS.katcall,
      "main.ts",
      "katcall",
    ],
    [
      "compile",
      "--output",
      "dist/kat-agent",
      ...PERMISSIONS["kat-agent"],
      "main.ts",
      "kat-agent",
    ],
  ]);
  assertEquals(compileCommands(["aarch64-apple-darwin"])[1], [
    "compile",
    "--target",
    "aarch64-apple-darwin",
    "--output",
    "dist/aarch64-apple-darwin/kat-agent",
    ...PERMISSIONS["kat-agent"],
    "main.ts",
    "kat-agent",
  ]);
});

Deno.test("the katcall and kat-agent tasks run with the same permissions as the binaries", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}deno.json`));
  assertEquals(
    config.tasks.katcall,
    `deno run ${PERMISSIONS.katcall.join(" ")} main.ts katcall`,
  );
  assertEquals(
    config.tasks["kat-agent"],
    `deno run ${PERMISSIONS["kat-agent"].join(" ")} main.ts kat-agent`,
  );
});
