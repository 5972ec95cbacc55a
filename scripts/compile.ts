/**
 * Builds `dist/katcall` and `dist/kat-agent`: first `main.ts` is bundled into
 * plain JavaScript (`dist/bundle/main.js` and the chunks it imports), then
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
 * Each binary also carries {@link V8_FLAGS}: a one-file bundle is one large
 * script, and V8's defaults for large scripts cost start-up time (see
 * docs/performance.md).
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
    "--outdir",
    outdir,
    entry,
  ];
}

/**
 * The run-time flags a tool's binary carries: {@link V8_FLAGS} and the tool's
 * permissions. `deno run` of the bundle with these flags runs what the binary
 * runs.
 *
 * @example
 * ```ts
 * import { runtimeFlags } from "./compile.ts";
 * console.log(runtimeFlags("kat-agent")[1]); // "--allow-read"
 * ```
 */
export function runtimeFlags(tool: keyof typeof PERMISSIONS): string[] {
  return [`--v8-flags=${V8_FLAGS.join(",")}`, ...PERMISSIONS[tool]];
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
  if (!await deno(bundleArgs(), root)) {
    console.error("deno bundle failed.");
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
