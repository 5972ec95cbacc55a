/**
 * fast-check arbitraries for the differential tests: strings biased towards
 * each rule's interesting alphabet and length boundaries, and mutations of
 * valid samples.
 *
 * @module
 */
import fc from "fast-check";

/** Runs per property: a few thousand in the test command, more with KAT_FUZZ_RUNS. */
export const RUNS = Number(Deno.env.get("KAT_FUZZ_RUNS") ?? "0") || 0;

/** `base` runs, or KAT_FUZZ_RUNS when that is set. */
export function runs(base: number): number {
  return RUNS > 0 ? RUNS : base;
}

/** Characters that trip parsers: separators, brackets, controls, look-alikes. */
export const NASTY = [
  "-",
  ".",
  "..",
  ":",
  "[",
  "]",
  "@",
  "%",
  "/",
  "//",
  "*",
  "_",
  "__",
  "~",
  "^",
  "{",
  "}",
  "\\",
  "?",
  "#",
  "+",
  "=",
  " ",
  "\t",
  "\n",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u00a0",
  "é",
  "\u0130", // İ, lowercases to two code points
  "\u212a", // Kelvin sign, lowercases to "k"
  "ß",
  "\u{1f600}",
  "\u202e",
];

/** A string of tokens drawn from `tokens`. */
export function tokens(
  list: readonly string[],
  maxLength = 12,
): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...list), { maxLength }).map((t) =>
    t.join("")
  );
}

/** A run of one character whose length sits near `limits` (±2). */
export function nearLength(
  unit: fc.Arbitrary<string>,
  limits: readonly number[],
): fc.Arbitrary<string> {
  return fc.tuple(
    unit,
    fc.constantFrom(...limits),
    fc.integer({ min: -2, max: 2 }),
  ).map(([u, n, d]) => u.repeat(Math.max(0, n + d)));
}

/** Small edits of a valid sample: insert, delete, replace, duplicate, cut. */
export function mutations(
  valid: fc.Arbitrary<string>,
  alphabet: readonly string[] = NASTY,
): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.constantFrom("insert", "delete", "replace", "double", "cut", "upper"),
    fc.nat(),
    fc.constantFrom(...alphabet),
  );
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 })).map(
    ([s, edits]) => {
      for (const [op, at, c] of edits) {
        const i = s.length === 0 ? 0 : at % (s.length + 1);
        if (op === "insert") s = s.slice(0, i) + c + s.slice(i);
        else if (op === "delete") s = s.slice(0, i) + s.slice(i + 1);
        else if (op === "replace") s = s.slice(0, i) + c + s.slice(i + 1);
        else if (op === "double") {
          s = s.slice(0, i) + s.slice(Math.max(0, i - 4), i) + s.slice(i);
        } else if (op === "cut") s = s.slice(0, i);
        else s = s.slice(0, i) + s.slice(i).toUpperCase();
      }
      return s;
    },
  );
}

/**
 * Draws `n` values (deterministic for a seed, so a failure names its inputs
 * and repeats).
 */
export function draw<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  return fc.sample(arb, { numRuns: n, seed });
}

/** The seed of a run: fixed, unless KAT_FUZZ_SEED says otherwise. */
export function seed(base: number): number {
  const s = Deno.env.get("KAT_FUZZ_SEED");
  return s ? Number(s) + base : base;
}

/**
 * Counts accepted and refused inputs, so a test can prove its generator
 * reaches both sides of the rule (a differential test that only ever sees
 * one side cannot fail).
 */
export class Tally {
  accepted = 0;
  refused = 0;
  /** Counts one answer and passes it on. */
  see(accepted: boolean): boolean {
    if (accepted) this.accepted++;
    else this.refused++;
    return accepted;
  }
  /** Throws unless each side has at least `share` of the inputs. */
  assertBoth(share = 0.05): void {
    const all = this.accepted + this.refused;
    if (this.accepted < all * share || this.refused < all * share) {
      throw new Error(
        `generator is lopsided: ${this.accepted} accepted, ${this.refused} refused`,
      );
    }
  }
}
