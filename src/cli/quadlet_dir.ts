/**
 * A quadlet directory read and checked as a whole, to be packed: what
 * `katcall pack` writes and `katcall apply` sends.
 *
 * @module
 */
import { fileDiagnostic } from "../diagnostics/diagnostic.ts";
import { cannotReadMessage } from "../input/plain_io.ts";
import { type DirectoryEntry, listDirectorySync } from "../input/walk.ts";
import { checkQuadletDir, type TargetResult } from "./check_target.ts";
import { isIoError } from "./io_errors.ts";

/**
 * Reads and checks the quadlet directory `dir` as one quadlet to pack:
 * subdirectories are warned about as left out, and a ClusterConfiguration
 * is an error. A directory that cannot be looked at or listed is one
 * `unreadable` diagnostic; a path that is not a directory resolves to
 * `"not a directory"`.
 *
 * @example
 * ```ts
 * import { checkQuadletToPack } from "./quadlet_dir.ts";
 * const r = await checkQuadletToPack("examples/web-service");
 * if (r !== "not a directory") console.log(r.files, r.diagnostics.length); // 2 0
 * ```
 */
export async function checkQuadletToPack(
  dir: string,
): Promise<TargetResult | "not a directory"> {
  let listing: DirectoryEntry[];
  try {
    if (!(await Deno.stat(dir)).isDirectory) return "not a directory";
    listing = listDirectorySync(dir);
  } catch (e) {
    if (!isIoError(e)) throw e;
    return {
      diagnostics: [
        fileDiagnostic(dir, "unreadable", cannotReadMessage(dir, e)),
      ],
      files: 0,
      resources: [],
    };
  }
  return checkQuadletDir(dir, listing, {
    standalone: false,
    warnSubdirectories: true,
  });
}

/**
 * The `.kat` files of a checked directory, by name: what its archive holds.
 *
 * @example
 * ```ts
 * import { katFiles } from "./quadlet_dir.ts";
 * const files = katFiles({ diagnostics: [], files: 1, resources: [], contents: new Map([["a.kat", new Uint8Array()], ["notes.txt", new Uint8Array()]]) });
 * console.log([...files.keys()]); // ["a.kat"]
 * ```
 */
export function katFiles(checked: TargetResult): Map<string, Uint8Array> {
  return new Map(
    [...(checked.contents ?? new Map<string, Uint8Array>())].filter(([name]) =>
      name.endsWith(".kat")
    ),
  );
}
