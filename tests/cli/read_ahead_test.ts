/**
 * Reading ahead: items are read up to the bound (past the read that reaches
 * it), then processed in order, then read on; at least one is read each time.
 */
import { assertEquals } from "../assert.ts";
import { readAhead } from "../../src/cli/read_ahead.ts";

/** The calls reading ahead makes, as `r<i>` and `p<i>`, and its results. */
function calls(sizes: number[], bytes: number) {
  const seen: string[] = [];
  const results = readAhead(sizes.map((_, i) => i), {
    read: (i) => (seen.push(`r${i}`), sizes[i]),
    size: (n) => n,
    process: (i, n) => (seen.push(`p${i}`), `${i}:${n}`),
    bytes,
  });
  return { seen: seen.join(" "), results };
}

Deno.test("readAhead: reads up to the bound, then processes what it read, in order", () => {
  const sizes = [400, 400, 400, 400, 100];
  assertEquals(calls(sizes, 1000), {
    seen: "r0 r1 r2 p0 p1 p2 r3 r4 p3 p4",
    results: ["0:400", "1:400", "2:400", "3:400", "4:100"],
  });
  // Reaching the bound exactly ends a round.
  assertEquals(calls(sizes, 800).seen, "r0 r1 p0 p1 r2 r3 p2 p3 r4 p4");
  // A read larger than the bound is read alone.
  assertEquals(calls([5000, 1, 1], 10).seen, "r0 p0 r1 r2 p1 p2");
});

Deno.test("readAhead: a bound of 0 reads one item at a time; empty reads reach no bound; no items, no calls", () => {
  assertEquals(calls([1, 2, 3], 0).seen, "r0 p0 r1 p1 r2 p2");
  assertEquals(calls([0, 0, 0], 1).seen, "r0 r1 r2 p0 p1 p2");
  assertEquals(calls([], 1000), { seen: "", results: [] });
});
