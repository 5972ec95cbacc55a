/**
 * File-system and URL paths.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { exactFormat, type Format, type FormatProblem } from "./format.ts";

/** Refuses a `..` segment anywhere (a lookahead). */
const NO_DOTDOT_SRC = "(?![\\s\\S]*(?:^|/)\\.\\.(?:/|$))";

function common(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  if (value.includes("\0")) {
    return { message: "must not contain a NUL character" };
  }
  if (value.split("/").includes("..")) {
    return {
      message: `${quote(value)} must not contain a '..' segment`,
    };
  }
  return undefined;
}

/**
 * An absolute path without `..` segments.
 */
function diagnoseAbsolutePath(value: string): FormatProblem | undefined {
  const c = common(value);
  if (c) return c;
  if (!value.startsWith("/")) {
    return {
      message: `${quote(value)} must be an absolute path`,
      hint: `use ${quote("/" + value)}`,
    };
  }
  return undefined;
}

/**
 * A relative path that stays inside its root: no leading `/`, no `..` segment.
 */
function diagnoseRelativePath(value: string): FormatProblem | undefined {
  const c = common(value);
  if (c) return c;
  if (value.startsWith("/")) {
    return {
      message: `${quote(value)} must be a relative path`,
      hint: `use ${quote(value.replace(/^\/+/, "") || ".")}`,
    };
  }
  return undefined;
}

/**
 * A URL path: starts with `/`.
 */
function diagnoseUrlPath(value: string): FormatProblem | undefined {
  if (!value.startsWith("/")) {
    return {
      message: `${quote(value)} must start with '/'`,
      hint: `use ${quote("/" + value)}`,
    };
  }
  if (/\s/.test(value)) {
    return { message: `${quote(value)} must not contain whitespace` };
  }
  return undefined;
}

/**
 * The `absolute_path` format.
 *
 * @example
 * ```ts
 * import { absolutePath } from "./paths.ts";
 * console.log(absolutePath.exact); // true
 * ```
 */
export const absolutePath: Format = exactFormat({
  pattern: `^${NO_DOTDOT_SRC}/[^\\u0000]*$`,
  diagnose: diagnoseAbsolutePath,
  otherwise: (v) => `${quote(v)} is not an absolute path without '..' segments`,
});

/**
 * The `relative_path` format.
 *
 * @example
 * ```ts
 * import { relativePath } from "./paths.ts";
 * console.log(relativePath.exact); // true
 * ```
 */
export const relativePath: Format = exactFormat({
  pattern: `^${NO_DOTDOT_SRC}[^/\\u0000][^\\u0000]*$`,
  diagnose: diagnoseRelativePath,
  otherwise: (v) => `${quote(v)} is not a relative path without '..' segments`,
});

/**
 * The `url_path` format.
 *
 * @example
 * ```ts
 * import { urlPath } from "./paths.ts";
 * console.log(urlPath.exact); // true
 * ```
 */
export const urlPath: Format = exactFormat({
  pattern: "^/\\S*$",
  diagnose: diagnoseUrlPath,
  otherwise: (v) => `${quote(v)} is not a URL path`,
});

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
  return absolutePath.check(value);
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
  return relativePath.check(value);
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
  return urlPath.check(value);
}
