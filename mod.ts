/**
 * The KAT toolkit: the v1alpha1 resource model of the KAT container
 * orchestrator, strict parsing and validation of `.kat` manifests, quadlets
 * and `cluster.kat` with positioned diagnostics, the proto3 wire format, and
 * hardened reading and deterministic writing of quadlet archives.
 *
 * Resources are plain objects in the manifests' own vocabulary: keys as
 * written in `.kat` files (`clusterCIDR`), enum values as spelled there
 * (`SERVICE`). Every function that reads manifests returns a
 * {@link ParseResult}; what cannot be read at all throws a {@link KatError}
 * with a stable `code`.
 *
 * @example Check a quadlet held in memory
 * ```ts
 * import { parseQuadlet } from "@kat/toolkit";
 * const result = parseQuadlet({
 *   "namespace.kat": "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: team-a}\n",
 * });
 * console.log(result.valid, result.resources[0]?.kind); // true "Namespace"
 * ```
 *
 * @example Check an uploaded archive
 * ```ts
 * import { packQuadlets, parseQuadlet, untarQuadlets } from "@kat/toolkit";
 * const upload = await packQuadlets({
 *   "namespace.kat": "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: team-a}\n",
 * });
 * const files = await untarQuadlets(new Blob([upload]).stream());
 * console.log(parseQuadlet(files, { prefix: "upload.tar.gz:" }).valid); // true
 * ```
 *
 * @example Narrow on kind, write YAML and the wire format
 * ```ts
 * import { parseManifest, stringifyManifest } from "@kat/toolkit";
 * import { decodeBinary, encodeBinary } from "@kat/toolkit/wire";
 * const [parsed] = parseManifest(
 *   "apiVersion: kat.dws.rip/v1alpha1\nkind: ClusterConfiguration\nmetadata: {name: home}\n" +
 *     "spec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}\n",
 * ).resources;
 * if (parsed?.kind === "ClusterConfiguration") {
 *   console.log(parsed.resource.spec?.clusterDomain); // "kat.cluster.local"
 *   const back = decodeBinary("ClusterConfiguration", encodeBinary(parsed.resource));
 *   console.log(stringifyManifest(back) === stringifyManifest(parsed.resource)); // true
 * }
 * ```
 *
 * @module
 */

// Resources: the types generated from the proto.
export type * from "./src/gen/types.ts";

// Reading and checking manifests, quadlets and cluster.kat.
export type {
  ManifestSource,
  ParsedResource,
  ParseResult,
} from "./src/manifest/parse_result.ts";
export {
  parseManifest,
  type ParseManifestOptions,
} from "./src/manifest/parse_manifest.ts";
export {
  parseQuadlet,
  type QuadletFiles,
  type QuadletOptions,
} from "./src/quadlet/parse_quadlet.ts";
export {
  clusterConfigurationOf,
  type ClusterConfigurationOptions,
  loadClusterConfiguration,
  parseClusterConfiguration,
} from "./src/cluster/cluster_config.ts";
export {
  validateResource,
  type ValidateResourceOptions,
} from "./src/manifest/validate_resource.ts";
export { loadManifest, loadQuadlet } from "./src/input/load.ts";

// Defaults, and resources written back.
export { applyDefaults } from "./src/kinds/apply_defaults.ts";
export { stringifyManifest } from "./src/encode/manifest_yaml.ts";
export { type ManifestValue, toManifest } from "./src/encode/to_manifest.ts";

// Archives.
export {
  ArchiveError,
  type ArchiveErrorCode,
  type ArchiveInput,
  DEFAULT_LIMITS,
  packQuadlets,
  type UntarLimits,
  type UntarOptions,
  untarQuadlets,
} from "./src/archive/mod.ts";

// Walking a tree for quadlets, as `katcall validate DIR` does.
export {
  type DirectoryEntry,
  type WalkOptions,
  walkQuadletDirectories,
  type WalkStep,
} from "./src/input/walk.ts";

// Diagnostics and their text and JSON forms.
export type {
  Diagnostic,
  DiagnosticCode,
  FieldErrorCode,
  Position,
  Severity,
} from "./src/diagnostics/diagnostic.ts";
export { hasErrors, sortDiagnostics } from "./src/diagnostics/diagnostic.ts";
export {
  formatDiagnostic,
  formatDiagnosticsText,
  type Palette,
  plain,
} from "./src/output/diagnostics_text.ts";
export { formatDiagnosticsJson } from "./src/output/diagnostics_json.ts";

// Errors thrown for what cannot be read at all.
export { KatError } from "./src/errors/kat_error.ts";
export { ReasonError } from "./src/errors/reason_error.ts";
export { WireError, type WireErrorCode } from "./src/encode/wire_value.ts";

// The schema for editors, and versions.
export { API_VERSION } from "./src/schema/registry.ts";
export { type JsonSchema, katJsonSchema } from "./src/schema/json_schema.ts";
export { VERSION } from "./src/version.ts";
