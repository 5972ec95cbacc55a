/**
 * OCI references against distribution/reference's `ParseNormalizedNamed`
 * with go-digest 1.0 (ported), and ipaddr.js for IPv6 registries.
 */
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { parseOciReference } from "../../src/rules/oci.ts";
import { checkOciRepository } from "../../src/rules/oci.ts";
import { parseNormalizedNamed } from "./oracles/distribution.ts";
import {
  mutations,
  NASTY,
  nearLength,
  runs,
  seed,
  Tally,
  tokens,
} from "./generators.ts";

const alnum = tokens(["a", "z", "0", "9", "ab", "x1"], 3).map((s) => s || "a");
const validComponent = fc.tuple(
  alnum,
  fc.array(
    fc.tuple(fc.constantFrom(".", "_", "__", "-", "--"), alnum),
    { maxLength: 2 },
  ),
).map(([a, rest]) => a + rest.map(([s, b]) => s + b).join(""));
const component = fc.oneof(
  { weight: 4, arbitrary: validComponent },
  {
    weight: 1,
    arbitrary: tokens(["a", "z", "0", "9", ".", "_", "__", "-", "--", "ab"], 5),
  },
  {
    weight: 1,
    arbitrary: nearLength(fc.constantFrom("a", "b0"), [64, 127, 128, 247, 255]),
  },
);
const registry = fc.oneof(
  fc.constantFrom(
    "localhost",
    "localhost:5000",
    "docker.io",
    "index.docker.io",
    "ghcr.io",
    "Reg.Example.com",
    "UPPER",
    "[::1]",
    "[::1]:5000",
    "[fd00::1]:443",
    "[::1::2]",
    "[1:2:3:4:5:6:7:8:9]",
    "[::ffff:1.2.3.4]",
    "[:::]",
    "reg:0",
    "reg:65535",
    "reg:65536",
    "reg:99999999",
    "reg.io:05000",
    "-reg.io",
    "reg-.io",
    "1.2.3.4:5000",
  ),
  tokens(["a", "B", "0", ".", "-", ":", "5", "[", "]", "::"], 6),
);
const tag = fc.oneof(
  tokens(["a", "Z", "0", "_", ".", "-", "v1.2"], 5),
  nearLength(fc.constantFrom("a", "_"), [128]),
);
const hexOf = (chars: string, n: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: n, maxLength: n });
const hex = (n: number) =>
  fc.oneof(
    { weight: 5, arbitrary: hexOf("0123456789abcdef", n) },
    { weight: 1, arbitrary: hexOf("0123456789abcdefABC", n) },
  );
const digest = fc.oneof(
  hex(64).map((h) => `sha256:${h}`),
  hex(96).map((h) => `sha384:${h}`),
  hex(128).map((h) => `sha512:${h}`),
  fc.tuple(
    fc.constantFrom("md5", "sha1", "blake3", "SHA256", "sha256+b64", "a.b"),
    fc.integer({ min: 30, max: 70 }),
  )
    .chain(([a, n]) => hex(n).map((h) => `${a}:${h}`)),
  hex(63).map((h) => `sha256:${h}`),
);
const reference = fc.tuple(
  fc.option(registry, { freq: 2 }),
  fc.array(component, { minLength: 1, maxLength: 3 }),
  fc.option(tag, { freq: 2 }),
  fc.option(digest, { freq: 3 }),
).map(([r, path, t, d]) =>
  (r === null ? "" : r + "/") + path.join("/") +
  (t === null ? "" : ":" + t) + (d === null ? "" : "@" + d)
);
const repository = fc.tuple(
  fc.option(registry, { freq: 2 }),
  fc.array(validComponent, { minLength: 1, maxLength: 3 }),
).map(([r, path]) => (r === null ? "" : r + "/") + path.join("/"));
const input = fc.oneof(
  reference,
  mutations(reference, ["/", ":", "@", ".", "-", "_", "A", "[", "]", ...NASTY]),
  hex(64),
  hex(64).map((h) => `${h}:1`),
);

/** The registry's host is a real IPv6 address when in brackets (ipaddr.js). */
function ipv6Real(domain: string): boolean {
  const m = /^\[([^\]]*)\]/.exec(domain);
  return !m || ipaddr.IPv6.isValid(m[1]) && !m[1].includes("%");
}
/** The port, if any, is 1 to 65535. */
function portFits(domain: string): boolean {
  const m = /:([0-9]+)$/.exec(domain.replace(/^\[[^\]]*\]/, ""));
  return !m || (Number(m[1]) >= 1 && Number(m[1]) <= 65535);
}

Deno.test("oci_reference: ParseNormalizedNamed, the same parts, documented differences only", () => {
  const t = new Tally();
  fc.assert(
    fc.property(input, (v) => {
      const ours = parseOciReference(v);
      t.see(ours.ok);
      const ref = parseNormalizedNamed(v);
      if (ours.ok) {
        if (typeof ref === "string") return false;
        const { registry, repository, tag, digest } = ours.value;
        const domain = registry === undefined || registry === "index.docker.io"
          ? "docker.io"
          : registry;
        const path = domain === "docker.io" && !repository.includes("/")
          ? `library/${repository}`
          : repository;
        return ref.domain === domain && ref.path === path &&
          ref.tag === (tag ?? "") && ref.digest === (digest ?? "");
      }
      // Refused: distribution refuses too, or the registry's IPv6 address
      // is not real, or its port is outside 1-65535, or the first component
      // looked like a registry but is not one (distribution then quietly
      // reads it as a path with no registry at all: domain "").
      if (typeof ref === "string") return true;
      return !ipv6Real(ref.domain) || !portFits(ref.domain) ||
        ref.domain === "";
    }),
    { numRuns: runs(4000), seed: seed(21) },
  );
  t.assertBoth();
});

Deno.test("oci_repository: a reference without tag or digest", () => {
  const t = new Tally();
  fc.assert(
    fc.property(fc.oneof(repository, input), (v) => {
      const ours = t.see(checkOciRepository(v) === undefined);
      const ref = parseOciReference(v);
      return ours ===
        (ref.ok && ref.value.tag === undefined &&
          ref.value.digest === undefined);
    }),
    { numRuns: runs(2000), seed: seed(22) },
  );
  t.assertBoth();
});
