/**
 * Reading and writing quadlet archives: hardened, streaming extraction of a
 * `.tar.gz` upload and deterministic packing.
 *
 * @example
 * ```ts
 * import { packQuadlets, untarQuadlets } from "@kat/toolkit/archive";
 * const bytes = await packQuadlets({ "namespace.kat": "kind: Namespace\n" });
 * const files = await untarQuadlets(new Blob([bytes]).stream());
 * console.log([...files.keys()]); // ["namespace.kat"]
 * ```
 *
 * @module
 */
export { ArchiveError, type ArchiveErrorCode } from "./archive_error.ts";
export { DEFAULT_LIMITS, type UntarLimits } from "./limits.ts";
export { packQuadlets } from "./pack.ts";
export {
  type ArchiveInput,
  type UntarOptions,
  untarQuadlets,
} from "./untar.ts";
