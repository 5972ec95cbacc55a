/**
 * Safe, normalised entry paths.
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";

/**
 * Normalises an entry path (drops `.` segments, repeated and trailing `/`) and
 * refuses one that is absolute or climbs with `..`. Returns "" for the
 * archive's root itself (`./`).
 *
 * @example
 * ```ts
 * import { normaliseEntryPath } from "./entry_path.ts";
 * console.log(normaliseEntryPath("./app//workload.kat")); // "app/workload.kat"
 * ```
 */
export function normaliseEntryPath(raw: string): string {
  if (raw.startsWith("/")) {
    throw new ArchiveError(
      "unsafe_path",
      `entry ${JSON.stringify(raw)} has an absolute path`,
      raw,
    );
  }
  if (raw.includes("\0")) {
    throw new ArchiveError(
      "unsafe_path",
      `entry ${JSON.stringify(raw)} has a NUL character in its path`,
      raw,
    );
  }
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw new ArchiveError(
      "unsafe_path",
      `entry ${
        JSON.stringify(raw)
      } has a '..' segment and could leave the archive`,
      raw,
    );
  }
  return parts.join("/");
}

/**
 * Flattens the file names of a quadlet archive: if every entry sits under one
 * top-level folder, that folder is dropped; any other nesting is an error.
 *
 * @param files Normalised file paths.
 * @param directories Normalised directory paths.
 * @returns For each file path, its flat name.
 *
 * @example
 * ```ts
 * import { flattenQuadletPaths } from "./entry_path.ts";
 * console.log(flattenQuadletPaths(["app/workload.kat"], ["app"])); // Map { "app/workload.kat" => "workload.kat" }
 * ```
 */
export function flattenQuadletPaths(
  files: readonly string[],
  directories: readonly string[],
): Map<string, string> {
  const all = [...files, ...directories];
  const tops = new Set(all.map((p) => p.split("/")[0]));
  const [top] = tops;
  const strip = tops.size === 1 && top !== undefined &&
    !files.includes(top) &&
    all.some((p) => p.includes("/") || directories.includes(p));
  const out = new Map<string, string>();
  for (const f of files) {
    const flat = strip ? f.slice(top!.length + 1) : f;
    if (flat.includes("/")) {
      throw new ArchiveError(
        "nested_path",
        `entry ${
          JSON.stringify(f)
        } is nested; a quadlet is flat (one optional top-level folder is allowed)`,
        f,
      );
    }
    out.set(f, flat);
  }
  return out;
}
