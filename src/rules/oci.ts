/**
 * OCI image references, after the grammar of distribution/reference (what
 * `docker pull` and containerd parse): `[registry[:port]/]path[:tag][@digest]`.
 * Stricter where no registry could serve the reference: the digest algorithm
 * is one go-digest 1.0 knows (sha256, sha384, sha512), an IPv6 registry is a
 * real address (hex and colons, as the grammar says: no dotted IPv4 tail), and
 * a port is 1–65535.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  failed,
  type Format,
  type FormatProblem,
  type Parsed,
  parsed,
} from "./format.ts";
import { parseIpv6 } from "./ip.ts";

/** distribution/reference's limit on the repository path (with `library/`). */
export const MAX_PATH = 255;
/** Hex digits of each digest algorithm a registry serves. */
const DIGEST_LENGTHS: Readonly<Record<string, number>> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

const DOMAIN_COMPONENT_SRC =
  "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const IPV6_SRC = "\\[[a-fA-F0-9:]+\\]";
const HOST_SRC =
  `(?:${DOMAIN_COMPONENT_SRC}(?:\\.${DOMAIN_COMPONENT_SRC})*|${IPV6_SRC})`;
const PORT_SRC = "[0-9]{1,5}";
const ALNUM_SRC = "[a-z0-9]+";
const PATH_COMPONENT_SRC = `${ALNUM_SRC}(?:(?:[._]|__|-+)${ALNUM_SRC})*`;
const PATH_SRC = `${PATH_COMPONENT_SRC}(?:/${PATH_COMPONENT_SRC})*`;
const TAG_SRC = "\\w[\\w.-]{0,127}";
const DIGEST_SRC = `(?:${
  Object.entries(DIGEST_LENGTHS).map(([a, n]) => `${a}:[a-f0-9]{${n}}`).join(
    "|",
  )
})`;
/** A name of 64 hex digits reads as an image ID, not a repository. */
const IMAGE_ID_SRC = "[a-f0-9]{64}";

const DOMAIN_COMPONENT = new RegExp(`^${DOMAIN_COMPONENT_SRC}$`);
const PATH_COMPONENT = new RegExp(`^${PATH_COMPONENT_SRC}$`);
const TAG = new RegExp(`^${TAG_SRC}$`);
const IPV6 = new RegExp(`^${IPV6_SRC}$`);
const PORT = new RegExp(`^${PORT_SRC}$`);
const IMAGE_ID = new RegExp(`^${IMAGE_ID_SRC}$`);
const DIGEST_SHAPE =
  /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]+)$/;

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
 * Splits and checks a reference.
 *
 * @example
 * ```ts
 * import { parseOciReference } from "./oci.ts";
 * console.log(parseOciReference("ghcr.io/org/app:1.2"));
 * // { ok: true, value: { registry: "ghcr.io", repository: "org/app", tag: "1.2" } }
 * ```
 */
export function parseOciReference(value: string): Parsed<OciReference> {
  const bad = (why: string, hint?: string) =>
    failed<OciReference>(
      `${quote(value)} is not an OCI image reference: ${why}`,
      hint,
    );
  if (value === "") return failed("must not be empty");
  if (IMAGE_ID.test(value)) {
    return bad("64 hexadecimal digits are an image ID, not a repository");
  }
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const m = DIGEST_SHAPE.exec(digest);
    if (!m) {
      return bad(`digest ${quote(digest)} must be algorithm:hex`);
    }
    const [, algorithm, hex] = m;
    const want = DIGEST_LENGTHS[algorithm];
    if (want === undefined) {
      return bad(
        `digest algorithm ${quote(algorithm)} is not supported`,
        `use ${Object.keys(DIGEST_LENGTHS).join(", ")}`,
      );
    }
    if (hex.length !== want) {
      return bad(
        `a ${algorithm} digest has ${want} hex digits, not ${hex.length}`,
      );
    }
    if (hex !== hex.toLowerCase()) {
      return bad(
        "digest hex must be lowercase",
        `use ${quote(value.replace(hex, hex.toLowerCase()))}`,
      );
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return bad(
        tag === "" ? "empty tag" : `invalid tag ${quote(tag)}`,
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
    const problem = checkRegistry(registry);
    if (problem) return bad(problem.message);
  }
  for (const p of parts) {
    if (!PATH_COMPONENT.test(p)) {
      const lower = p.toLowerCase();
      return bad(
        p === ""
          ? "empty path component"
          : `path component ${
            quote(p)
          } must be lowercase letters and digits, separated by '.', '_', '__' or '-'`,
        p !== lower && PATH_COMPONENT.test(lower)
          ? `use ${quote(value.replace(p, lower))}`
          : undefined,
      );
    }
  }
  const repository = parts.join("/");
  const hub = registry === undefined || registry === "docker.io" ||
    registry === "index.docker.io";
  const fullPath = hub && parts.length === 1
    ? `library/${repository}`
    : repository;
  if (fullPath.length > MAX_PATH) {
    return bad(`the repository path is longer than ${MAX_PATH} characters`);
  }
  const out: OciReference = { repository };
  if (registry !== undefined) out.registry = registry;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return parsed(out);
}

/** What is wrong with `host[:port]` (a phrase), or undefined. */
function checkRegistry(registry: string): FormatProblem | undefined {
  let host = registry;
  let port: string | undefined;
  const close = registry.lastIndexOf("]");
  const colon = registry.lastIndexOf(":");
  if (colon > close) {
    host = registry.slice(0, colon);
    port = registry.slice(colon + 1);
  }
  if (
    port !== undefined &&
    (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)
  ) {
    return {
      message: `invalid registry port in ${quote(registry)}: use 1 to 65535`,
    };
  }
  const valid = host.startsWith("[")
    ? IPV6.test(host) && parseIpv6(host.slice(1, -1)) !== undefined
    : host.split(".").every((c) => DOMAIN_COMPONENT.test(c));
  return valid
    ? undefined
    : { message: `invalid registry host ${quote(host)}` };
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
  return r.ok ? undefined : r.problem;
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
  if (!r.ok) return r.problem;
  const { registry, repository, tag, digest } = r.value;
  if (tag !== undefined || digest !== undefined) {
    const base = (registry ? registry + "/" : "") + repository;
    return {
      message: `${quote(value)} must be a repository without tag or digest`,
      hint: `use ${quote(base)}`,
    };
  }
  return undefined;
}

const NAME_SRC =
  `(?!${IMAGE_ID_SRC}$)(?:${HOST_SRC}(?::${PORT_SRC})?/)?${PATH_SRC}`;

/**
 * The `oci_reference` format. The pattern is the grammar; the registry's
 * address and port range and the path's length are the check's.
 *
 * @example
 * ```ts
 * import { ociReference } from "./oci.ts";
 * console.log(new RegExp(ociReference.pattern!, "u").test("nginx@md5:" + "0".repeat(32))); // false
 * ```
 */
export const ociReference: Format = {
  check: checkOciReference,
  pattern: `^${NAME_SRC}(?::${TAG_SRC})?(?:@${DIGEST_SRC})?$`,
  exact: false,
};

/**
 * The `oci_repository` format: as `oci_reference`, without tag or digest.
 *
 * @example
 * ```ts
 * import { ociRepository } from "./oci.ts";
 * console.log(new RegExp(ociRepository.pattern!, "u").test("nginx:1")); // false
 * ```
 */
export const ociRepository: Format = {
  check: checkOciRepository,
  pattern: `^${NAME_SRC}$`,
  exact: false,
};
