/**
 * Git repositories, references and commits.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  exactFormat,
  failed,
  type Format,
  type FormatProblem,
  type Parsed,
  parsed,
  problemOf,
} from "./format.ts";
import { endsInNumber } from "./dns.ts";
import { parseIpv4, parseIpv6 } from "./ip.ts";

/** Control characters and whitespace, refused anywhere in a repository URL. */
const CONTROL_CLASS = "\\s\\u0000-\\u001f\\u007f";
const CONTROL = new RegExp(`[${CONTROL_CLASS}]`);
const HOST = /^[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const URL_FORM =
  /^(https|ssh):\/\/(?:([^@/]*)@)?(\[[^\]/]*\]|[^/:[\]]*)(?::([^/]*))?\/(.*)$/;
const SCP_FORM = /^([^@/:]*)@(\[[^\]/]*\]|[^/:[\]]*):(.*)$/;
/** git looks for a user before `@[` anywhere in an ssh URL, path included. */
const GIT_SPLITS_AT =
  "'@[' in the path would make git read what precedes it as the user";
/** The user of an ssh URL or of the `user@host:path` form. */
const SSH_USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
/** The user-info of an https URL (RFC 3986), not starting with `-`. */
const USERINFO = /^(?!-)[A-Za-z0-9._~%!$&'()*+,;=:-]+$/;
const PORT = /^[0-9]{1,5}$/;

/**
 * A host name (whose last label is not a number, which would make it an IPv4
 * address to curl and ssh), a dotted-quad IPv4 address, or an IPv6 address in
 * brackets.
 */
function validHost(host: string): boolean {
  if (host.startsWith("[")) {
    return IPV6.test(host) && parseIpv6(host.slice(1, -1)) !== undefined;
  }
  return parseIpv4(host) !== undefined ||
    (HOST.test(host) && !endsInNumber(host));
}

/** The parts of a repository URL, as ssh or https will use them. */
export interface GitRepository {
  /** `https`, `ssh`, or `scp` for the `user@host:path` form. */
  scheme: "https" | "ssh" | "scp";
  /** The user (for https, the whole user-info), if given. */
  user?: string;
  /** The host; an IPv6 address keeps its brackets. */
  host: string;
  /** The port, if given. */
  port?: number;
  /** The path: after the host's `/` for URLs (without it), after `:` for scp. */
  path: string;
}

/**
 * Splits and checks a repository URL: `https://[user@]host[:port]/path`,
 * `ssh://[user@]host[:port]/path` or `user@host:path`. The host is a host name
 * or an IPv6 address in brackets, the port 1–65535. Whitespace and control
 * characters are refused, and so is a user, host or `user@host:path` path
 * that starts with `-`, which ssh would read as an option.
 *
 * @example
 * ```ts
 * import { parseGitRepository } from "./git.ts";
 * console.log(parseGitRepository("ssh://git@[::1]:2222/org/app"));
 * // { ok: true, value: { scheme: "ssh", user: "git", host: "[::1]", port: 2222, path: "org/app" } }
 * ```
 */
export function parseGitRepository(value: string): Parsed<GitRepository> {
  const bad = (why?: string, hint?: string) =>
    failed<GitRepository>(
      `${quote(value)} is not a git repository: ${
        why ?? "use https://host/path, ssh://host/path or user@host:path"
      }`,
      hint,
    );
  if (value === "") return failed("must not be empty");
  if (CONTROL.test(value)) {
    return bad("whitespace and control characters are not allowed");
  }
  if (value.startsWith("http://")) return bad(undefined, "use https://");
  const url = URL_FORM.exec(value);
  if (url) {
    const [, scheme, user, host, port, path] = url;
    if (
      user !== undefined &&
      (scheme === "ssh" ? !SSH_USER.test(user) : !USERINFO.test(user))
    ) {
      return bad(
        scheme === "ssh"
          ? "the user must be letters, digits, '.', '_' and '-', not starting with '-'"
          : "the user must be URL user-info characters, not starting with '-'",
      );
    }
    if (!validHost(host)) return bad(`invalid host ${quote(host)}`);
    if (
      port !== undefined &&
      (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)
    ) {
      return bad(`the port must be 1 to 65535, not ${quote(port)}`);
    }
    if (path === "") return bad("the path is empty");
    if (scheme === "ssh" && path.includes("@[")) return bad(GIT_SPLITS_AT);
    const out: GitRepository = {
      scheme: scheme as "https" | "ssh",
      host,
      path,
    };
    if (user !== undefined) out.user = user;
    if (port !== undefined) out.port = Number(port);
    return parsed(out);
  }
  // git reads anything with "://" as a URL whose scheme is what comes before.
  if (value.includes("://")) return bad();
  const scp = SCP_FORM.exec(value);
  if (scp) {
    const [, user, host, path] = scp;
    if (!SSH_USER.test(user)) {
      return bad(
        "the user must be letters, digits, '.', '_' and '-', not starting with '-'",
      );
    }
    if (!validHost(host)) return bad(`invalid host ${quote(host)}`);
    if (path === "" || path.startsWith("-")) {
      return bad("the path must not be empty or start with '-'");
    }
    if (path.includes("@[")) return bad(GIT_SPLITS_AT);
    return parsed({ scheme: "scp", user, host, path });
  }
  return bad();
}

/**
 * A repository URL, as {@link parseGitRepository} reads it.
 *
 * @example
 * ```ts
 * import { checkGitRepository } from "./git.ts";
 * console.log(checkGitRepository("git@github.com:org/app.git")); // undefined
 * console.log(checkGitRepository("http://example.com/a.git")?.hint); // "use https://"
 * ```
 */
export function checkGitRepository(value: string): FormatProblem | undefined {
  return problemOf(parseGitRepository(value));
}

/**
 * What a branch or tag name must not contain, after `git check-ref-format`
 * (refs.c) and `git branch`: each entry is a regular expression that must not
 * match, and why. The check and the JSON-Schema pattern are both built from
 * this list.
 */
const REF_RULES: readonly (readonly [string, string])[] = [
  ["^$", "it is empty"],
  [
    "[\\u0000-\\u0020\\u007f~^:?*[\\\\]",
    "space, control characters and ~ ^ : ? * [ \\ are not allowed",
  ],
  ["\\.\\.", "'..' is not allowed"],
  ["@\\{", "'@{' is not allowed"],
  ["//", "'//' is not allowed"],
  ["^-", "it must not start with '-'"],
  ["^/|/$", "it must not start or end with '/'"],
  ["\\.$", "it must not end with '.'"],
  ["(?:^|/)\\.", "a component must not start with '.'"],
  ["\\.lock(?:/|$)", "a component must not end with '.lock'"],
  ["^@$", "'@' alone is not allowed"],
];
const REF_CHECKS = REF_RULES.map(([src, why]) =>
  [new RegExp(src), why] as const
);

/**
 * A branch or tag name, after the rules of `git check-ref-format` for a name
 * under `refs/heads/`, and not starting with `-` (which `git branch` refuses).
 *
 * @example
 * ```ts
 * import { checkGitRef } from "./git.ts";
 * console.log(checkGitRef("release/1.2")); // undefined
 * console.log(checkGitRef("a..b")?.message); // "\"a..b\" is not a valid git branch or tag name: '..' is not allowed"
 * ```
 */
export function checkGitRef(value: string): FormatProblem | undefined {
  return gitRef.check(value);
}

function diagnoseGitRef(value: string): FormatProblem | undefined {
  if (value === "") return { message: "must not be empty" };
  for (const [re, why] of REF_CHECKS) {
    if (re.test(value)) {
      return {
        message: `${
          quote(value)
        } is not a valid git branch or tag name: ${why}`,
      };
    }
  }
  return undefined;
}

const COMMIT_SRC = "^[0-9a-f]{7,64}$";
const COMMIT_LOWER = new RegExp(COMMIT_SRC, "i");
const commitMessage = (v: string) =>
  `${quote(v)} is not a commit: use 7 to 64 lowercase hexadecimal digits`;

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
  return gitCommit.check(value);
}

