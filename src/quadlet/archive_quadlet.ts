/**
 * A quadlet archive read and checked as `katcall validate` checks one: its
 * members named `NAME:member.kat`, an archive that cannot be read one
 * diagnostic about `NAME`.
 *
 * @module
 */
import { ArchiveError } from "../archive/archive_error.ts";
import { type ArchiveInput, untarQuadlets } from "../archive/untar.ts";
import {
  type Diagnostic,
  fileDiagnostic,
  hasErrors,
} from "../diagnostics/diagnostic.ts";
import type { ParsedResource } from "../manifest/parse_result.ts";
import { parseQuadlet } from "./parse_quadlet.ts";

/**
 * Options of {@link checkQuadletArchive}.
 *
 * @example
 * ```ts
 * import type { ArchiveCheckOptions } from "./archive_quadlet.ts";
 * const options: ArchiveCheckOptions = { name: "web.tar.gz" };
 * ```
 */
export interface ArchiveCheckOptions {
  /**
   * The archive's name in diagnostics (a member is `NAME:member.kat`).
   * @default {"quadlet.tar.gz"}
   */
  name?: string;
  /**
   * Stops reading when aborted: the promise rejects with its reason.
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/**
 * What {@link checkQuadletArchive} found.
 *
 * @example
 * ```ts
 * import type { ArchiveCheck } from "./archive_quadlet.ts";
 * const none: ArchiveCheck = { valid: false, diagnostics: [], resources: [], files: 0 };
 * ```
 */
export interface ArchiveCheck {
  /** Whether no diagnostic is an error. */
  valid: boolean;
  /** Every diagnostic, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** The resources decoded, in file order. */
  resources: ParsedResource[];
  /** How many `.kat` files the archive holds (0 when it cannot be read). */
  files: number;
  /** Why the archive could not be read, when it could not. */
  refusal?: ArchiveError;
}

/**
 * Reads a quadlet `.tar.gz` with the default limits (enforced while it
 * streams) and checks its files with `parseQuadlet`, exactly as
 * `katcall validate NAME` does for an archive file named NAME. Never throws
 * for bad input.
 *
 * @param input The archive: a stream of its bytes (a request's body), its
 * bytes, or a Blob.
 * @param options `name` (default `quadlet.tar.gz`) and `signal`.
 * @returns The verdict, the diagnostics and the resources; `refusal` when
 * the archive itself was refused.
 *
 * @example
 * ```ts
 * import { packQuadlets } from "../archive/pack.ts";
 * import { checkQuadletArchive } from "./archive_quadlet.ts";
 * const bytes = await packQuadlets({ "ns.kat": "kind: Namespace\n" });
 * const r = await checkQuadletArchive(bytes, { name: "ns.tar.gz" });
 * console.log(r.valid, r.diagnostics[0]?.file); // false "ns.tar.gz:ns.kat"
 * ```
 */
export async function checkQuadletArchive(
  input: ArchiveInput,
  options: ArchiveCheckOptions = {},
): Promise<ArchiveCheck> {
  const name = options.name ?? "quadlet.tar.gz";
  let files: Map<string, Uint8Array>;
  try {
    files = await untarQuadlets(input, { signal: options.signal });
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    return {
      valid: false,
      diagnostics: [fileDiagnostic(name, e.code, e.message)],
      resources: [],
      files: 0,
      refusal: e,
    };
  }
  const result = parseQuadlet(files, { prefix: `${name}:`, name });
  return {
    valid: !hasErrors(result.diagnostics),
    diagnostics: result.diagnostics,
    resources: result.resources,
    files: [...files.keys()].filter((f) => f.endsWith(".kat")).length,
  };
}
