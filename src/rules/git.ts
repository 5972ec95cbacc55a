/**
 * Git repositories, references and commits.
 *
 * @module
 */
import type { FormatProblem } from "./format.ts";

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;

/**
 * A repository URL: `https://host/path`, `ssh://[user@]host[:port]/path` or
 * `user@host:path`.
 *
 * @example
 * ```ts
 * import { checkGitRepository } from "./git.ts";
 * console.log(checkGitRepository("git@github.com:org/app.git")); // undefined
 * console.log(checkGitRepository("http://example.com/a.git")?.hint); // "use https://"
 * ```
 */
export function checkGitRepository(value: string): FormatProblem | undefined {
  const bad = (hint?: string): FormatProblem => ({
    message: `${
      JSON.stringify(value)
    } is not a git repository: use https://host/path, ssh://host/path or user@host:path`,
    hint,
  });
  if (value === "") return { message: "must not be empty" };
  if (/\s/.test(value)) return bad();
  if (value.startsWith("http://")) return bad("use https://");
  const url = /^(https|ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::([0-9]{1,5}))?\/(.+)$/
    .exec(value);
  if (url) return HOST.test(url[2]) ? undefined : bad();
  const scp = /^[A-Za-z0-9._-]+@([^/:]+):(.+)$/.exec(value);
  if (scp && HOST.test(scp[1]) && !scp[2].startsWith("/")) return undefined;
  if (scp && HOST.test(scp[1])) return undefined;
  return bad();
}

/**
 * A branch or tag name, after the basic rules of `git check-ref-format`.
 *
 * @example
 * ```ts
 * import { checkGitRef } from "./git.ts";
 * console.log(checkGitRef("release/1.2")); // undefined
 * console.log(checkGitRef("a..b")?.message); // "\"a..b\" is not a valid git branch or tag name"
 * ```
 */
export function checkGitRef(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  const control = [...value].some((c) =>
    c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f
  );
  const invalid = control || /[~^:?*[\\]/.test(value) ||
    value.includes("..") ||
    value.includes("@{") || value.includes("//") || value.startsWith("-") ||
    value.startsWith("/") || value.endsWith("/") || value.endsWith(".") ||
    value.endsWith(".lock") || value === "@" ||
    value.split("/").some((c) => c.startsWith("."));
  return invalid
    ? {
      message: `${JSON.stringify(value)} is not a valid git branch or tag name`,
    }
    : undefined;
}

/**
 * A commit: 7 to 64 lowercase hexadecimal digits.
 *
 * @example
 * ```ts
 * import { checkGitCommit } from "./git.ts";
 * console.log(checkGitCommit("a1b2c3d")); // undefined
 * console.log(checkGitCommit("A1B2C3D")?.hint); // 'use "a1b2c3d"'
 * ```
 */
export function checkGitCommit(value: string): FormatProblem | undefined {
  if (/^[0-9a-f]{7,64}$/.test(value)) return undefined;
  const message = `${
    JSON.stringify(value)
  } is not a commit: use 7 to 64 lowercase hexadecimal digits`;
  if (/^[0-9a-fA-F]{7,64}$/.test(value)) {
    return { message, hint: `use ${JSON.stringify(value.toLowerCase())}` };
  }
  return { message };
}
