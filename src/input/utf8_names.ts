/**
 * Names that are not valid UTF-8. The runtime gives such a name with U+FFFD
 * in place of its bad bytes, and cannot open it by that name; a name may also
 * hold a real U+FFFD and be valid. These functions tell the two apart by
 * asking the file system, never by the look of the name alone.
 *
 * @module
 */

/** The diagnostic message for an entry whose name is not valid UTF-8. */
export const NOT_UTF8_NAME = "the name is not valid UTF-8; it cannot be read";

/** The names of a directory's entries, or none when it cannot be listed. */
function listedNames(dir: string): Set<string> {
  try {
    return new Set([...Deno.readDirSync(dir)].map((e) => e.name));
  } catch {
    return new Set();
  }
}

/**
 * Whether `path`, which the file system did not find, fails because one of
 * its names is not valid UTF-8: the first part of it that cannot be found
 * holds U+FFFD and its directory does list an entry of that (lossily
 * decoded) name. A valid name holding U+FFFD that does not exist is just
 * missing.
 *
 * @example
 * ```ts
 * import { isNotUtf8Path } from "./utf8_names.ts";
 * console.log(isNotUtf8Path("missing\uFFFD.kat")); // false: just missing
 * ```
 */
export function isNotUtf8Path(path: string): boolean {
  if (!path.includes("\uFFFD")) return false;
  const absolute = path.startsWith("/");
  const parts = path.split("/");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === "" || part === "." || part === "..") continue;
    const prefix = parts.slice(0, i + 1).join("/");
    try {
      Deno.lstatSync(prefix);
      continue;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound) || !part.includes("\uFFFD")) {
        return false;
      }
      const parent = parts.slice(0, i).join("/") || (absolute ? "/" : ".");
      return listedNames(parent).has(part);
    }
  }
  return false;
}

/**
 * Which entries of a directory listing have names that are not valid UTF-8,
 * by their index: an entry holding U+FFFD that cannot be found by that name,
 * and, of several entries listed under one name (a real name and names whose
 * bad bytes decode to it), all but the one the name finds (the first of
 * those of its type).
 *
 * @param dir The directory listed.
 * @param entries Its entries, as listed.
 * @returns The indexes of the entries that cannot be read by their name.
 *
 * @example
 * ```ts
 * import { notUtf8Entries } from "./utf8_names.ts";
 * const entries = [...Deno.readDirSync("examples/git-app")];
 * console.log(notUtf8Entries("examples/git-app", entries).size); // 0
 * ```
 */
export function notUtf8Entries(
  dir: string,
  entries: readonly Pick<
    Deno.DirEntry,
    "name" | "isFile" | "isDirectory" | "isSymlink"
  >[],
): Set<number> {
  const out = new Set<number>();
  if (!entries.some((e) => e.name.includes("\uFFFD"))) return out;
  const byName = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (!e.name.includes("\uFFFD")) return;
    const list = byName.get(e.name);
    if (list) list.push(i);
    else byName.set(e.name, [i]);
  });
  for (const [name, indexes] of byName) {
    let info: Deno.FileInfo | undefined;
    try {
      info = Deno.lstatSync(`${dir.replace(/\/+$/, "")}/${name}`);
    } catch {
      // Not found by that name (or gone): none of them can be read by it.
    }
    const found = info === undefined
      ? -1
      : indexes.find((i) =>
        entries[i].isFile === info.isFile &&
        entries[i].isDirectory === info.isDirectory &&
        entries[i].isSymlink === info.isSymlink
      ) ?? -1;
    for (const i of indexes) if (i !== found) out.add(i);
  }
  return out;
}
