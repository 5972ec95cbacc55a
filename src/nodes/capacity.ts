/**
 * What a node reports as its capacity: its CPUs and memory.
 *
 * @module
 */
import type { NodeResources } from "../gen/types.ts";

const UNITS = [["Gi", 30n], ["Mi", 20n], ["Ki", 10n]] as const;

/**
 * `bytes` as a memory quantity in the largest binary unit that divides it
 * exactly (`17179869184` gives `16Gi`, `16314592256` gives `15932219Ki`),
 * else in bytes.
 *
 * @example
 * ```ts
 * import { memoryQuantity } from "./capacity.ts";
 * console.log(memoryQuantity(17179869184), memoryQuantity(1000)); // "16Gi" "1000"
 * ```
 */
export function memoryQuantity(bytes: number): string {
  const n = BigInt(Math.max(0, Math.trunc(bytes)));
  for (const [unit, shift] of UNITS) {
    if (n > 0n && n % (1n << shift) === 0n) return `${n >> shift}${unit}`;
  }
  return String(n);
}

/**
 * This machine's capacity: `cpu` = the number of logical CPUs, `memory` =
 * the total memory (`Deno.systemMemoryInfo()`, which needs
 * `--allow-sys=systemMemoryInfo`; left out when it is not allowed).
 *
 * @example
 * ```ts
 * import { hostCapacity } from "./capacity.ts";
 * console.log(hostCapacity().cpu); // e.g. "8"
 * ```
 */
export function hostCapacity(): NodeResources {
  const cpu = String(navigator.hardwareConcurrency);
  try {
    return { cpu, memory: memoryQuantity(Deno.systemMemoryInfo().total) };
  } catch {
    return { cpu };
  }
}
