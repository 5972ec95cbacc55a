/**
 * Development-only port of distribution/reference's grammar (`regexp.go`),
 * `Parse` and `ParseNormalizedNamed` (`reference.go`, `normalize.go`), with
 * go-digest 1.0's digest validation (`digest.go`, `algorithm.go`), rewritten
 * from their definitions. Used by tests only.
 *
 * @module
 */

const alphanumeric = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]+)";
const domainNameComponent =
  "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const optionalPort = "(?::[0-9]+)?";
const tag = "[\\w][\\w.-]{0,127}";
const digestPat =
  "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const ipv6address = "\\[(?:[a-fA-F0-9:]+)\\]";
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = host + optionalPort;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const REFERENCE = new RegExp(
  `^(${namePat})(?::(${tag}))?(?:@(${digestPat}))?$`,
);
const ANCHORED_NAME = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST_ANCHORED = new RegExp(`^${digestPat}$`);

/** The algorithms go-digest 1.0.0 registers, with their hex length. */
const ALGORITHMS: Record<string, number> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** A parsed, normalized reference. */
export interface Reference {
  /** `docker.io` when none was written. */
  domain: string;
  /** The repository path, with `library/` for official images. */
  path: string;
  /** The tag, or "". */
  tag: string;
  /** The digest, or "". */
  digest: string;
}

/** go-digest 1.0 `Digest.Validate`: undefined when valid, else the error. */
export function validateDigest(d: string): string | undefined {
  const i = d.indexOf(":");
  if (i <= 0 || i + 1 === d.length) return "invalid format";
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const length = ALGORITHMS[algorithm];
  if (length === undefined) {
    return DIGEST_ANCHORED.test(d) ? "unsupported" : "invalid format";
  }
  if (encoded.length !== length) return "invalid length";
  return /^[a-f0-9]+$/.test(encoded) ? undefined : "invalid format";
}

/** `reference.Parse`: the reference, or the error. */
export function parse(s: string): Reference | string {
  if (s === "") return "name empty";
  const m = REFERENCE.exec(s);
  if (!m) {
    const lower = s.toLowerCase();
    return lower !== s && REFERENCE.test(lower)
      ? "name contains uppercase"
      : "invalid reference format";
  }
  const name = ANCHORED_NAME.exec(m[1]);
  const domain = name?.[1] ?? "";
  const path = name ? name[2] : m[1];
  if (path.length > 255) return "name too long";
  const digest = m[3] ?? "";
  if (digest !== "") {
    const problem = validateDigest(digest);
    if (problem) return problem;
  }
  return { domain, path, tag: m[2] ?? "", digest };
}

function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf("/");
  if (slash < 0) return ["docker.io", `library/${name}`];
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === "localhost") [domain, remote] = [maybeDomain, rest];
  else if (maybeDomain === "index.docker.io") {
    [domain, remote] = ["docker.io", rest];
  } else if (/[.:]/.test(maybeDomain)) [domain, remote] = [maybeDomain, rest];
  else if (maybeDomain.toLowerCase() !== maybeDomain) {
    [domain, remote] = [maybeDomain, rest];
  } else [domain, remote] = ["docker.io", name];
  if (domain === "docker.io" && !remote.includes("/")) {
    remote = `library/${remote}`;
  }
  return [domain, remote];
}

/** `reference.ParseNormalizedNamed`: what `docker pull` accepts. */
export function parseNormalizedNamed(s: string): Reference | string {
  if (ANCHORED_IDENTIFIER.test(s)) return "64-byte hexadecimal name";
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(":");
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return "repository must be lowercase";
  return parse(`${domain}/${remainder}`);
}
