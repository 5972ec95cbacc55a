/**
 * OCI image references, after the grammar of the OCI distribution spec:
 * `[registry[:port]/]path[:tag][@algorithm:hex]`.
 *
 * @module
 */
import type { FormatProblem } from "./format.ts";

const DOMAIN_COMPONENT = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_LENGTHS: Record<string, number> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** The parts of a reference. */
export interface OciReference {
  /** Registry host and port, if given. */
  registry?: string;
  /** Repository path. */
  repository: string;
  /** Tag, if given. */
  tag?: string;
  /** Digest, if given. */
  digest?: string;
}

/**
 * Splits and checks a reference; a problem when it does not parse.
 *
 * @example
 * ```ts
 * import { parseOciReference } from "./oci.ts";
 * console.log(parseOciReference("ghcr.io/org/app:1.2"));
 * // { registry: "ghcr.io", repository: "org/app", tag: "1.2" }
 * ```
 */
export function parseOciReference(value: string): OciReference | FormatProblem {
  const bad = (why: string, hint?: string): FormatProblem => ({
    message: `${JSON.stringify(value)} is not an OCI image reference: ${why}`,
    hint,
  });
  if (value === "") return { message: "must not be empty" };
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-fA-F0-9]+)$/.exec(digest);
    if (!m) {
      return bad(`digest ${JSON.stringify(digest)} must be algorithm:hex`);
    }
    const want = DIGEST_LENGTHS[m[1]];
    if (want !== undefined && m[2].length !== want) {
      return bad(`a ${m[1]} digest has ${want} hex digits, not ${m[2].length}`);
    }
    if (want !== undefined && m[2] !== m[2].toLowerCase()) {
      return bad(
        "digest hex must be lowercase",
        `use ${JSON.stringify(value.replace(m[2], m[2].toLowerCase()))}`,
      );
    }
    if (want === undefined && m[2].length < 32) {
      return bad("digest is too short");
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return bad(
        tag === "" ? "empty tag" : `invalid tag ${JSON.stringify(tag)}`,
      );
    }
  }
  const parts = rest.split("/");
  let registry: string | undefined;
  if (
    parts.length > 1 &&
    (/[.:]/.test(parts[0]) || parts[0] === "localhost" ||
      /[A-Z]/.test(parts[0]))
  ) {
    registry = parts.shift()!;
    const [host, port, ...more] = registry.split(":");
    if (more.length > 0 || (port !== undefined && !/^[0-9]{1,5}$/.test(port))) {
      return bad(`invalid registry port in ${JSON.stringify(registry)}`);
    }
    if (!host.split(".").every((c) => DOMAIN_COMPONENT.test(c))) {
      return bad(`invalid registry host ${JSON.stringify(host)}`);
    }
  }
  const repository = parts.join("/");
  for (const p of parts) {
    if (!PATH_COMPONENT.test(p)) {
      const lower = p.toLowerCase();
      return bad(
        p === ""
          ? "empty path component"
          : `path component ${
            JSON.stringify(p)
          } must be lowercase letters and digits, separated by '.', '_', '__' or '-'`,
        p !== lower && PATH_COMPONENT.test(lower)
          ? `use ${JSON.stringify(value.replace(p, lower))}`
          : undefined,
      );
    }
  }
  if ((registry ? registry.length + 1 : 0) + repository.length > 255) {
    return bad("the name is longer than 255 characters");
  }
  const out: OciReference = { repository };
  if (registry !== undefined) out.registry = registry;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/**
 * An image reference with optional tag and digest.
 *
 * @example
 * ```ts
 * import { checkOciReference } from "./oci.ts";
 * console.log(checkOciReference("nginx")); // undefined
 * console.log(checkOciReference("Nginx")?.hint); // 'use "nginx"'
 * ```
 */
export function checkOciReference(value: string): FormatProblem | undefined {
  const r = parseOciReference(value);
  return "message" in r ? r : undefined;
}

/**
 * A repository: an image reference without tag or digest.
 *
 * @example
 * ```ts
 * import { checkOciRepository } from "./oci.ts";
 * console.log(checkOciRepository("reg.example.com/cache")); // undefined
 * console.log(checkOciRepository("reg.example.com/cache:1")?.hint); // 'use "reg.example.com/cache"'
 * ```
 */
export function checkOciRepository(value: string): FormatProblem | undefined {
  const r = parseOciReference(value);
  if ("message" in r) return r;
  if (r.tag !== undefined || r.digest !== undefined) {
    const base = (r.registry ? r.registry + "/" : "") + r.repository;
    return {
      message: `${
        JSON.stringify(value)
      } must be a repository without tag or digest`,
      hint: `use ${JSON.stringify(base)}`,
    };
  }
  return undefined;
}
