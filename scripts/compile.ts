/**
 * Builds `dist/katcall` and `dist/kat-agent`: first `main.ts` is bundled into
 * plain JavaScript (`dist/bundle/main.js` and the chunks it imports, and the
 * agent's own bundle in `dist/bundle/agent/`), then
 * `deno compile` turns that bundle into each tool, with the tool's name baked
 * in as its first argument and the narrowest permissions it needs.
 *
 * The bundle is built for the `browser` platform so that packages which ship a
 * build for runtimes without Node.js (the `yaml` parser does) contribute that
 * build: the binaries then never start Deno's Node compatibility layer, which
 * would cost more start-up time than all of our own code (see
 * docs/performance.md). Nothing else differs: the bundle still runs on Deno
 * and uses Deno's APIs.
 *
 * `kat-agent init` (without `--dry-run`) runs on etcd's gRPC client, which
 * needs Node's built-ins and reads its `.proto` files from its npm package at
 * run time, so it cannot be part of the browser bundle. The agent is a second
 * bundle (`dist/bundle/agent/`) that leaves `etcd3` to Deno; an import map
 * next to the bundle ({@link importMap}) resolves `etcd3` to its npm package,
 * which `deno compile` embeds. The main bundle's import of the agent is
 * relinked to that bundle by a URL computed when it runs
 * ({@link linkAgent}), which neither the bundler nor Deno's module graph
 * follows: no other command loads, parses or resolves any of it (Deno
 * otherwise loads the whole graph of a literal dynamic import at start-up,
 * npm resolution included). `deno compile --include` embeds the agent.
 *
 * Each binary also carries {@link V8_FLAGS}: a one-file bundle is one large
 * script, and V8's defaults for large scripts cost start-up time (see
 * docs/performance.md); `katcall` also {@link TOOL_V8_FLAGS}.
 *
 * `deno compile` downloads the Deno runtime for the target (denort) unless the
 * environment variable `DENORT_BIN` points at one; set it on machines without
 * internet access.
 *
 * Usage:
 *   deno task compile                          # for this machine
 *   deno task compile --target aarch64-unknown-linux-gnu
 *   deno task compile --target all             # linux x64/arm64, macOS x64/arm64
 *
 * @module
 */
import { PERMISSIONS } from "../src/cli/permissions.ts";

/** Targets built by `--target all`. */
export const ALL_TARGETS: readonly string[] = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
];

/** The directory `deno bundle` writes the bundle's files into. */
export const BUNDLE_DIR = "dist/bundle";

/** The bundle's entry file, which every binary embeds (with its chunks). */
export const BUNDLE = `${BUNDLE_DIR}/main.js`;

/** The import map the binaries are compiled with (see {@link importMap}). */
export const IMPORT_MAP = `${BUNDLE_DIR}/import_map.json`;

/**
 * The agent's module as `src/cli/kat_agent.ts` imports it (dynamically): the
 * main bundle leaves this import as it is, and {@link linkAgent} relinks it.
 */
export const AGENT_IMPORT = "../agent/init_command.ts";

/** The agent's module, the entry of the agent bundle. */
export const AGENT_ENTRY = "src/agent/init_command.ts";

/** The agent bundle's entry file, relative to the bundle directory. */
export const AGENT_BUNDLE = "agent/init_command.js";

/**
 * npm packages the agent bundle leaves to Deno (resolved through the import
 * map): `etcd3` reads its `.proto` files from its own package directory.
 */
export const EXTERNAL_PACKAGES: readonly string[] = ["etcd3"];

/**
 * V8 flags baked into every binary, measured on the bundle (see
 * docs/performance.md):
 *
 * - `--no-enable-lazy-source-positions`: record source positions when a
 *   function is compiled. By default V8 leaves them out and, the first time an
 *   `Error` is created, compiles the calling functions again to recover them;
 *   for the bundle's top level, a single function as long as the file, that
 *   took about 8 ms, paid at start-up because a dependency creates an `Error`
 *   at load.
 * - `--no-lazy`: compile every function up front. The binaries keep a V8 code
 *   cache after their first run; with this flag it holds every function, so
 *   later runs compile nothing at all.
 * - `--max-semi-space-size=2`: keep each thread's young generation at 2 MiB.
 *   V8 grows it to 16 MiB under a steady stream of short-lived objects, which
 *   parsing thousands of files is; with `katcall validate`'s workers that
 *   doubled the peak memory of a 10,000-file run (300 MB against 145 MB) and
 *   saved no measurable time.
 *
 * @example
 * ```ts
 * import { V8_FLAGS } from "./compile.ts";
 * console.log(V8_FLAGS.includes("--no-lazy")); // true
 * ```
 */
