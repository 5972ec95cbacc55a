/**
 * File-system and URL paths.
 *
 * @module
 */
import type { Format, FormatProblem } from "./format.ts";

/** Refuses a `..` segment anywhere (a lookahead). */
const NO_DOTDOT_SRC = "(?![\\s\\S]*(?:^|/)\\.\\.(?:/|$))";

function common(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  if (value.includes("\0")) {
    return { message: "must not contain a NUL character" };
  }
  if (value.split("/").includes("..")) {
    return {
      message: `${JSON.stringify(value)} must not contain a '..' segment`,
    };
  }
  return undefined;
}

/**
 * An absolute path without `..` segments.
 *
 * @example
 * ```ts
 * import { checkAbsolutePath } from "./paths.ts";
 * console.log(checkAbsolutePath("/var/lib/kat")); // undefined
 * console.log(checkAbsolutePath("var")?.message); // '"var" must be an absolute path'
 * ```
 */
export function checkAbsolutePath(value: string): FormatProblem | undefined {
  const c = common(value);
  if (c) return c;
  if (!value.startsWith("/")) {
    return {
      message: `${JSON.stringify(value)} must be an absolute path`,
      hint: `use ${JSON.stringify("/" + value)}`,
    };
  }
  return undefined;
}

/**
 * A relative path that stays inside its root: no leading `/`, no `..` segment.
 *
 * @example
 * ```ts
 * import { checkRelativePath } from "./paths.ts";
 * console.log(checkRelativePath("docker/Dockerfile")); // undefined
 * console.log(checkRelativePath("../x")?.message); // "\"../x\" must not contain a '..' segment"
 * ```
 */
export function checkRelativePath(value: string): FormatProblem | undefined {
  const c = common(value);
  if (c) return c;
  if (value.startsWith("/")) {
    return {
      message: `${JSON.stringify(value)} must be a relative path`,
      hint: `use ${JSON.stringify(value.replace(/^\/+/, "") || ".")}`,
    };
  }
  return undefined;
}

/**
 * A URL path: starts with `/`.
 *
 * @example
 * ```ts
 * import { checkUrlPath } from "./paths.ts";
 * console.log(checkUrlPath("/api")); // undefined
 * console.log(checkUrlPath("api")?.hint); // 'use "/api"'
 * ```
 */
export function checkUrlPath(value: string): FormatProblem | undefined {
  if (!value.startsWith("/")) {
    return {
      message: `${JSON.stringify(value)} must start with '/'`,
      hint: `use ${JSON.stringify("/" + value)}`,
    };
  }
  if (/\s/.test(value)) {
    return { message: `${JSON.stringify(value)} must not contain whitespace` };
  }
  return undefined;
}

/**
 * The `absolute_path` format.
 *
 * @example
 * ```ts
 * import { absolutePath } from "./paths.ts";
 * console.log(new RegExp(absolutePath.pattern!, "u").test("/a/../b")); // false
 * ```
 */
export const absolutePath: Format = {
  check: checkAbsolutePath,
  pattern: `^${NO_DOTDOT_SRC}/[^\\u0000]*$`,
  exact: true,
};

/**
 * The `relative_path` format.
 *
 * @example
 * ```ts
 * import { relativePath } from "./paths.ts";
 * console.log(new RegExp(relativePath.pattern!, "u").test("docker/Dockerfile")); // true
 * ```
 */
export const relativePath: Format = {
  check: checkRelativePath,
  pattern: `^${NO_DOTDOT_SRC}[^/\\u0000][^\\u0000]*$`,
  exact: true,
};

/**
 * The `url_path` format.
 *
 * @example
 * ```ts
 * import { urlPath } from "./paths.ts";
 * console.log(new RegExp(urlPath.pattern!, "u").test("/api")); // true
 * ```
 */
export const urlPath: Format = {
  check: checkUrlPath,
  pattern: "^/\\S*$",
  exact: true,
};
