/**
 * Safe, normalised entry paths, and the flat names of a quadlet.
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";
import { MAX_PATH_BYTES, MAX_SEGMENT_BYTES } from "./limits.ts";
import { quote } from "../diagnostics/quote.ts";
import { sizeText } from "./size_text.ts";

const ENCODER = new TextEncoder();

function byteLength(s: string): number {
  // ASCII is the common case; only longer names need counting in bytes.
  // deno-lint-ignore no-control-regex -- ASCII range test
  return /^[\u0000-\u007f]*$/.test(s) ? s.length : ENCODER.encode(s).length;
}

function refuse(
  code: "unsafe_path" | "invalid_path",
  raw: string,
  why: string,
): ArchiveError {
  return new ArchiveError(code, `entry ${quote(raw)} ${why}`, raw);
}

/**
 * Normalises an entry path (drops `.` segments, repeated and trailing `/`) and
 * refuses one that is absolute, climbs with `..`, holds a NUL, is longer than
 * 4,096 bytes or has a segment longer than 255 bytes. For a regular file
 * (`file`), the name must also not end in `/` or `/.` (the tools disagree on
 * what such an entry is, or cannot create it). Returns "" for the archive's
 * root itself (`./`).
 *
 * @example
 * ```ts
 * import { normaliseEntryPath } from "./entry_path.ts";
 * console.log(normaliseEntryPath("./app//workload.kat", true)); // "app/workload.kat"
 * ```
 */
export function normaliseEntryPath(raw: string, file: boolean): string {
  if (
    raw.length <= MAX_SEGMENT_BYTES / 4 && raw.indexOf("/") < 0 &&
    raw !== "" && raw !== "." && raw !== ".." && raw.indexOf("\0") < 0
  ) {
    return raw; // a plain short name, the common case
  }
  if (raw === "") throw refuse("invalid_path", raw, "has an empty name");
  if (raw.startsWith("/")) {
    throw refuse("unsafe_path", raw, "has an absolute path");
  }
  if (raw.includes("\0")) {
    throw refuse("invalid_path", raw, "has a NUL character in its path");
  }
  if (raw.length > MAX_PATH_BYTES / 4 && byteLength(raw) > MAX_PATH_BYTES) {
    throw refuse(
      "invalid_path",
      raw,
      `has a path of ${byteLength(raw)} bytes; at most ${
        sizeText(MAX_PATH_BYTES)
      } are allowed`,
    );
  }
  const raws = raw.split("/");
  const parts: string[] = [];
  for (const p of raws) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      throw refuse(
        "unsafe_path",
        raw,
        "has a '..' segment and could leave the archive",
      );
    }
    if (p.length > MAX_SEGMENT_BYTES / 4 && byteLength(p) > MAX_SEGMENT_BYTES) {
      throw refuse(
        "invalid_path",
        raw,
        `has a name segment longer than ${MAX_SEGMENT_BYTES} bytes`,
      );
    }
    parts.push(p);
  }
  if (file) {
    const last = raws[raws.length - 1];
    if (last === "" || last === ".") {
      throw refuse(
        "invalid_path",
        raw,
        `is a regular file whose name ends in ${
          quote(last === "" ? "/" : "/.")
        }`,
      );
    }
  }
  return parts.length === raws.length ? raw : parts.join("/");
}

/**
 * Flattens the files of a quadlet archive: if every entry sits under one
 * top-level folder, that folder is dropped; any other nesting is an error.
 * Returns `files` itself when every name is flat already.
 *
 * @param files Normalised file paths to contents.
 * @param directories Normalised directory paths.
 * @returns Flat file names to contents.
 *
 * @example
 * ```ts
 * import { flattenQuadletFiles } from "./entry_path.ts";
 * const files = new Map([["app/workload.kat", new Uint8Array()]]);
 * console.log([...flattenQuadletFiles(files, ["app"]).keys()]); // ["workload.kat"]
 * ```
 */
export function flattenQuadletFiles(
  files: Map<string, Uint8Array>,
  directories: readonly string[],
): Map<string, Uint8Array> {
  let nested: string | undefined;
  for (const path of files.keys()) {
    if (path.indexOf("/") >= 0) {
      nested = path;
      break;
    }
  }
  if (nested === undefined && directories.length === 0) return files;
  // One folder may hold everything: the first segment of every path.
  const any = nested ?? directories[0];
  const slash = any.indexOf("/");
  const top = slash < 0 ? any : any.slice(0, slash);
  const prefix = `${top}/`;
  const strip = !files.has(top) &&
    directories.every((d) => d === top || d.startsWith(prefix)) &&
    [...files.keys()].every((f) => f.startsWith(prefix));
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    const flat = strip ? path.slice(prefix.length) : path;
    if (flat.indexOf("/") >= 0) {
      throw new ArchiveError(
        "nested_path",
        `entry ${
          quote(path)
        } is nested; a quadlet is flat (one optional top-level folder is allowed)`,
        path,
      );
    }
    out.set(flat, bytes);
  }
  return out;
}
