/**
 * The command line of `deno task bench`: docs/benchmarks.md is written only
 * with `--write`, which takes the whole table; unknown words are refused.
 * (No benchmark runs here.)
 */
import { assertEquals, assertRejects } from "../assert.ts";
import { BenchArgsError, parseBenchArgs } from "../../scripts/bench_args.ts";

const KNOWN = ["validation", "archive-big", "trees"];

Deno.test("bench: without arguments every benchmark runs and nothing is written", () => {
  assertEquals(parseBenchArgs([], KNOWN), { names: KNOWN, write: false });
});

Deno.test("bench: --write writes the table of every benchmark", () => {
  assertEquals(parseBenchArgs(["--write"], KNOWN), {
    names: KNOWN,
    write: true,
  });
});

Deno.test("bench: named benchmarks run in the order given, and nothing is written", () => {
  assertEquals(parseBenchArgs(["trees", "validation"], KNOWN), {
    names: ["trees", "validation"],
    write: false,
  });
});

Deno.test("bench: --write with names, an unknown option or an unknown name is refused", async () => {
  for (
    const [args, message] of [
      [
        ["--write", "trees"],
        "--write writes the whole table: run it without benchmark names",
      ],
      [
        ["trees", "--write"],
        "--write writes the whole table: run it without benchmark names",
      ],
      [["--writ"], 'unknown option "--writ": the only one is --write'],
      [
        ["tree\u001b[31m"],
        'unknown benchmark "tree\\u001b[31m": use validation, archive-big, trees',
      ],
    ] as const
  ) {
    const e = await assertRejects(
      () => Promise.resolve().then(() => parseBenchArgs(args, KNOWN)),
      BenchArgsError,
    );
    assertEquals(e.message, message, args.join(" "));
  }
});
