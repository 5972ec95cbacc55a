/**
 * The KAT toolkit: the v1alpha1 resource model of the KAT container
 * orchestrator, strict parsing and validation of `.kat` manifests and quadlets
 * with positioned diagnostics, and hardened reading and deterministic writing
 * of quadlet archives.
 *
 * @example Validate a cluster.kat
 * ```ts
 * import { parseClusterConfiguration } from "@kat/toolkit";
 * const result = parseClusterConfiguration(
 *   "apiVersion: kat.dws.rip/v1alpha1\nkind: ClusterConfiguration\n" +
 *     "metadata: {name: home}\nspec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}\n",
 * );
 * console.log(result.valid, result.config?.spec?.clusterDomain); // true "kat.cluster.local"
 * ```
 *
 * @example Validate a quadlet held in memory
 * ```ts
 * import { parseQuadletDirectory } from "@kat/toolkit";
 * const files = new Map([["namespace.kat", new TextEncoder().encode(
 *   "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: team-a}\n",
 * )]]);
 * console.log(parseQuadletDirectory(files).valid); // true
 * ```
 *
 * @module
 */
export type * from "./src/gen/types.ts";
export type {
  Diagnostic,
  DiagnosticCode,
  FieldErrorCode,
  Position,
  Severity,
} from "./src/diagnostics/diagnostic.ts";
export { hasErrors, sortDiagnostics } from "./src/diagnostics/diagnostic.ts";
export {
  ArchiveError,
  type ArchiveErrorCode,
} from "./src/archive/archive_error.ts";
export {
  DEFAULT_LIMITS,
  packQuadlets,
  type UntarLimits,
  type UntarOptions,
  untarQuadlets,
} from "./src/archive/mod.ts";
export { FieldPath } from "./src/diagnostics/field_path.ts";
export { type Locator, Reporter } from "./src/diagnostics/reporter.ts";
export { SourceMap } from "./src/decode/source_map.ts";
export {
  type ParsedResource,
  parseManifest,
  type ParseManifestOptions,
  type ParseManifestResult,
} from "./src/manifest/parse_manifest.ts";
export { applyDefaults } from "./src/kinds/apply_defaults.ts";
export {
  type ClusterConfigurationResult,
  loadClusterConfiguration,
  parseClusterConfiguration,
} from "./src/cluster/cluster_config.ts";
export {
  parseQuadletDirectory,
  parseQuadletFile,
  type QuadletOptions,
  type QuadletResult,
} from "./src/quadlet/parse_quadlet.ts";
export { decodeBinary, encodeBinary } from "./src/encode/binary.ts";
export { type ManifestValue, toManifest } from "./src/encode/to_manifest.ts";
export {
  formatDiagnostic,
  formatDiagnosticsText,
  type Palette,
  plain,
} from "./src/output/diagnostics_text.ts";
export { formatDiagnosticsJson } from "./src/output/diagnostics_json.ts";
export { API_VERSION } from "./src/schema/registry.ts";
export { type JsonSchema, katJsonSchema } from "./src/schema/json_schema.ts";
export { VERSION } from "./src/cli/version.ts";
