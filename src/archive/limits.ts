/**
 * Limits on what an archive may hold, and the bounds that follow from them.
 *
 * @module
 */

/**
 * Limits of {@link untarQuadlets}; every one can be raised or lowered.
 *
 * @example
 * ```ts
 * import type { UntarLimits } from "@kat/toolkit";
 * const limits: UntarLimits = { maxEntries: 16, maxTotalBytes: 1024 * 1024 };
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

/**
 * The limits with every default filled in.
 *
 * @example
 * ```ts
 * import { type ResolvedLimits, resolveLimits } from "./limits.ts";
 * const limits: ResolvedLimits = resolveLimits({});
 * ```
 */
export type ResolvedLimits = Required<UntarLimits>;

/**
 * The default limits: 256 entries, 1 MiB per file, 8 MiB in all.
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

/** Most bytes in a metadata header's data (`x`, `g`, `L`): 64 KiB. */
export const MAX_METADATA_BYTES = 64 * 1024;

/** Most bytes in an entry's path. */
export const MAX_PATH_BYTES = 4096;

/** Most bytes in one segment of a path (a file system's name limit). */
export const MAX_SEGMENT_BYTES = 255;

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
 * Room per entry besides its contents: its header, a pax header with its
 * records (a 4 KiB path and some), and the padding of its last block.
 */
const ENTRY_ROOM = 10 * 1024;

/** Room after the last entry: end-of-archive blocks, record padding, a global header. */
const END_ROOM = 64 * 1024;

/**
 * Most decompressed bytes the tar stream itself may have: file contents plus
 * room per entry for headers and padding, plus room at the end. Reading stops
 * here whatever the headers claim.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS, tarStreamBudget } from "./limits.ts";
 * console.log(tarStreamBudget(DEFAULT_LIMITS)); // 11085824
 * ```
 */
export function tarStreamBudget(limits: ResolvedLimits): number {
  return limits.maxTotalBytes + (limits.maxEntries + 1) * ENTRY_ROOM +
    END_ROOM;
}

/**
 * Most compressed bytes an archive within the limits can need: deflate adds
 * at most a few bytes per stored block, so a sixteenth more than the tar
 * stream, plus room for gzip headers (names, comments) and zero padding.
 * Without this bound, deflate blocks or gzip members that produce nothing
 * could be read forever.
 *
 * @example
 * ```ts
 * import { compressedBudget, DEFAULT_LIMITS } from "./limits.ts";
 * console.log(compressedBudget(DEFAULT_LIMITS)); // 12827264
 * ```
 */
export function compressedBudget(limits: ResolvedLimits): number {
  const tar = tarStreamBudget(limits);
  return tar + Math.ceil(tar / 16) + 1024 * 1024;
}

/**
 * Most gzip members: two per entry (`cat` of one gzip file per entry, with
 * an empty member or two) plus one per 64 KiB of tar data (bgzip writes
 * members of at most 64 KiB). Each member costs a decoder, so a stream of
 * empty members is cut short here.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS, maxGzipMembers } from "./limits.ts";
 * console.log(maxGzipMembers(DEFAULT_LIMITS)); // 699
 * ```
 */
export function maxGzipMembers(limits: ResolvedLimits): number {
  return 16 + 2 * (limits.maxEntries + 1) +
    Math.floor(tarStreamBudget(limits) / (64 * 1024));
}
