import { assertEquals } from "../assert.ts";
import { shortAge } from "../../src/output/age.ts";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();

Deno.test("ages are in the largest whole unit, as kubectl get shows them", () => {
  const s = 1_000, m = 60 * s, h = 60 * m, d = 24 * h;
  const cases: [number, string][] = [
    [0, "0s"],
    [999, "0s"],
    [45 * s, "45s"],
    [59 * s + 999, "59s"],
    [60 * s, "1m"],
    [3 * m + 59 * s, "3m"],
    [59 * m, "59m"],
    [60 * m, "1h"],
    [5 * h + 59 * m, "5h"],
    [23 * h + 59 * m, "23h"],
    [24 * h, "1d"],
    [2 * d + 23 * h, "2d"],
    [364 * d, "364d"],
    [365 * d, "1y"],
    [800 * d, "2y"],
    // Clocks a little apart: up to a second ahead is now.
    [-1_000, "0s"],
    [-1_001, "<invalid>"],
  ];
  assertEquals(
    cases.map(([ms]) => shortAge(ago(ms), NOW)),
    cases.map(([, age]) => age),
  );
  assertEquals(shortAge("yesterday", NOW), "<unknown>");
});
