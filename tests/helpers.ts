/**
 * Shared test helpers: compact views of diagnostics for exact assertions.
 *
 * @module
 */
import type { Diagnostic } from "../src/diagnostics/diagnostic.ts";
import type { Kind, ResourceTypes } from "../src/gen/types.ts";
import type { ParseResult } from "../src/manifest/parse_result.ts";

/** `LINE:COL PATH: MESSAGE` for each error (warnings included with a `W ` prefix). */
export function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    `${
      d.severity === "warning" ? "W " : ""
    }${d.line}:${d.column} ${d.path}: ${d.message}`
  );
}

/** Just `LINE:COL PATH` of each diagnostic. */
export function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.path}`);
}

/** Joins lines into a file text ending in a newline. */
export function lines(...ls: string[]): string {
  return ls.join("\n") + "\n";
}

/** The root of the repository, as a path ending in `/`. */
export const REPO = new URL("../", import.meta.url).pathname;

/** Every `.kat` file under `dir`, by path, in the order of names. */
export function katFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (
      const e of [...Deno.readDirSync(d)].sort((a, b) =>
        a.name < b.name ? -1 : 1
      )
    ) {
      if (e.isDirectory) walk(`${d}/${e.name}`);
      else if (e.name.endsWith(".kat")) {
        out.set(`${d}/${e.name}`, Deno.readTextFileSync(`${d}/${e.name}`));
      }
    }
  };
  walk(dir);
  return out;
}

/** The texts of the examples' `.kat` files, sorted. */
export function exampleTexts(): string[] {
  return [...katFiles(`${REPO}examples`).values()].sort();
}

/** The parsed resource of `result`, which must be of `kind`. */
export function resourceOf<K extends Kind>(
  result: ParseResult,
  kind: K,
): ResourceTypes[K] | undefined {
  const [parsed] = result.resources;
  if (!parsed) return undefined;
  if (parsed.kind !== kind) {
    throw new Error(`expected a ${kind}, got ${parsed.kind}`);
  }
  return parsed.resource as ResourceTypes[K];
}

/**
 * Temporary files and directories of the tests: every one is made with
 * {@link tempDir}, {@link tempFile} or {@link withTempDir}, under
 * `TMPDIR`, and removed when its test module ends, failed or not (or at the
 * end of {@link withTempDir}). `deno task test` runs the tests with `TMPDIR`
 * set to a directory of its own and fails when anything is left in it
 * (scripts/run_tests.ts), so a test that leaves a file behind fails there.
 */
const made = new Set<string>();

globalThis.addEventListener("unload", () => {
  for (const path of made) {
    try {
      Deno.removeSync(path, { recursive: true });
    } catch (e) {
      // A test may have removed it itself.
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  made.clear();
});

/**
 * A new, empty temporary directory, removed when the test module ends.
 *
 * @param name Part of the directory's name, for whoever finds it.
 */
export async function tempDir(name = "dir"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: `kat-test-${name}-` });
  made.add(dir);
  return dir;
}

/**
 * A new, empty temporary file, removed when the test module ends.
 *
 * @param suffix The end of its name (`.tar.gz`).
 */
export async function tempFile(suffix = ""): Promise<string> {
  const file = await Deno.makeTempFile({ prefix: "kat-test-", suffix });
  made.add(file);
  return file;
}

/**
 * Runs `fn` in a new temporary directory and removes the directory when
 * `fn` is done, whether it succeeded or threw.
 *
 * @param fn What to do in the directory.
 * @param name Part of the directory's name.
 */
export async function withTempDir<T>(
  fn: (dir: string) => T | Promise<T>,
  name = "dir",
): Promise<T> {
  const dir = await tempDir(name);
  try {
    return await fn(dir);
  } finally {
    made.delete(dir);
    await Deno.remove(dir, { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
}
