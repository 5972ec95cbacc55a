/**
 * Builds `dist/katcall` and `dist/kat-agent` with `deno compile`, each from
 * `main.ts` with the tool's name baked in as its first argument and the
 * narrowest permissions it needs.
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

/**
 * The `deno compile` argument lists for the given targets (undefined: this
 * machine). Output goes to `dist/<tool>` or `dist/<target>/<tool>`.
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
    for (const [tool, permissions] of Object.entries(PERMISSIONS)) {
      const output = target ? `dist/${target}/${tool}` : `dist/${tool}`;
      commands.push([
        "compile",
        ...(target ? ["--target", target] : []),
        "--output",
        output,
        ...permissions,
        "main.ts",
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

if (import.meta.main) {
  const root = new URL("../", import.meta.url);
  for (const args of compileCommands(targetsFromArgs(Deno.args))) {
    console.error(`deno ${args.join(" ")}`);
    const { success } = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: root,
    }).spawn().status;
    if (!success) {
      console.error(
        "deno compile failed. Without internet access, set DENORT_BIN to a denort binary of the same Deno version and target.",
      );
      Deno.exit(1);
    }
  }
}
