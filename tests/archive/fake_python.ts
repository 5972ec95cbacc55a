/**
 * Fake Pythons for the tests of how the archive tests find their references.
 *
 * @module
 */
import { tempDir } from "../helpers.ts";

/**
 * A directory of fake Pythons, each answering the filter probe as Debian 12's
 * own python3 (3.11.2) does, or as one with filters; and a link to the real
 * GNU tar.
 */
export async function fakePythons(withFilters: boolean): Promise<string> {
  const dir = await tempDir("python");
  const script = withFilters ? "#!/bin/sh\nexit 0\n" : [
    "#!/bin/sh",
    "# tarfile without extraction filters",
    'case "$2" in *data_filter*)',
    `  echo "AttributeError: module 'tarfile' has no attribute 'data_filter'" >&2`,
    "  exit 1;;",
    "esac",
    "exit 0",
    "",
  ].join("\n");
  for (const name of ["python3", "python3.11"]) {
    await Deno.writeTextFile(`${dir}/${name}`, script, { mode: 0o755 });
  }
  const tar = (Deno.env.get("PATH") ?? "").split(":")
    .map((d) => `${d}/tar`)
    .find((p) => {
      try {
        return Deno.statSync(p).isFile;
      } catch {
        return false;
      }
    });
  if (tar) await Deno.symlink(tar, `${dir}/tar`);
  return dir;
}
