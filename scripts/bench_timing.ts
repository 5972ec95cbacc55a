/**
 * How the benchmarks time things: medians, and commands run in turn.
 *
 * @module
 */

/**
 * The median of `xs` (the upper one of an even count).
 *
 * @example
 * ```ts
 * import { median } from "./bench_timing.ts";
 * console.log(median([3, 1, 2])); // 2
 * ```
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median times in ms of commands run in turn (after one warm-up each, which
 * also fills Deno's code cache), so that drift on a shared machine hits
 * them all.
 *
 * @example
 * ```ts
 * import { alternate } from "./bench_timing.ts";
 * const [a, b] = await alternate(3, async () => {}, async () => {});
 * console.log(a >= 0 && b >= 0); // true
 * ```
 */
export async function alternate(
  rounds: number,
  ...commands: (() => unknown)[]
): Promise<number[]> {
  for (const command of commands) await command();
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [j, command] of commands.entries()) {
      const t0 = performance.now();
      await command();
      times[j].push(performance.now() - t0);
    }
  }
  return times.map(median);
}
