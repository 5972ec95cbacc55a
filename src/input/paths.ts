/**
 * The few POSIX path operations the tools need, with exactly the results of
 * Node's `node:path` (which would start Deno's Node-compatibility layer, a
 * start-up cost of its own). Windows paths are not handled.
 *
 * @module
 */

/** A repeated slash, or a `.` or `..` segment. */
const NOT_NORMAL = /\/\/|(?:^|\/)\.\.?(?:\/|$)/;

/**
 * `path` with `.` and `..` segments and repeated slashes resolved, keeping a
 * trailing slash; `.` for an empty result (`./` with a trailing slash).
 *
 * @example
 * ```ts
 * import { normalize } from "./paths.ts";
 * console.log(normalize("a/../b//c/")); // "b/c/"
 * console.log(normalize("./")); // "./"
 * ```
 */
export function normalize(path: string): string {
  if (path === "") return ".";
  // Most paths are normal already: no empty, `.` or `..` segment.
  if (
    !path.includes("//") && !path.includes("/.") && !path.startsWith(".")
  ) return path;
  if (!NOT_NORMAL.test(path)) return path;
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.length > 0 && segments.at(-1) !== "..") segments.pop();
    else if (!absolute) segments.push("..");
  }
  const joined = segments.join("/");
  if (joined === "") return absolute ? "/" : trailing ? "./" : ".";
  return (absolute ? "/" : "") + joined + (trailing ? "/" : "");
}

/**
 * The non-empty `parts` joined with `/`, then normalized; `join(dir, "/")` is
 * `dir` with one trailing slash.
 *
 * @example
 * ```ts
 * import { join } from "./paths.ts";
 * console.log(join("./app/", "workload.kat")); // "app/workload.kat"
 * console.log(join(".", "/")); // "./"
 * ```
 */
export function join(...parts: string[]): string {
  // A directory and a name, as most joins are.
  if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") {
    return normalize(`${parts[0]}/${parts[1]}`);
  }
  const present = parts.filter((p) => p !== "");
  return present.length === 0 ? "." : normalize(present.join("/"));
}

/**
 * The last segment of `path`, trailing slashes ignored; `""` for `/`.
 *
 * @example
 * ```ts
 * import { basename } from "./paths.ts";
 * console.log(basename("examples/web-service/")); // "web-service"
 * ```
 */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/**
 * `path` as an absolute, normalized path without a trailing slash (`/` for
 * the root). A relative path is taken from `cwd`, an absolute path that
 * defaults to `Deno.cwd()`, which is read only when needed.
 *
 * @example
 * ```ts
 * import { resolve } from "./paths.ts";
 * console.log(resolve("../b/./c/", "/home/a")); // "/home/b/c"
 * console.log(resolve("/..")); // "/"
 * ```
 */
export function resolve(path: string, cwd?: string): string {
  const full = path.startsWith("/") ? path : `${cwd ?? Deno.cwd()}/${path}`;
  const normalized = normalize(full);
  return normalized.length > 1 ? normalized.replace(/\/$/, "") : normalized;
}
