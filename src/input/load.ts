/**
 * Reading manifests and quadlets from disk, through the one bounded reader
 * of local files.
 *
 * @module
 */
import {
  fileDiagnostic,
  hasErrors,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import {
  parseManifest,
  type ParseManifestOptions,
} from "../manifest/parse_manifest.ts";
import type { ParseResult } from "../manifest/parse_result.ts";
import { parseQuadlet, type QuadletOptions } from "../quadlet/parse_quadlet.ts";
import { join } from "./paths.ts";
import { plainIoMessage } from "./plain_io.ts";
import { readQuadletDirectory } from "./quadlet_dir.ts";
import { readLocalFile } from "./read_file.ts";

/**
 * Reads one `.kat` file from disk and checks it like {@link parseManifest}.
 * Only a regular file is read (a link is followed), at most 1 MiB; a file
 * that cannot or must not be read is an `unreadable` diagnostic, never an
 * exception. Needs read permission for `path`.
 *
 * @param path The file.
 * @param options As {@link parseManifest}'s; `file` defaults to `path`.
 * @returns As {@link parseManifest}.
 *
 * @example
 * ```ts
 * import { loadManifest } from "@kat/toolkit";
 * const result = await loadManifest("examples/team-namespace/namespace.kat");
 * console.log(result.valid, result.resources[0]?.kind); // true "Namespace"
 * const written = await loadManifest("examples/team-namespace/namespace.kat", {
 *   applyDefaults: false,
 * });
 * console.log(written.resources[0]?.resource.metadata?.namespace); // undefined
 * ```
 */
export async function loadManifest(
  path: string,
  options?: ParseManifestOptions,
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
  return parseManifest(file.bytes, { ...options, file: name });
}

/**
 * Reads a quadlet directory from disk and checks it like
 * {@link parseQuadlet}: its `.kat` files, each through the bounded reader;
 * subdirectories and other files are left out with a warning and never
 * opened. Needs read permission for the directory.
 *
 * @param dir The quadlet directory.
 * @param options As {@link parseQuadlet}'s; `prefix` defaults to `dir/` and
 * `name` to `dir`.
 * @returns As {@link parseQuadlet}.
 *
 * @example
 * ```ts
 * import { loadQuadlet } from "@kat/toolkit";
 * const result = await loadQuadlet("examples/web-service");
 * console.log(result.valid, result.resources.map((r) => r.kind));
 * // true ["VirtualLoadBalancer", "Workload"] (file order)
 * ```
 */
export async function loadQuadlet(
  dir: string,
  options?: QuadletOptions,
): Promise<ParseResult> {
  const name = options?.name ?? dir;
  let read;
  try {
    read = await readQuadletDirectory(dir);
  } catch (e) {
    return {
      valid: false,
      diagnostics: [
        fileDiagnostic(name, "unreadable", `cannot read: ${plainIoMessage(e)}`),
      ],
      resources: [],
    };
  }
  const result = parseQuadlet(read.files, {
    ...options,
    prefix: options?.prefix ?? join(dir, "/"),
    name,
  });
  const diagnostics = sortDiagnostics([
    ...read.diagnostics,
    ...result.diagnostics,
  ]);
  return {
    valid: !hasErrors(diagnostics),
    diagnostics,
    resources: result.resources,
  };
}