export const V8_FLAGS: readonly string[] = [
  "--no-enable-lazy-source-positions",
  "--no-lazy",
  "--max-semi-space-size=2",
];

/**
 * The `deno bundle` arguments that turn `entry` (by default `main.ts`) into
 * `outdir/<entry's name>.js`, which the binaries embed. Code that only some
 * commands need and that is imported dynamically (protobufjs, for
 * `--format binpb`) goes into a separate chunk next to it, which
 * `deno compile` embeds too but which is loaded only when used.
 *
 * @example
 * ```ts
 * import { bundleArgs } from "./compile.ts";
 * console.log(bundleArgs("dist/bundle").includes("browser")); // true
 * ```
 */
export function bundleArgs(
  outdir: string = BUNDLE_DIR,
  entry: string = "main.ts",
): string[] {
  return [
    "bundle",
    "--quiet",
    "--platform",
    "browser",
    "--minify",
    "--code-splitting",
    "--external",
    AGENT_IMPORT,
    "--outdir",
    outdir,
    entry,
  ];
}

/**
 * The `deno bundle` arguments of the agent bundle, `outdir/agent/`: the
 * agent and everything it uses but {@link EXTERNAL_PACKAGES}, for the same
 * platform as the main bundle.
 *
 * @example
 * ```ts
 * import { agentBundleArgs } from "./compile.ts";
 * console.log(agentBundleArgs("dist/bundle").at(-1)); // "src/agent/init_command.ts"
 * ```
 */
export function agentBundleArgs(outdir: string = BUNDLE_DIR): string[] {
  return [
    "bundle",
    "--quiet",
    "--platform",
    "browser",
    "--minify",
    "--code-splitting",
    ...EXTERNAL_PACKAGES.flatMap((p) => ["--external", p]),
    "--outdir",
    `${outdir}/agent`,
    AGENT_ENTRY,
  ];
}

/**
 * The main bundle's code with its import of {@link AGENT_IMPORT} pointed at
 * the agent bundle, by a URL computed when it runs. Throws unless the import
 * occurs exactly once.
 *
 * @example
 * ```ts
 * import { linkAgent } from "./compile.ts";
 * console.log(linkAgent('let a=await import("../agent/init_command.ts");'));
 * // let a=await import(new URL("./agent/init_command.js",import.meta.url).href);
 * ```
 */
export function linkAgent(code: string): string {
  const literal = `import(${JSON.stringify(AGENT_IMPORT)})`;
  const parts = code.split(literal);
  if (parts.length !== 2) {
    throw new Error(
      `the bundle imports ${AGENT_IMPORT} ${parts.length - 1} times, not once`,
    );
  }
  return parts.join(
    `import(new URL(${
      JSON.stringify(`./${AGENT_BUNDLE}`)
    },import.meta.url).href)`,
  );
}

/**
 * The import map that goes next to the bundle: each of
 * {@link EXTERNAL_PACKAGES} to its specifier in `imports` (deno.json's import
 * map).
 *
 * @example
 * ```ts
 * import { importMap } from "./compile.ts";
 * console.log(importMap({ etcd3: "npm:etcd3@1.1.2" }).imports["etcd3"]); // "npm:etcd3@1.1.2"
 * ```
 */
export function importMap(
  imports: Readonly<Record<string, string>>,
): { imports: Record<string, string> } {
  const map: Record<string, string> = {};
  for (const name of EXTERNAL_PACKAGES) {
    const specifier = imports[name];
    if (!specifier) throw new Error(`deno.json does not import ${name}`);
    map[name] = specifier;
  }
  return { imports: map };
}

/**
 * Builds both bundles into `outdir` (relative to `root`, running `deno` from
 * `root`), links the main bundle to the agent's and writes the import map.
 * Throws when a bundle fails.
 *
 * @example
 * ```ts
 * import { buildBundles } from "./compile.ts";
 * await buildBundles(new URL("../", import.meta.url), "dist/bundle");
 * ```
 */
export async function buildBundles(
  root: URL,
  outdir: string = BUNDLE_DIR,
): Promise<void> {
  for (const args of [bundleArgs(outdir), agentBundleArgs(outdir)]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `deno ${args.join(" ")} failed:\n${
          new TextDecoder().decode(out.stderr)
        }`,
      );
    }
  }
  const main = new URL(`${outdir}/main.js`, root);
  await Deno.writeTextFile(main, linkAgent(await Deno.readTextFile(main)));
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", root)),
  );
  await Deno.writeTextFile(
    new URL(`${outdir}/import_map.json`, root),
    JSON.stringify(importMap(config.imports), null, 2) + "\n",
  );
}

