/**
 * Reads what a user names on the command line: a `.kat` file, a quadlet
 * directory, a `.tar.gz`/`.tgz` archive, or `-` for an archive on stdin.
 *
 * @module
 */
import { basename, join } from "./paths.ts";
import {
  type Diagnostic,
  fileDiagnostic,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import type { ParsedResource } from "../manifest/parse_manifest.ts";
import {
  parseQuadletDirectory,
  parseQuadletFile,
} from "../quadlet/parse_quadlet.ts";
import { ArchiveError, untarQuadlets } from "../archive/mod.ts";
import type { FileIdentity } from "../input/read_file.ts";
import { readLocalFile } from "../input/read_file.ts";
import { readQuadletDirectory } from "../input/quadlet_dir.ts";
import type { CliIo } from "./io.ts";

/** What one input held. */
export interface CheckedInput {
  /** The resources decoded from it. */
  resources: ParsedResource[];
  /** Every problem found in it. */
  diagnostics: Diagnostic[];
}

/**
 * Whether a path names a gzip-compressed tar archive.
 *
 * @example
 * ```ts
 * import { isArchivePath } from "./inputs.ts";
 * console.log(isArchivePath("app.tgz"), isArchivePath("app.kat")); // true false
 * ```
 */
export function isArchivePath(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}

function unreadable(file: string, message: string): CheckedInput {
  return {
    resources: [],
    diagnostics: [fileDiagnostic(file, "unreadable", message)],
  };
}

async function readArchive(
  name: string,
  stream: ReadableStream<Uint8Array>,
): Promise<CheckedInput> {
  let files: Map<string, Uint8Array>;
  try {
    files = await untarQuadlets(stream);
  } catch (e) {
    if (e instanceof ArchiveError) {
      return {
        resources: [],
        diagnostics: [fileDiagnostic(name, `archive.${e.code}`, e.message)],
      };
    }
    throw e;
  }
  const result = parseQuadletDirectory(files, { prefix: `${name}:`, name });
  return { resources: result.resources, diagnostics: result.diagnostics };
}

/**
 * Whether `e` is an error of the file system or a stream (not found, denied, a
 * dangling link, a full disk, …) rather than a bug.
 *
 * @example
 * ```ts
 * import { isIoError } from "./inputs.ts";
 * const e = await Deno.readFile("does-not-exist").catch((e) => e);
 * console.log(isIoError(e), isIoError(new TypeError("x"))); // true false
 * ```
 */
export function isIoError(e: unknown): e is Error {
  return e instanceof Deno.errors.PermissionDenied ||
    e instanceof Deno.errors.NotCapable ||
    e instanceof Deno.errors.NotFound ||
    (e instanceof Error && "code" in e);
}

/** A quadlet directory read and checked, with the files it holds. */
export interface CheckedDirectory extends CheckedInput {
  /** File name to bytes, for every `.kat` file read. */
  files: Map<string, Uint8Array>;
  /** File name to which file it is, for every `.kat` file read. */
  identities: Map<string, FileIdentity>;
}

/**
 * Reads and checks a quadlet directory: what reading found (subdirectories and
 * other files skipped, `.kat` files that cannot or must not be read, a
 * directory that cannot be listed) comes first among the diagnostics, then
 * what checking found. Never throws for bad input.
 *
 * @example
 * ```ts
 * import { checkQuadletDirectory } from "./inputs.ts";
 * const checked = await checkQuadletDirectory("examples/web-service");
 * console.log(checked.files.size, checked.diagnostics.length); // 2 0
 * ```
 */
export async function checkQuadletDirectory(
  dir: string,
): Promise<CheckedDirectory> {
  let directory;
  try {
    directory = await readQuadletDirectory(dir);
  } catch (e) {
    if (!isIoError(e)) throw e;
    return {
      files: new Map(),
      identities: new Map(),
      ...unreadable(dir, `cannot read: ${e.message}`),
    };
  }
  const result = parseQuadletDirectory(directory.files, {
    prefix: join(dir, "/"),
    name: dir,
  });
  return {
    files: directory.files,
    identities: directory.identities,
    resources: result.resources,
    diagnostics: [...directory.diagnostics, ...result.diagnostics],
  };
}

/**
 * Reads and checks one input. Never throws for bad input: unreadable paths and
 * broken archives become diagnostics.
 *
 * @example
 * ```ts
 * import { checkInput } from "./inputs.ts";
 * import { memoryIo } from "./io.ts";
 * const result = await checkInput("does-not-exist.kat", memoryIo());
 * console.log(result.diagnostics[0].message.startsWith("cannot read")); // true
 * ```
 */
export async function checkInput(
  path: string,
  io: CliIo,
): Promise<CheckedInput> {
  if (path === "-") return await readArchive("<stdin>", io.stdin());
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    return unreadable(path, `cannot read: ${(e as Error).message}`);
  }
  try {
    if (info.isDirectory) {
      const { resources, diagnostics } = await checkQuadletDirectory(path);
      return { resources, diagnostics: sortDiagnostics(diagnostics) };
    }
    if (isArchivePath(path)) {
      if (!info.isFile) {
        return unreadable(
          path,
          "not a regular file; an archive is read from a file or from standard input (-)",
        );
      }
      const file = await Deno.open(path);
      return await readArchive(path, file.readable);
    }
    if (path.endsWith(".kat")) {
      const file = await readLocalFile(path);
      if (!file.ok) return unreadable(path, file.message);
      const result = parseQuadletFile(
        basename(path),
        file.bytes,
        {
          prefix: path.slice(0, path.length - basename(path).length),
        },
      );
      return {
        resources: result.parsed ? [result.parsed] : [],
        diagnostics: result.diagnostics,
      };
    }
  } catch (e) {
    if (isIoError(e)) return unreadable(path, `cannot read: ${e.message}`);
    throw e;
  }
  return unreadable(
    path,
    "not a .kat file, a quadlet directory or a .tar.gz/.tgz archive",
  );
}
