/**
 * Reading `cluster.kat`: the ClusterConfiguration that `kat-agent init` uses.
 *
 * @module
 */
import {
  type Diagnostic,
  hasErrors,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { Reporter } from "../diagnostics/reporter.ts";
import type { ClusterConfiguration } from "../gen/types.ts";
import { parseManifest } from "../manifest/parse_manifest.ts";
import { readLocalText } from "../input/read_file.ts";

/**
 * What {@link parseClusterConfiguration} found.
 *
 * @example
 * ```ts
 * import { parseClusterConfiguration } from "@kat/toolkit";
 * const { config, valid } = parseClusterConfiguration("kind: ClusterConfiguration\n");
 * console.log(valid, config !== undefined); // false true
 * ```
 */
export interface ClusterConfigurationResult {
  /** The configuration with defaults, when the file holds one, even if invalid. */
  config?: ClusterConfiguration;
  /** Every problem found, sorted by position. */
  diagnostics: Diagnostic[];
  /** True when there is a configuration and no error. */
  valid: boolean;
}

/**
 * Parses and checks the text of a `cluster.kat`. Bad input never throws.
 *
 * @param text The YAML text.
 * @param file File name used in diagnostics; default `cluster.kat`.
 *
 * @example
 * ```ts
 * import { parseClusterConfiguration } from "./cluster_config.ts";
 * const result = parseClusterConfiguration([
 *   "apiVersion: kat.dws.rip/v1alpha1",
 *   "kind: ClusterConfiguration",
 *   "metadata: {name: home}",
 *   "spec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}",
 * ].join("\n"));
 * console.log(result.valid, result.config?.spec?.apiPort); // true 9115
 * ```
 */
export function parseClusterConfiguration(
  text: string,
  file = "cluster.kat",
): ClusterConfigurationResult {
  const result = parseManifest(text, { file });
  const parsed = result.parsed;
  if (!parsed) return { diagnostics: result.diagnostics, valid: false };
  if (parsed.kind !== "ClusterConfiguration") {
    const rep = new Reporter(parsed.file, (p) => parsed.sourceMap.locate(p));
    rep.report(
      "error",
      "not_supported",
      FieldPath.root().child("kind"),
      `expected a ClusterConfiguration, got ${parsed.kind}`,
      "cluster.kat holds the ClusterConfiguration",
    );
    const diagnostics = sortDiagnostics([
      ...result.diagnostics,
      ...rep.diagnostics,
    ]);
    return { diagnostics, valid: false };
  }
  return {
    config: parsed.resource as ClusterConfiguration,
    diagnostics: result.diagnostics,
    valid: !hasErrors(result.diagnostics),
  };
}

/**
 * Reads a `cluster.kat` from disk and checks it. The file is read like every
 * local input: only a regular file, at most 1 MiB, UTF-8. A file that cannot
 * or must not be read is an `unreadable` diagnostic, one that is not UTF-8 an
 * `encoding` diagnostic; neither is an exception.
 *
 * @example
 * ```ts
 * import { loadClusterConfiguration } from "./cluster_config.ts";
 * const result = await loadClusterConfiguration("no-such-cluster.kat");
 * console.log(result.valid, result.diagnostics[0].code); // false "unreadable"
 * ```
 */
export async function loadClusterConfiguration(
  path: string,
): Promise<ClusterConfigurationResult> {
  const read = await readLocalText(path);
  if (!read.ok) return { diagnostics: [read.diagnostic], valid: false };
  return parseClusterConfiguration(read.text, path);
}
