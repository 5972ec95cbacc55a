/**
 * cpu and memory quantities against Kubernetes' `ParseQuantity` (ported),
 * compared by exact value; maxSurge against Kubernetes' int-or-percent rules.
 */
import fc from "fast-check";
import {
  checkMaxSurge,
  MAX_AMOUNT,
  parseCpuMillis,
  parseMemoryBytes,
} from "../../src/rules/quantity.ts";
import { parseQuantity } from "./oracles/kubernetes.ts";
import {
  mutations,
  nearLength,
  runs,
  seed,
  Tally,
  tokens,
} from "./generators.ts";

const DIGITS = ["0", "1", "5", "9", "00", "000", "123"];
const SUFFIXES = [
  "",
  "m",
  "n",
  "u",
  "k",
  "K",
  "M",
  "G",
  "T",
  "P",
  "E",
  "Ki",
  "Mi",
  "Gi",
  "Ti",
  "Pi",
  "Ei",
  "e3",
  "E-2",
  "i",
  "mi",
];
const number = fc.oneof(
  tokens(DIGITS, 4),
  fc.tuple(tokens(DIGITS, 3), tokens(DIGITS, 4)).map(([a, b]) => `${a}.${b}`),
  fc.bigInt({ min: 0n, max: 2n ** 66n }).map(String),
  nearLength(fc.constantFrom("9", "1"), [16, 19, 20]),
  fc.constantFrom("9223372036854775807", "9223372036854775808", "0.0009765625"),
);
const quantity = fc.oneof(
  fc.tuple(
    fc.constantFrom("", "", "", "+", "-"),
    number,
    fc.constantFrom(...SUFFIXES),
  )
    .map(([s, n, x]) => s + n + x),
  mutations(
    fc.tuple(number, fc.constantFrom(...SUFFIXES)).map(([n, x]) => n + x),
    [".", "m", "i", "e", "-", "+", " ", "0", "1", "Ki", "x"],
  ),
  tokens([...DIGITS, ".", "m", "Ki", "E", "e", "-", "+"], 6),
);

/** Kubernetes' value of `v` in units of 10^-`places`, if whole; else undefined. */
function whole(v: string, places: number): bigint | undefined {
  const q = parseQuantity(v);
  if (q === undefined || q === "huge") return undefined;
  const shift = q.scale - places;
  if (shift <= 0) return q.numerator * 10n ** BigInt(-shift);
  const d = 10n ** BigInt(shift);
  return q.numerator % d === 0n ? q.numerator / d : undefined;
}

Deno.test("cpu: every accepted value is Kubernetes' value, exactly", () => {
  const t = new Tally();
  fc.assert(
    fc.property(quantity, (v) => {
      const ours = parseCpuMillis(v);
      t.see(ours.ok);
      const k8s = parseQuantity(v);
      if (ours.ok) {
        return k8s !== undefined && k8s !== "huge" && !k8s.capped &&
          !k8s.rounded && whole(v, 3) === ours.value;
      }
      // Refused: Kubernetes refuses too, or it is outside what we document:
      // a sign, an exponent or another suffix, a bare '.', finer than 1m
      // (Kubernetes rounds what is finer than 1n up), or above 2^63-1
      // millicores.
      if (k8s === undefined || k8s === "huge" || k8s.rounded) return true;
      const millis = whole(v, 3);
      return !/^[0-9]+(?:m|\.[0-9]+)?$/.test(v) || millis === undefined ||
        millis > MAX_AMOUNT;
    }),
    { numRuns: runs(4000), seed: seed(11) },
  );
  t.assertBoth();
});

Deno.test("memory: every accepted value is Kubernetes' value, exactly", () => {
  const t = new Tally();
  fc.assert(
    fc.property(quantity, (v) => {
      const ours = parseMemoryBytes(v);
      t.see(ours.ok);
      const k8s = parseQuantity(v);
      if (ours.ok) {
        return k8s !== undefined && k8s !== "huge" && !k8s.capped &&
          !k8s.rounded && whole(v, 0) === ours.value;
      }
      // Refused: Kubernetes refuses too, or it is outside what we document:
      // a sign, an exponent, n/u/m, a bare '.', not whole bytes, or above
      // 2^63-1 bytes (which Kubernetes caps silently for binary suffixes).
      if (k8s === undefined || k8s === "huge" || k8s.rounded) return true;
      const bytes = whole(v, 0);
      return !/^[0-9]+(?:\.[0-9]+)?(?:[kMGTPE]|[KMGTPE]i)?$/.test(v) ||
        bytes === undefined || k8s.capped || bytes > MAX_AMOUNT;
    }),
    { numRuns: runs(4000), seed: seed(12) },
  );
  t.assertBoth();
});

/**
 * Kubernetes' maxSurge, as a string: `IsValidPercent` (`^[0-9]+%$`) and at
 * most 100%, or an int32. (It also allows 0 when maxUnavailable is not 0.)
 */
function k8sMaxSurge(v: string): boolean {
  if (/^[0-9]+%$/.test(v)) return Number(v.slice(0, -1)) <= 100;
  return /^[0-9]+$/.test(v) && BigInt(v) <= 2n ** 31n - 1n;
}

Deno.test("maxSurge: Kubernetes' int-or-percent, at least 1, no leading zeros", () => {
  const t = new Tally();
  const input = fc.oneof(
    fc.integer({ min: -5, max: 2 ** 32 }).map(String),
    fc.integer({ min: -5, max: 2 ** 32 }).map((n) => `${n}%`),
    nearLength(fc.constantFrom("0", "1"), [2, 3, 10]).map((s) => s + "%"),
    tokens(["0", "1", "9", "%", "00", "100", "-", " ", "."], 5),
    fc.constantFrom("2147483647", "2147483648", "100%", "101%"),
  );
  fc.assert(
    fc.property(input, (v) => {
      const ours = t.see(checkMaxSurge(v) === undefined);
      const canonical = !/^0/.test(v);
      return ours === (k8sMaxSurge(v) && canonical && !/^0*%?$/.test(v));
    }),
    { numRuns: runs(3000), seed: seed(13) },
  );
  t.assertBoth();
});
