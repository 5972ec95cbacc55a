/**
 * Reading a quadlet directory from disk: its `.kat` files, each through the
 * bounded reader; nothing else is opened.
 *
 * @module
 */
import { join } from "./paths.ts";
import { type Diagnostic, fileDiagnostic } from "../diagnostics/diagnostic.ts";
import { type FileIdentity, readLocalFileSync } from "./read_file.ts";
import { NOT_UTF8_NAME } from "./utf8_names.ts";
import { type DirectoryEntry as WalkEntry, listDirectorySync } from "./walk.ts";

/** Options of {@link readQuadletDirectory}. */
export interface QuadletDirectoryOptions {
  /**
   * Most bytes of one file.
   * @default {1048576} (1 MiB, the per-file limit of archives)
   */
  maxFileBytes?: number;
  /**
   * Whether a subdirectory is warned about as left out (a quadlet to pack),
   * or passed over in silence (a walk of a tree checks it on its own).
   * @default {true}
   */
  warnSubdirectories?: boolean;
  /**
   * The directory's listing, when it was already read (sorted by name).
   * @default {undefined} (the directory is listed)
   */
  entries?: readonly DirectoryEntry[];
}

/** One entry of a directory listing: its name, and whether it is a directory. */
export type DirectoryEntry = Pick<
  WalkEntry,
  "name" | "isDirectory" | "notUtf8"
>;

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
 * larger than `maxFileBytes`; anything else (a directory or a link to one, a
 * device, a name that is not valid UTF-8) is an `unreadable` error at that
 * entry. Throws only when the directory itself cannot be listed.
 *
 * @example
 * ```ts
 * import { readQuadletDirectorySync } from "./quadlet_dir.ts";
 * const { files } = readQuadletDirectorySync("examples/web-service");
 * console.log([...files.keys()]); // ["VirtualLoadBalancer.kat", "workload.kat"]
 * ```
 */
export function readQuadletDirectorySync(
  dir: string,
  options: QuadletDirectoryOptions = {},
): QuadletDirectory {
  const files = new Map<string, Uint8Array>();
  const identities = new Map<string, FileIdentity>();
  const diagnostics: Diagnostic[] = [];
  const entries = options.entries ?? listDirectorySync(dir);
  const warnSubdirectories = options.warnSubdirectories ?? true;
  let within: string | undefined;
  const ignored = (path: string, message: string) =>
    diagnostics.push(
      fileDiagnostic(path, "ignored", message, { severity: "warning" }),
    );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.notUtf8 && entry.name.endsWith(".kat")) {
      // Opened by the name shown, it would be another entry, or none.
      diagnostics.push(fileDiagnostic(path, "unreadable", NOT_UTF8_NAME));
      continue;
    }
    if (entry.isDirectory && entry.name.endsWith(".kat")) {
      // As a link to a directory is, below.
      diagnostics.push(
        fileDiagnostic(path, "unreadable", "a directory, not a file"),
      );
      continue;
    }
    if (entry.isDirectory) {
      if (warnSubdirectories) ignored(path, SUBDIRECTORY);
      continue;
    }
    if (!entry.name.endsWith(".kat")) {
      ignored(path, "not a .kat file; ignored");
      continue;
    }
    const file = readLocalFileSync(path, {
      maxBytes: options.maxFileBytes,
      // Looked up only when an entry is a link.
      within: () => within ??= Deno.realPathSync(dir),
    });
    if (file.ok) {
      files.set(entry.name, file.bytes);
      identities.set(entry.name, file.identity);
    } else {
      diagnostics.push(fileDiagnostic(path, "unreadable", file.message));
    }
  }
  return { files, identities, diagnostics };
}

/**
 * {@link readQuadletDirectorySync}, as a promise.
 *
 * @example
 * ```ts
 * import { readQuadletDirectory } from "./quadlet_dir.ts";
 * const { files } = await readQuadletDirectory("examples/web-service");
 * console.log([...files.keys()]); // ["VirtualLoadBalancer.kat", "workload.kat"]
 * ```
 */
export function readQuadletDirectory(
  dir: string,
  options: QuadletDirectoryOptions = {},
): Promise<QuadletDirectory> {
  try {
    return Promise.resolve(readQuadletDirectorySync(dir, options));
  } catch (e) {
    return Promise.reject(e);
  }
}