/**
 * The `git_repository` format. The pattern says the three shapes and the
 * characters; hosts, ports and the `-` rules are the check's.
 *
 * @example
 * ```ts
 * import { gitRepository } from "./git.ts";
 * console.log(gitRepository.exact); // false
 * ```
 */
export const gitRepository: Format = {
  check: checkGitRepository,
  pattern:
    `^(?:https://|ssh://|[A-Za-z0-9._][A-Za-z0-9._-]*@)[^${CONTROL_CLASS}]+$`,
  exact: false,
};

/**
 * The `git_ref` format.
 *
 * @example
 * ```ts
 * import { gitRef } from "./git.ts";
 * console.log(new RegExp(gitRef.pattern!, "u").test("a.lock/b")); // false
 * ```
 */
export const gitRef: Format = exactFormat({
  pattern: `^${
    REF_RULES.map(([src]) => `(?![\\s\\S]*(?:${src}))`).join("")
  }[\\s\\S]*$`,
  diagnose: diagnoseGitRef,
  otherwise: (v) => `${quote(v)} is not a valid git branch or tag name`,
});

/**
 * The `git_commit` format.
 *
 * @example
 * ```ts
 * import { gitCommit } from "./git.ts";
 * console.log(gitCommit.pattern); // "^[0-9a-f]{7,64}$"
 * ```
 */
export const gitCommit: Format = exactFormat({
  pattern: COMMIT_SRC,
  diagnose: (v) =>
    COMMIT_LOWER.test(v)
      ? {
        message: commitMessage(v),
        hint: `use ${quote(v.toLowerCase())}`,
      }
      : undefined,
  otherwise: commitMessage,
});
