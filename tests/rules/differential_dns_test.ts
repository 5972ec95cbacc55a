/**
 * DNS labels and names, ingress hosts, label keys and values against
 * Kubernetes' rules (ported), ipaddr.js and the WHATWG URL parser.
 */
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import {
  checkDnsLabel,
  checkDnsName,
  checkIngressHost,
  checkLabelKey,
  checkLabelValue,
} from "../../src/rules/dns.ts";
import {
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isWildcardDns1123Subdomain,
} from "./oracles/kubernetes.ts";
import {
  mutations,
  NASTY,
  nearLength,
  runs,
  seed,
  Tally,
  tokens,
} from "./generators.ts";

const accepts = (check: (v: string) => unknown) => (v: string) =>
  check(v) === undefined;

const LABEL_CHARS = ["a", "z", "0", "9", "-", "x", "0x", "b-c"];
const label = fc.oneof(
  tokens(LABEL_CHARS, 6),
  nearLength(fc.constantFrom("a", "0", "-"), [1, 2, 63]),
  tokens(["a", "1", "-"], 3).map((s) => "a" + s + "a"),
);
const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((l) =>
  l.join(".")
);
/** Names near 253 characters, made of labels near 63. */
const longName = fc.tuple(
  fc.integer({ min: 3, max: 4 }),
  fc.integer({ min: 55, max: 63 }),
  fc.constantFrom("a", "b1", "c-d"),
).map(([n, len, unit]) =>
  Array.from({ length: n }, (_, i) => unit.repeat(64).slice(0, len - i)).join(
    ".",
  )
);
const ip = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `${a}.${b}`),
  fc.nat().map(String),
);
const dnsInput = fc.oneof(
  name,
  longName,
  ip,
  ip.map((v) => `a.${v}`),
  mutations(name),
  mutations(longName),
  tokens([...LABEL_CHARS, ".", "..", "A", "_", ...NASTY], 16),
);

/** Labels of at most 63: the contract's rule, stricter than Kubernetes. */
const labelsFit = (v: string) => v.split(".").every((l) => l.length <= 63);
/**
 * WHATWG URL's "ends in a number": the last label is digits, or 0x and hex.
 * A host like that is read as an IPv4 address (or refused); we refuse it.
 */
const numericLast = (v: string) => /(?:^|\.)(?:[0-9]+|0x[0-9a-f]*)$/.test(v);

Deno.test("dns_label equals Kubernetes' IsDNS1123Label", () => {
  const t = new Tally();
  fc.assert(
    fc.property(
      fc.oneof(label, mutations(label)),
      (v) => t.see(accepts(checkDnsLabel)(v)) === isDns1123Label(v),
    ),
    { numRuns: runs(3000), seed: seed(1) },
  );
  t.assertBoth();
});

Deno.test("dns_name: IsDNS1123Subdomain, labels of 63, and no IPv4 literal", () => {
  const t = new Tally();
  fc.assert(
    fc.property(dnsInput, (v) => {
      const ours = t.see(accepts(checkDnsName)(v));
      const want = isDns1123Subdomain(v) && labelsFit(v) && !numericLast(v);
      if (ours !== want) return false;
      // ipaddr.js: nothing it reads as IPv4 passes.
      if (ipaddr.IPv4.isValid(v) && ours) return false;
      return true;
    }),
    { numRuns: runs(3000), seed: seed(2) },
  );
  t.assertBoth();
});

Deno.test("the numeric-last-label rule is exactly what a URL parser reads as IPv4", () => {
  const t = new Tally();
  fc.assert(
    fc.property(dnsInput, (v) => {
      fc.pre(isDns1123Subdomain(v) && labelsFit(v) && !v.includes("xn--"));
      t.see(!numericLast(v));
      let asIp: boolean;
      try {
        asIp = new URL(`http://${v}/`).hostname !== v || ipaddr.IPv4.isValid(v);
      } catch {
        asIp = true;
      }
      return numericLast(v) === asIp;
    }),
    { numRuns: runs(3000), seed: seed(3) },
  );
  t.assertBoth();
});

Deno.test("ingress_host: IsWildcardDNS1123Subdomain or IsDNS1123Subdomain, same extra rules", () => {
  const input = fc.oneof(
    dnsInput,
    dnsInput.map((v) => `*.${v}`),
    longName.map((v) => `*.${v}`),
    mutations(name.map((v) => `*.${v}`), ["*", "*.", ".", "-", "a"]),
  );
  const t = new Tally();
  fc.assert(
    fc.property(input, (v) => {
      const body = v.startsWith("*.") ? v.slice(2) : v;
      const want = (isWildcardDns1123Subdomain(v) || isDns1123Subdomain(v)) &&
        labelsFit(body) && !numericLast(body);
      return t.see(accepts(checkIngressHost)(v)) === want;
    }),
    { numRuns: runs(3000), seed: seed(4) },
  );
  t.assertBoth();
});

const KEY_CHARS = ["a", "Z", "0", "-", "_", ".", "/", "x.y", "A_b"];
const keyName = fc.oneof(
  tokens(KEY_CHARS, 8),
  nearLength(fc.constantFrom("a", "B", "_"), [63]),
);
const labelKeyInput = fc.oneof(
  keyName,
  fc.tuple(fc.oneof(name, longName), keyName).map(([p, n]) => `${p}/${n}`),
  mutations(fc.tuple(name, keyName).map(([p, n]) => `${p}/${n}`)),
  tokens([...KEY_CHARS, ...NASTY], 12),
);

Deno.test("label_key: IsQualifiedName, with prefix labels of at most 63", () => {
  const t = new Tally();
  fc.assert(
    fc.property(labelKeyInput, (v) => {
      const slash = v.indexOf("/");
      const prefixFits = slash < 0 || labelsFit(v.slice(0, slash));
      return t.see(accepts(checkLabelKey)(v)) ===
        (isQualifiedName(v) && prefixFits);
    }),
    { numRuns: runs(3000), seed: seed(5) },
  );
  t.assertBoth();
});

Deno.test("label_value equals IsValidLabelValue", () => {
  fc.assert(
    fc.property(
      fc.oneof(keyName, labelKeyInput, mutations(keyName)),
      (v) => accepts(checkLabelValue)(v) === isValidLabelValue(v),
    ),
    { numRuns: runs(3000), seed: seed(6) },
  );
});