/**
 * The run-time flags a tool's binary carries: its V8 flags ({@link v8Flags})
 * and its permissions. `deno run` of the bundle with these flags runs what the binary
 * runs.
 *
 * @example
 * ```ts
 * import { runtimeFlags } from "./compile.ts";
 * console.log(runtimeFlags("kat-agent")[1]); // "--allow-read"
 * ```
 */
export function runtimeFlags(tool: keyof typeof PERMISSIONS): string[] {
  return [`--v8-flags=${v8Flags(tool).join(",")}`, ...PERMISSIONS[tool]];
}

/**
 * V8 flags one tool's binary adds to {@link V8_FLAGS}, measured on the
 * bundle (see docs/performance.md):
 *
 * - `katcall`: `--no-turbofan`. V8's optimizing compiler compiles the hot
 *   checking code again in every worker of `katcall validate`, on the same
 *   two cores; the code of its mid-tier compiler (Maglev) checks files as
 *   fast, and 10,000 files took 10% less time (40,000: 13%) without it.
 *   Start-up is unchanged. The agent, a long-running server, keeps it.
 *
 * @example
 * ```ts
 * import { TOOL_V8_FLAGS } from "./compile.ts";
 * console.log(TOOL_V8_FLAGS.katcall); // ["--no-turbofan"]
 * ```
 */
export const TOOL_V8_FLAGS: Readonly<
  Record<keyof typeof PERMISSIONS, readonly string[]>
> = {
  katcall: ["--no-turbofan"],
  "kat-agent": [],
};

/**
 * Every V8 flag a tool's binary carries: {@link V8_FLAGS}, then the tool's
 * own ({@link TOOL_V8_FLAGS}).
 *
 * @example
 * ```ts
 * import { v8Flags } from "./compile.ts";
 * console.log(v8Flags("katcall").at(-1)); // "--no-turbofan"
 * ```
 */
export function v8Flags(tool: keyof typeof PERMISSIONS): string[] {
  return [...V8_FLAGS, ...TOOL_V8_FLAGS[tool]];
}

/**
 * The `deno compile` argument lists for the given targets (undefined: this
 * machine). Each compiles {@link BUNDLE} with {@link runtimeFlags}; output goes
 * to `dist/<tool>` or `dist/<target>/<tool>`.
 *
 * @example
 * ```ts
 * import { compileCommands } from "./compile.ts";
 * console.log(compileCommands([undefined])[0].at(-1)); // "katcall"
 * ```
 */
export function compileCommands(
  targets: readonly (string | undefined)[],
): string[][] {
  const commands: string[][] = [];
  for (const target of targets) {
    for (
      const tool of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]
    ) {
      const output = target ? `dist/${target}/${tool}` : `dist/${tool}`;
      commands.push([
        "compile",
        "--no-config",
        ...(target ? ["--target", target] : []),
        "--output",
        output,
        ...(tool === "kat-agent"
          ? [
            "--import-map",
            IMPORT_MAP,
            "--include",
            `${BUNDLE_DIR}/${AGENT_BUNDLE}`,
          ]
          : []),
        ...runtimeFlags(tool),
        BUNDLE,
        tool,
      ]);
    }
  }
  return commands;
}

function targetsFromArgs(args: readonly string[]): (string | undefined)[] {
  const i = args.indexOf("--target");
  if (i < 0) return [undefined];
  const value = args[i + 1];
  if (!value) throw new Error("--target needs a value");
  return value === "all" ? [...ALL_TARGETS] : value.split(",");
}

async function deno(args: string[], cwd: URL): Promise<boolean> {
  console.error(`deno ${args.join(" ")}`);
  const { success } = await new Deno.Command(Deno.execPath(), { args, cwd })
    .spawn().status;
  return success;
}

if (import.meta.main) {
  const root = new URL("../", import.meta.url);
  const targets = targetsFromArgs(Deno.args);
  await Deno.remove(new URL(BUNDLE_DIR, root), { recursive: true }).catch(
    (e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    },
  );
  try {
    await buildBundles(root);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(1);
  }
  for (const args of compileCommands(targets)) {
    if (!await deno(args, root)) {
      console.error(
        "deno compile failed. Without internet access, set DENORT_BIN to a denort binary of the same Deno version and target.",
      );
      Deno.exit(1);
    }
  }
}
