import { assertEquals, assertIncludes } from "../assert.ts";
import { ENV_VARS, PERMISSIONS } from "../../src/cli/permissions.ts";
import {
  AGENT_IMPORT,
  buildBundles,
  BUNDLE,
  BUNDLE_DIR,
  bundleArgs,
  compileCommands,
  IMPORT_MAP,
  v8Flags,
} from "../../scripts/compile.ts";
import { REPO, tempDir } from "../helpers.ts";

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
 * The bundle the binaries embed, run from an unrelated directory without the
 * project's configuration, reading nothing but its input, prints exactly what
 * the normal entry point prints: no code path reads the project's own files at
 * run time, and nothing is fetched or resolved from npm.
 */
Deno.test("the tools need no project file at run time", async () => {
  const work = await tempDir("isolated");
  const bundle = `${work}/bundle/main.js`;
  await buildBundles(new URL(`file://${REPO}`), `${work}/bundle`);
  // No module is left to load at run time but the bundle's own chunks: neither
  // npm packages nor Node's built-ins (which would start Deno's
  // Node-compatibility layer). The one exception is the agent of
  // `kat-agent init` and `join`, a bundle of its own that only they load,
  // whose etcd client the import map next to the bundle resolves (and which
  // reads a joining node's certificate chain with `node:tls` and serves the
  // API with `node:https`).
  const imports = async (dir: string) => {
    const found = new Set<string>();
    for await (const chunk of Deno.readDir(dir)) {
      if (!chunk.isFile || !chunk.name.endsWith(".js")) continue;
      const code = await Deno.readTextFile(`${dir}/${chunk.name}`);
      // Minified code writes `from"x"` and `import("x")` without spaces;
      // with spaces, it is the text of a message (`from 'alg' argument`).
      const pattern = /(?:\bfrom|\bimport|\brequire)\(?["'`]([^"'`]*)/g;
      for (const m of code.matchAll(pattern)) {
        if (!m[1].startsWith("./")) found.add(m[1]);
      }
    }
    return [...found].sort();
  };
  // The one exception in the main bundle: `node:tls`, in the chunk of the
  // request that trusts only the cluster CA, which katcall loads when it
  // talks to a cluster (never at start).
  assertEquals(await imports(`${work}/bundle`), ["node:tls"]);
  const main = await Deno.readTextFile(bundle);
  const withTls: string[] = [];
  for await (const chunk of Deno.readDir(`${work}/bundle`)) {
    if (!chunk.name.endsWith(".js")) continue;
    const code = await Deno.readTextFile(`${work}/bundle/${chunk.name}`);
    if (/from\s*["']node:tls["']/.test(code)) withTls.push(chunk.name);
  }
  assertEquals(withTls.map((n) => n.replace(/-[A-Z0-9]+\.js$/, "")), [
    "pinned_https",
  ]);
  assertIncludes(main, `import("./${withTls[0]}")`);
  assertEquals(main.includes(`from"./${withTls[0]}"`), false);
  assertIncludes(
    await Deno.readTextFile(bundle),
    'import(new URL("./agent/init_command.js",import.meta.url).href)',
  );
  assertEquals(await imports(`${work}/bundle/agent`), [
    "etcd3",
    "node:buffer",
    "node:https",
    "node:tls",
  ]);
  await Deno.mkdir(`${work}/app`);
  for (const f of ["workload.kat", "VirtualLoadBalancer.kat"]) {
    await Deno.copyFile(`${REPO}examples/web-service/${f}`, `${work}/app/${f}`);
  }
  await Deno.copyFile(`${REPO}examples/cluster.kat`, `${work}/cluster.kat`);
  const env = `--allow-env=${ENV_VARS.join(",")}`;
  const runs: [keyof typeof PERMISSIONS, string, string[]][] = [
    ["kat-agent", `${work}/cluster.kat`, [
      "init",
      "--config",
      `${work}/cluster.kat`,
      "--dry-run",
    ]],
    ["katcall", `${work}/app`, ["inspect", `${work}/app`]],
    ["katcall", `${work}/app`, [
      "inspect",
      "--format",
      "binpb",
      `${work}/app/workload.kat`,
    ]],
    ["katcall", `${work}/app`, ["validate", "--format", "json", `${work}/app`]],
    ["katcall", `${work}/app`, ["schema"]],
    ["katcall", `${work}/app`, ["--version"]],
  ];
  for (const [tool, input, args] of runs) {
    const isolated = await deno([
      "run",
      "--no-config",
      // As compiled: only kat-agent carries the import map.
      ...(tool === "kat-agent"
        ? [`--import-map=${work}/bundle/import_map.json`]
        : []),
      `--v8-flags=${v8Flags(tool).join(",")}`,
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

Deno.test("compile bundles once, then builds each tool from the bundle with its name and permissions", () => {
  assertEquals(bundleArgs(), [
    "bundle",
    "--quiet",
    "--platform",
    "browser",
    "--minify",
    "--code-splitting",
    "--external",
    AGENT_IMPORT,
    "--outdir",
    BUNDLE_DIR,
    "main.ts",
  ]);
  assertEquals(compileCommands([undefined]), [
    [
      "compile",
      "--no-config",
      "--output",
      "dist/katcall",
      "--v8-flags=--no-enable-lazy-source-positions,--no-lazy,--max-semi-space-size=2,--no-turbofan",
      ...PERMISSIONS.katcall,
      BUNDLE,
      "katcall",
    ],
    [
      "compile",
      "--no-config",
      "--output",
      "dist/kat-agent",
      "--import-map",
      IMPORT_MAP,
      "--include",
      `${BUNDLE_DIR}/agent/init_command.js`,
      "--v8-flags=--no-enable-lazy-source-positions,--no-lazy,--max-semi-space-size=2",
      ...PERMISSIONS["kat-agent"],
      BUNDLE,
      "kat-agent",
    ],
  ]);
  assertEquals(compileCommands(["aarch64-apple-darwin"])[1], [
    "compile",
    "--no-config",
    "--target",
    "aarch64-apple-darwin",
    "--output",
    "dist/aarch64-apple-darwin/kat-agent",
    "--import-map",
    IMPORT_MAP,
    "--include",
    `${BUNDLE_DIR}/agent/init_command.js`,
    "--v8-flags=--no-enable-lazy-source-positions,--no-lazy,--max-semi-space-size=2",
    ...PERMISSIONS["kat-agent"],
    BUNDLE,
    "kat-agent",
  ]);
});

Deno.test("the katcall and kat-agent tasks run with the same permissions as the binaries", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}deno.json`));
  assertEquals(
    config.tasks.katcall,
    `deno run --quiet ${PERMISSIONS.katcall.join(" ")} src/cli/katcall_main.ts`,
  );
  assertEquals(
    config.tasks["kat-agent"],
    `deno run --quiet ${
      PERMISSIONS["kat-agent"].join(" ")
    } src/cli/kat_agent_main.ts`,
  );
});
