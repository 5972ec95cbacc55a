/**
 * Reading and writing quadlet archives.
 *
 * @module
 */
export { ArchiveError, type ArchiveErrorCode } from "./archive_error.ts";
export { DEFAULT_LIMITS, type UntarLimits } from "./limits.ts";
export { packQuadlets } from "./pack.ts";
export { type UntarOptions, untarQuadlets } from "./untar.ts";
