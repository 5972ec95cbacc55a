/**
 * The command line of `deno task bench`: `[--write] [NAME...]`. Without
 * names every benchmark runs; the table is printed, and written to
 * docs/benchmarks.md (a tracked file) only with `--write`, which takes the
 * whole table: no names.
 *
 * @module
 */
import { quote } from "../src/diagnostics/quote.ts";

/** What `deno task bench` was asked to do. */
export interface BenchArgs {
  /** The benchmarks to run, in the order given (all when none were named). */
  names: string[];
  /** Whether to write docs/benchmarks.md. */
  write: boolean;
}

/**
 * A command line of `deno task bench` that cannot be followed; its message
 * says why.
 *
 * @example
 * ```ts
 * import { BenchArgsError } from "./bench_args.ts";
 * console.log(new BenchArgsError("unknown option --x").name); // BenchArgsError
 * ```
 */
export class BenchArgsError extends Error {
  /** @param message What is wrong with the command line. */
  constructor(message: string) {
    super(message);
    this.name = "BenchArgsError";
  }
}

/**
 * Reads the command line of `deno task bench`.
 *
 * @param args The arguments, as `Deno.args` holds them.
 * @param known Every benchmark's name, in the order they run.
 * @returns The benchmarks to run and whether to write the table.
 * @throws {BenchArgsError} for an unknown option or name, or `--write` with names.
 *
 * @example
 * ```ts
 * import { parseBenchArgs } from "./bench_args.ts";
 * const known = ["validation", "trees"];
 * console.log(parseBenchArgs([], known)); // { names: ["validation", "trees"], write: false }
 * console.log(parseBenchArgs(["--write"], known).write); // true
 * console.log(parseBenchArgs(["trees"], known).names); // ["trees"]
 * ```
 */
export function parseBenchArgs(
  args: readonly string[],
  known: readonly string[],
): BenchArgs {
  let write = false;
  const names: string[] = [];
  for (const arg of args) {
    if (arg === "--write") write = true;
    else if (arg.startsWith("-")) {
      throw new BenchArgsError(
        `unknown option ${quote(arg)}: the only one is --write`,
      );
    } else if (!known.includes(arg)) {
      throw new BenchArgsError(
        `unknown benchmark ${quote(arg)}: use ${known.join(", ")}`,
      );
    } else names.push(arg);
  }
  if (write && names.length > 0) {
    throw new BenchArgsError(
      "--write writes the whole table: run it without benchmark names",
    );
  }
  return { names: names.length > 0 ? names : [...known], write };
}
