/**
 * Reading `cluster.kat`: the ClusterConfiguration that `kat-agent init` uses.
 *
 * @module
 */
import { fileDiagnostic, sortDiagnostics } from "../diagnostics/diagnostic.ts";
import { readLocalFile } from "../input/read_file.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { Reporter } from "../diagnostics/reporter.ts";
import type { ClusterConfiguration } from "../gen/types.ts";
import { parseManifest, sourceMapOf } from "../manifest/parse_manifest.ts";
import type { ManifestSource, ParseResult } from "../manifest/parse_result.ts";

/**
 * Options of {@link parseClusterConfiguration}.
 *
 * @example
 * ```ts
 * import type { ClusterConfigurationOptions } from "@kat/toolkit";
 * const options: ClusterConfigurationOptions = { file: "/etc/kat/cluster.kat" };
 * ```
 */
export interface ClusterConfigurationOptions {
  /**
   * File name used in diagnostics.
   * @default {"cluster.kat"}
   */
  file?: string;
}

/**
 * Parses and checks a `cluster.kat`: a manifest that must hold a
 * ClusterConfiguration. Bad input never throws.
 *
 * @param source The file's text or UTF-8 bytes.
 * @param options `file`: its name in diagnostics (default `cluster.kat`).
 * @returns The verdict, every diagnostic, and the configuration with its
 * defaults when the file holds one (at most one resource).
 *
 * @example
 * ```ts
 * import { parseClusterConfiguration } from "@kat/toolkit";
 * const result = parseClusterConfiguration([
 *   "apiVersion: kat.dws.rip/v1alpha1",
 *   "kind: ClusterConfiguration",
 *   "metadata: {name: home}",
 *   "spec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}",
 * ].join("\n"));
 * const [config] = result.resources;
 * if (config?.kind === "ClusterConfiguration") {
 *   console.log(result.valid, config.resource.spec?.apiPort); // true 9115
 * }
 * ```
 */
export function parseClusterConfiguration(
  source: ManifestSource,
  options?: ClusterConfigurationOptions,
): ParseResult {
  const result = parseManifest(source, {
    file: options?.file ?? "cluster.kat",
  });
  const [parsed] = result.resources;
  if (!parsed || parsed.kind === "ClusterConfiguration") return result;
  const map = sourceMapOf(parsed);
  const rep = new Reporter(parsed.file, (p) => map.locate(p));
  rep.report(
    "error",
    "not_supported",
    FieldPath.root().child("kind"),
    `expected a ClusterConfiguration, got ${parsed.kind}`,
    "cluster.kat holds the ClusterConfiguration",
  );
  return {
    valid: false,
    diagnostics: sortDiagnostics([...result.diagnostics, ...rep.diagnostics]),
    resources: [],
  };
}

/**
 * Reads a `cluster.kat` from disk and checks it. The file is read like every
 * local input: only a regular file (a link is followed), at most 1 MiB. A file
 * that cannot or must not be read is an `unreadable` diagnostic, one that is
 * not UTF-8 an `encoding` diagnostic; neither is an exception. Needs read
 * permission for `path`.
 *
 * @param path The file.
 * @param options As {@link parseClusterConfiguration}'s; `file` defaults to
 * `path`.
 * @returns As {@link parseClusterConfiguration}.
 *
 * @example
 * ```ts
 * import { loadClusterConfiguration } from "@kat/toolkit";
 * const result = await loadClusterConfiguration("no-such-cluster.kat");
 * console.log(result.valid, result.diagnostics[0].code); // false "unreadable"
 * ```
 */
export async function loadClusterConfiguration(
  path: string,
  options?: ClusterConfigurationOptions,
): Promise<ParseResult> {
  const name = options?.file ?? path;
  const file = await readLocalFile(path);
  if (!file.ok) {
    return {
      valid: false,
      diagnostics: [fileDiagnostic(name, "unreadable", file.message)],
      resources: [],
    };
  }
  return parseClusterConfiguration(file.bytes, { ...options, file: name });
}

/**
 * The ClusterConfiguration a result holds, if it holds one.
 *
 * @param result What {@link parseClusterConfiguration} or
 * {@link loadClusterConfiguration} gave.
 * @returns The configuration, with its defaults; undefined when there is none.
 *
 * @example
 * ```ts
 * import { clusterConfigurationOf, parseClusterConfiguration } from "@kat/toolkit";
 * const config = clusterConfigurationOf(parseClusterConfiguration(
 *   "apiVersion: kat.dws.rip/v1alpha1\nkind: ClusterConfiguration\nmetadata: {name: home}\n" +
 *     "spec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}\n",
 * ));
 * console.log(config?.spec?.etcdClientPort); // 2379
 * ```
 */
export function clusterConfigurationOf(
  result: ParseResult,
): ClusterConfiguration | undefined {
  const [first] = result.resources;
  return first?.kind === "ClusterConfiguration" ? first.resource : undefined;
}
