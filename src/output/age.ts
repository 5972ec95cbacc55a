/**
 * Ages as `kubectl get` shows them: the largest whole unit only.
 *
 * @module
 */

const UNITS: readonly [limitMs: number, unitMs: number, suffix: string][] = [
  [60_000, 1_000, "s"],
  [3_600_000, 60_000, "m"],
  [86_400_000, 3_600_000, "h"],
  [365 * 86_400_000, 86_400_000, "d"],
  [Infinity, 365 * 86_400_000, "y"],
];

/**
 * How long ago `since` (an RFC 3339 time) was at `now` (milliseconds since
 * the epoch), in the largest whole unit: `45s`, `3m`, `5h`, `2d`, `1y`.
 * A time up to a second ahead (clocks a little apart) is `0s`; further ahead
 * it is `<invalid>`, and a time that does not parse is `<unknown>`, as
 * `kubectl` shows them.
 *
 * @example
 * ```ts
 * import { shortAge } from "./age.ts";
 * const now = Date.parse("2026-12-05T12:00:00Z");
 * console.log(shortAge("2026-12-05T11:59:15Z", now)); // "45s"
 * console.log(shortAge("2026-12-03T10:00:00Z", now)); // "2d"
 * ```
 */
export function shortAge(since: string, now: number): string {
  const then = Date.parse(since);
  if (Number.isNaN(then)) return "<unknown>";
  const ms = now - then;
  if (ms < -1_000) return "<invalid>";
  if (ms < 0) return "0s";
  const [, unitMs, suffix] = UNITS.find(([limit]) => ms < limit)!;
  return `${Math.floor(ms / unitMs)}${suffix}`;
}
