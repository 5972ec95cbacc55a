/**
 * Runs `deno test` with the arguments given, and fails when the tests leave
 * anything behind in the temporary directory: they run with `TMPDIR` set to
 * a new directory of their own (every temporary file and directory the tests
 * make, and those of the programs they start, goes there), which must be
 * empty when they end. What is left is named, then removed. `deno task test`
 * runs the tests this way:
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-run --allow-env scripts/run_tests.ts --allow-read tests/input/
 * ```
 *
 * Exits with the tests' exit code when they fail, else 1 when they left
 * something behind, else 0.
 *
 * @module
 */

/**
 * What is left in `dir`, as paths relative to it: a directory's own contents
 * are not listed (`x/` stands for all of it).
 *
 * @example
 * ```ts
 * import { leftovers } from "./run_tests.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/x`);
 * console.log(await leftovers(dir)); // ["x/"]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function leftovers(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    names.push(entry.isDirectory ? `${entry.name}/` : entry.name);
  }
  return names.sort();
}

/**
 * Runs `deno test ARGS` in a temporary directory of its own and gives the
 * exit code described in the module's documentation.
 *
 * @param args The arguments of `deno test`.
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import { runTests } from "./run_tests.ts";
 * const code = await runTests(["--allow-read", "tests/input/"]);
 * console.log(code); // 0
 * ```
 */
export async function runTests(args: string[]): Promise<number> {
  const tmp = await Deno.makeTempDir({ prefix: "kat-tests-" });
  try {
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: ["test", ...args],
      env: { TMPDIR: tmp },
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (code !== 0) return code;
    const left = await leftovers(tmp);
    if (left.length === 0) return 0;
    console.error(
      `error: the tests left ${left.length} ${
        left.length === 1 ? "entry" : "entries"
      } behind in their temporary directory:\n${
        left.map((name) => `  ${name}\n`).join("")
      }Make them with tempDir, tempFile or withTempDir (tests/helpers.ts), or remove them.`,
    );
    return 1;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await runTests(Deno.args));
