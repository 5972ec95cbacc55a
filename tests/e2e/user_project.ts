/**
 * Helpers of the tests that stand where a user of the package stands: a
 * project of its own that links this checkout as `@kat/toolkit`, and what
 * Deno's npm cache holds after a run.
 *
 * @module
 */
import { REPO, tempDir } from "../helpers.ts";

/**
 * A new project (a temporary directory, removed when the test module ends)
 * whose deno.json links this checkout and imports `@kat/toolkit` and each
 * of `subpaths` (`wire` is `@kat/toolkit/wire`) from JSR.
 *
 * @param name Part of the directory's name.
 * @param subpaths The package's subpaths the project imports, in order.
 */
export async function linkedProject(
  name: string,
  subpaths: readonly string[],
): Promise<string> {
  const dir = await tempDir(name);
  const imports: Record<string, string> = {
    "@kat/toolkit": "jsr:@kat/toolkit@^0.1.0",
  };
  for (const sub of subpaths) {
    imports[`@kat/toolkit/${sub}`] = `jsr:@kat/toolkit@^0.1.0/${sub}`;
  }
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    JSON.stringify({ links: [REPO.replace(/\/$/, "")], imports }),
  );
  return dir;
}

/** The npm packages Deno's cache under `denoDir` holds, by name, sorted. */
export async function cachedNpmPackages(denoDir: string): Promise<string[]> {
  const names: string[] = [];
  const root = `${denoDir}/npm/registry.npmjs.org`;
  try {
    for await (const e of Deno.readDir(root)) {
      if (!e.name.startsWith("@")) names.push(e.name);
      else {
        for await (const s of Deno.readDir(`${root}/${e.name}`)) {
          names.push(`${e.name}/${s.name}`);
        }
      }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}
