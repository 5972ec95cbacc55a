import { assertEquals, assertTrue } from "../assert.ts";
import { parseDuration } from "../../src/token/duration.ts";
import { TokenError } from "../../src/token/token_error.ts";

/** The error `fn` throws, as `[code, message]`. */
function refusal(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    assertTrue(e instanceof TokenError, `expected a TokenError, got ${e}`);
    return [e.code, e.message];
  }
  throw new Error("expected a TokenError");
}

Deno.test("parseDuration: Go-style durations in h, m and s", () => {
  const cases: [string, number][] = [
    ["24h", 86_400_000],
    ["30m", 1_800_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["1h30m15s", 5_415_000],
    ["1.5h", 5_400_000],
    [".5h", 1_800_000],
    ["1.h", 3_600_000],
    ["1.0005s", 1_001],
    ["30m1h", 5_400_000],
    ["1s", 1_000],
    ["8760h", 31_536_000_000],
    ["8759h60m", 31_536_000_000],
  ];
  for (const [text, ms] of cases) assertEquals(parseDuration(text), ms, text);
});

Deno.test("parseDuration: refusals, one line each", () => {
  const cases: [string, string][] = [
    ["", "expected a number and a unit, as in 90s, 30m, 24h or 1h30m"],
    ["0", "missing unit after 0 (use h, m or s, as in 1h30m)"],
    ["0s", "a duration must be positive"],
    ["0h0m", "a duration must be positive"],
    ["-1h", "a duration must be positive"],
    ["+1h", 'expected a number at "+1h" (use h, m or s, as in 1h30m)'],
    ["1d", 'unknown unit "d" (use h, m or s, as in 1h30m)'],
    ["500ms", 'unknown unit "ms" (use h, m or s, as in 1h30m)'],
    ["1H", 'unknown unit "H" (use h, m or s, as in 1h30m)'],
    ["30", "missing unit after 30 (use h, m or s, as in 1h30m)"],
    ["1h30", "missing unit after 30 (use h, m or s, as in 1h30m)"],
    ["h", 'expected a number at "h" (use h, m or s, as in 1h30m)'],
    ["1h 30m", 'expected a number at " 30m" (use h, m or s, as in 1h30m)'],
    ["1..5h", "missing unit after 1. (use h, m or s, as in 1h30m)"],
    ["0.5s", "the shortest is 1s"],
    ["8760h1s", "the longest is 8760h (a year)"],
    ["99999999999999999999999h", "the longest is 8760h (a year)"],
    ["1e3s", 'unknown unit "e" (use h, m or s, as in 1h30m)'],
  ];
  for (const [text, why] of cases) {
    assertEquals(refusal(() => parseDuration(text)), [
      "token.invalid_ttl",
      `invalid duration ${JSON.stringify(text)}: ${why}`,
    ], text);
  }
});

Deno.test("parseDuration: control characters in the text are escaped in the message", () => {
  const [, message] = refusal(() => parseDuration("1\u001b[31mh"));
  assertEquals(
    message,
    'invalid duration "1\\u001b[31mh": missing unit after 1 (use h, m or s, as in 1h30m)',
  );
});
