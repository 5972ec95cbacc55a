/**
 * Reads what a user names on the command line: a `.kat` file, a quadlet
 * directory, a `.tar.gz`/`.tgz` archive, or `-` for an archive on stdin.
 *
 * @module
 */
import { join } from "./paths.ts";
import {
  type Diagnostic,
  fileDiagnostic,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import type { ParsedResource } from "../manifest/parse_result.ts";
import { parseManifest } from "../manifest/parse_manifest.ts";
import {
  parseQuadlet as parseQuadletDirectory,
} from "../quadlet/parse_quadlet.ts";
import { ArchiveError, DEFAULT_LIMITS, untarQuadlets } from "../archive/mod.ts";
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
        diagnostics: [fileDiagnostic(name, e.code, e.message)],
      };
    }
    throw e;
  }
  const result = parseQuadletDirectory(files, { prefix: `${name}:`, name });
  return { resources: result.resources, diagnostics: result.diagnostics };
}

/**
 * Reads a local file, refusing one larger than the per-file limit of archives
 * (1 MiB): no input is read whole into memory without a bound.
 */
async function readBounded(path: string): Promise<Uint8Array | Diagnostic> {
  const problem = (message: string) =>
    fileDiagnostic(path, "unreadable", message);
  try {
    const { size } = await Deno.stat(path);
    if (size > DEFAULT_LIMITS.maxFileBytes) {
      return problem(
        `the file has ${size} bytes; at most ${DEFAULT_LIMITS.maxFileBytes} are allowed`,
      );
    }
    return await Deno.readFile(path);
  } catch (e) {
    if (!isIoError(e)) throw e;
    return problem(`cannot read: ${e.message}`);
  }
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

/** The files of a quadlet directory, and what was skipped or refused. */
export interface QuadletDirectory {
  /** File name to bytes, for every regular file. */
  files: Map<string, Uint8Array>;
  /**
   * A warning per subdirectory, an error per file over the size limit or
   * that cannot be read.
   */
  warnings: Diagnostic[];
}

/**
 * Reads the files of a quadlet directory; subdirectories are skipped with a
 * warning, and a file that cannot be read is an error of its own. Throws only
 * when the directory itself cannot be listed.
 *
 * @example
 * ```ts
 * import { readQuadletDirectory } from "./inputs.ts";
 * const { files } = await readQuadletDirectory("examples/web-service");
 * console.log(files.has("workload.kat")); // true
 * ```
 */
export async function readQuadletDirectory(
  dir: string,
): Promise<QuadletDirectory> {
  const files = new Map<string, Uint8Array>();
  const warnings: Diagnostic[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      warnings.push(
        fileDiagnostic(
          path,
          "ignored",
          "a quadlet is one flat directory; subdirectory ignored",
          { severity: "warning" },
        ),
      );
      continue;
    }
    const bytes = await readBounded(path);
    if (bytes instanceof Uint8Array) files.set(entry.name, bytes);
    else warnings.push(bytes);
  }
  return { files, warnings };
}

/** A quadlet directory read and checked, with the files it holds. */
export interface CheckedDirectory extends CheckedInput {
  /** File name to bytes, for every regular file read. */
  files: Map<string, Uint8Array>;
}

/**
 * Reads and checks a quadlet directory: what reading found (subdirectories,
 * unreadable files, a directory that cannot be listed) comes first among the
 * diagnostics, then what checking found. Never throws for bad input.
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
  let directory: QuadletDirectory;
  try {
    directory = await readQuadletDirectory(dir);
  } catch (e) {
    if (!isIoError(e)) throw e;
    return {
      files: new Map(),
      ...unreadable(dir, `cannot read: ${e.message}`),
    };
  }
  const result = parseQuadletDirectory(directory.files, {
    prefix: join(dir, "/"),
    name: dir,
  });
  return {
    files: directory.files,
    resources: result.resources,
    diagnostics: [...directory.warnings, ...result.diagnostics],
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
      const file = await Deno.open(path);
      return await readArchive(path, file.readable);
    }
    if (path.endsWith(".kat")) {
      const bytes = await readBounded(path);
      if (!(bytes instanceof Uint8Array)) {
        return { resources: [], diagnostics: [bytes] };
      }
      const result = parseManifest(bytes, { file: path });
      return { resources: result.resources, diagnostics: result.diagnostics };
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
