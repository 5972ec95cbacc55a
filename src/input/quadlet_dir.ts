/**
 * Reading a quadlet directory from disk: its `.kat` files, each through the
 * bounded reader; nothing else is opened.
 *
 * @module
 */
import { join } from "../cli/paths.ts";
import { type Diagnostic, fileDiagnostic } from "../diagnostics/diagnostic.ts";
import { type FileIdentity, readLocalFile } from "./read_file.ts";

/** Options of {@link readQuadletDirectory}. */
export interface QuadletDirectoryOptions {
  /**
   * Most bytes of one file.
   * @default {1048576} (1 MiB, the per-file limit of archives)
   */
  maxFileBytes?: number;
}

/** The files of a quadlet directory, and what was skipped or refused. */
export interface QuadletDirectory {
  /** File name to bytes, for every `.kat` file read. */
  files: Map<string, Uint8Array>;
  /** File name to which file it is, for every file read. */
  identities: Map<string, FileIdentity>;
  /**
   * A warning per entry skipped (subdirectories, files not ending in
   * `.kat`), an error per `.kat` file that cannot or must not be read.
   */
  diagnostics: Diagnostic[];
}

const SUBDIRECTORY = "a quadlet is one flat directory; subdirectory ignored";

/**
 * Reads the `.kat` files of a quadlet directory. Subdirectories and files not
 * ending in `.kat` are skipped with an `ignored` warning and never opened, so
 * no such entry can fail or stall the run. A `.kat` entry is read only if it
 * is a regular file, or a symbolic link to one inside the directory, and no
 * larger than `maxFileBytes`; anything else is an `unreadable` error at that
 * file. Throws only when the directory itself cannot be listed.
 *
 * @example
 * ```ts
 * import { readQuadletDirectory } from "./quadlet_dir.ts";
 * const { files } = await readQuadletDirectory("examples/web-service");
 * console.log([...files.keys()].sort()); // ["VirtualLoadBalancer.kat", "workload.kat"]
 * ```
 */
export async function readQuadletDirectory(
  dir: string,
  options: QuadletDirectoryOptions = {},
): Promise<QuadletDirectory> {
  const files = new Map<string, Uint8Array>();
  const identities = new Map<string, FileIdentity>();
  const diagnostics: Diagnostic[] = [];
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  let within: string | undefined;
  const ignored = (path: string, message: string) =>
    diagnostics.push(
      fileDiagnostic(path, "ignored", message, { severity: "warning" }),
    );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      ignored(path, SUBDIRECTORY);
      continue;
    }
    if (!entry.name.endsWith(".kat")) {
      ignored(path, "not a .kat file; ignored");
      continue;
    }
    within ??= await Deno.realPath(dir);
    const file = await readLocalFile(path, {
      maxBytes: options.maxFileBytes,
      within,
    });
    if (file.ok) {
      files.set(entry.name, file.bytes);
      identities.set(entry.name, file.identity);
    } else if (file.reason === "directory") {
      ignored(path, SUBDIRECTORY);
    } else {
      diagnostics.push(fileDiagnostic(path, "unreadable", file.message));
    }
  }
  return { files, identities, diagnostics };
}
