/**
 * Reads what a user names on the command line: a `.kat` file, a quadlet
 * directory, a `.tar.gz`/`.tgz` archive, or `-` for an archive on stdin.
 *
 * @module
 */
import { basename, join } from "./paths.ts";
import { type Diagnostic, sortDiagnostics } from "../diagnostics/diagnostic.ts";
import type { ParsedResource } from "../manifest/parse_manifest.ts";
import {
  parseQuadletDirectory,
  parseQuadletFile,
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

/** Whether a path names a gzip-compressed tar archive. */
export function isArchivePath(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}

function unreadable(file: string, message: string): CheckedInput {
  return {
    resources: [],
    diagnostics: [{
      severity: "error",
      file,
      line: 1,
      column: 1,
      path: "",
      message,
    }],
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
    if (e instanceof ArchiveError) return unreadable(name, e.message);
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
  const { size } = await Deno.stat(path);
  if (size > DEFAULT_LIMITS.maxFileBytes) {
    return {
      severity: "error",
      file: path,
      line: 1,
      column: 1,
      path: "",
      message:
        `the file has ${size} bytes; at most ${DEFAULT_LIMITS.maxFileBytes} are allowed`,
    };
  }
  return await Deno.readFile(path);
}

/** The files of a quadlet directory, and what was skipped or refused. */
export interface QuadletDirectory {
  /** File name to bytes, for every regular file. */
  files: Map<string, Uint8Array>;
  /** A warning per subdirectory, an error per file over the size limit. */
  warnings: Diagnostic[];
}

/**
 * Reads the files of a quadlet directory; subdirectories are skipped with a
 * warning.
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
      warnings.push({
        severity: "warning",
        file: path,
        line: 1,
        column: 1,
        path: "",
        message: "a quadlet is one flat directory; subdirectory ignored",
      });
      continue;
    }
    const bytes = await readBounded(path);
    if (bytes instanceof Uint8Array) files.set(entry.name, bytes);
    else warnings.push(bytes);
  }
  return { files, warnings };
}

async function readDirectory(dir: string): Promise<CheckedInput> {
  const { files, warnings } = await readQuadletDirectory(dir);
  const result = parseQuadletDirectory(files, {
    prefix: join(dir, "/"),
    name: dir,
  });
  return {
    resources: result.resources,
    diagnostics: sortDiagnostics([...warnings, ...result.diagnostics]),
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
    if (info.isDirectory) return await readDirectory(path);
    if (isArchivePath(path)) {
      const file = await Deno.open(path);
      return await readArchive(path, file.readable);
    }
    if (path.endsWith(".kat")) {
      const bytes = await readBounded(path);
      if (!(bytes instanceof Uint8Array)) {
        return { resources: [], diagnostics: [bytes] };
      }
      const result = parseQuadletFile(
        basename(path),
        bytes,
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
    if (
      e instanceof Deno.errors.PermissionDenied ||
      e instanceof Deno.errors.NotFound || e instanceof Error && "code" in e
    ) {
      return unreadable(path, `cannot read: ${(e as Error).message}`);
    }
    throw e;
  }
  return unreadable(
    path,
    "not a .kat file, a quadlet directory or a .tar.gz/.tgz archive",
  );
}
