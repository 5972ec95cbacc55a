/**
 * Limits on what an archive may hold.
 *
 * @module
 */

/**
 * Limits of {@link untarQuadlets}; every one can be raised or lowered.
 *
 * @example
 * ```ts
 * import type { UntarLimits } from "@kat/toolkit";
 * const generous: UntarLimits = { maxEntries: 1024, maxTotalBytes: 64 << 20 };
 * ```
 */
export interface UntarLimits {
  /**
   * Most entries (files and directories).
   * @default {256}
   */
  maxEntries?: number;
  /**
   * Most bytes in one file.
   * @default {1048576} (1 MiB)
   */
  maxFileBytes?: number;
  /**
   * Most bytes in all files together, uncompressed.
   * @default {8388608} (8 MiB)
   */
  maxTotalBytes?: number;
}

/** The limits with every default filled in. */
export type ResolvedLimits = Required<UntarLimits>;

/**
 * The default limits: 256 entries, 1 MiB in one file, 8 MiB in all.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS } from "@kat/toolkit";
 * console.log(DEFAULT_LIMITS.maxFileBytes); // 1048576
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Required<UntarLimits>> = {
  maxEntries: 256,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
};

/**
 * Fills in defaults.
 *
 * @example
 * ```ts
 * import { resolveLimits } from "./limits.ts";
 * console.log(resolveLimits({ maxEntries: 10 }).maxFileBytes); // 1048576
 * ```
 */
export function resolveLimits(limits: UntarLimits = {}): ResolvedLimits {
  return {
    maxEntries: limits.maxEntries ?? DEFAULT_LIMITS.maxEntries,
    maxFileBytes: limits.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxTotalBytes: limits.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
  };
}

/**
 * Most decompressed bytes the tar stream itself may have: file contents plus,
 * per entry, room for its header, a pax or long-name header and padding, plus
 * the end-of-archive blocks. Reading stops here whatever the headers claim.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS, tarStreamBudget } from "./limits.ts";
 * console.log(tarStreamBudget(DEFAULT_LIMITS)); // 9451520
 * ```
 */
export function tarStreamBudget(limits: ResolvedLimits): number {
  return limits.maxTotalBytes + (limits.maxEntries + 1) * 4096 + 10240;
}
