/**
 * Durations as Go writes them (`90s`, `30m`, `1h30m`, `1.5h`): the syntax of
 * `kat-agent token create --ttl`.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { TokenError } from "./token_error.ts";

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
};

/**
 * The shortest duration {@link parseDuration} takes: one second.
 *
 * @example
 * ```ts
 * import { MIN_DURATION_MS } from "./duration.ts";
 * console.log(MIN_DURATION_MS); // 1000
 * ```
 */
export const MIN_DURATION_MS = 1_000;

/**
 * The longest duration {@link parseDuration} takes: 8760h (365 days).
 *
 * @example
 * ```ts
 * import { MAX_DURATION_MS } from "./duration.ts";
 * console.log(MAX_DURATION_MS / 3_600_000); // 8760
 * ```
 */
export const MAX_DURATION_MS = 8760 * 3_600_000;

/** One number and the rest of the unit letters after it. */
const PART = /^(\d+(?:\.\d*)?|\.\d+)([a-zA-Zµμ]*)/;

/**
 * The milliseconds of `text`: one or more numbers, each followed by a unit
 * `h`, `m` or `s` (`24h`, `30m`, `90s`, `1h30m`). As in Go, a number may have
 * a decimal fraction (`1.5h` is 90 minutes) and units may repeat in any order;
 * the result is rounded to whole milliseconds. Unlike Go, there is no sign,
 * no `ms`/`us`/`ns` and no `d`, and the duration must be from 1s to 8760h
 * (a year). Anything else throws a {@link TokenError} of reason
 * `invalid_ttl`, whose one-line message starts `invalid duration "TEXT":`.
 *
 * @example
 * ```ts
 * import { parseDuration } from "./duration.ts";
 * console.log(parseDuration("1h30m")); // 5400000
 * console.log(parseDuration("1.5h")); // 5400000
 * try {
 *   parseDuration("1d");
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // 'invalid duration "1d": unknown unit "d" (use h, m or s, as in 1h30m)'
 * }
 * ```
 */
export function parseDuration(text: string): number {
  const refuse = (why: string): never => {
    throw new TokenError(
      "invalid_ttl",
      `invalid duration ${quote(text)}: ${why}`,
    );
  };
  if (text === "") {
    refuse("expected a number and a unit, as in 90s, 30m, 24h or 1h30m");
  }
  if (text.startsWith("-")) refuse("a duration must be positive");
  let rest = text;
  let ms = 0;
  while (rest !== "") {
    const match = PART.exec(rest);
    if (!match) {
      refuse(
        `expected a number at ${quote(rest)} (use h, m or s, as in 1h30m)`,
      );
    }
    const [whole, number, unit] = match!;
    if (unit === "") {
      refuse(`missing unit after ${number} (use h, m or s, as in 1h30m)`);
    }
    const unitMs = UNIT_MS[unit];
    if (unitMs === undefined) {
      refuse(`unknown unit ${quote(unit)} (use h, m or s, as in 1h30m)`);
    }
    ms += Number(number) * unitMs;
    rest = rest.slice(whole.length);
  }
  ms = Math.round(ms);
  if (ms === 0) refuse("a duration must be positive");
  if (ms < MIN_DURATION_MS) refuse("the shortest is 1s");
  if (!(ms <= MAX_DURATION_MS)) refuse("the longest is 8760h (a year)");
  return ms;
}
