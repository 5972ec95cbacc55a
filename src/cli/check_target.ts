/**
 * Checks one target of a command line: reads a quadlet directory's `.kat`
 * files (synchronously: a worker does nothing else meanwhile) and checks them
 * together.
 *
 * @module
 */
import { typeForKind } from "../schema/registry.ts";
import {
  type Diagnostic,
  fileDiagnostic,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import { DEFAULT_LIMITS } from "../archive/limits.ts";
import { sizeText } from "../archive/size_text.ts";
import type { FileIdentity } from "../input/read_file.ts";
import {
  type QuadletDirectory,
  readQuadletDirectorySync,
} from "../input/quadlet_dir.ts";
import { parseQuadlet } from "../quadlet/parse_quadlet.ts";
import { parseManifest } from "../manifest/parse_manifest.ts";
import type { ParsedResource } from "../manifest/parse_result.ts";
import { join } from "../input/paths.ts";
import type { Target } from "./targets.ts";
import type { DirectoryEntry } from "../input/walk.ts";
import { plainIoMessage } from "../input/plain_io.ts";
import { peekBytes } from "./io.ts";
import { readAtMost } from "../input/read_at_most.ts";
import { checkQuadletArchive } from "../quadlet/archive_quadlet.ts";

/**
 * What checking a target found.
 *
 * @example
 * ```ts
 * import type { TargetResult } from "./check_target.ts";
 * const none: TargetResult = { diagnostics: [], files: 0, resources: [] };
 * ```
 */
export interface TargetResult {
  /** Every problem, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** How many `.kat` files were checked and reported on (those named, if any). */
  files: number;
  /** The resources decoded. */
  resources: ParsedResource[];
  /** The bytes of each `.kat` file read, by name (quadlet directories). */
  contents?: Map<string, Uint8Array>;
  /** Which file each `.kat` file read is (quadlet directories). */
  identities?: Map<string, FileIdentity>;
}

/** Options of {@link checkQuadletDir}. */
export interface CheckDirOptions {
  /**
   * Whether a ClusterConfiguration beside the quadlet stands alone (a
   * repository's tree) rather than being an error (a quadlet to pack).
   * @default {true}
   */
  standalone?: boolean;
  /**
   * Whether subdirectories are warned about as left out (pack) rather than
   * skipped silently (a walk checks them on their own).
   * @default {false}
   */
  warnSubdirectories?: boolean;
  /**
   * The files of the directory reported on, by name, when it was named by
   * its files: all are read and checked together, but only these files' own
   * diagnostics, those of rules between files that involve one of them, and
   * their resources are returned (see `parseQuadlet`'s `only`).
   * @default {undefined} (every file)
   */
  named?: readonly string[];
}

/**
 * A quadlet directory's `.kat` files as read for a check
 * ({@link readQuadletForCheck}), or the diagnostic that says why it could not
 * be read at all.
 *
 * @example
 * ```ts
 * import type { QuadletRead } from "./check_target.ts";
 * const none: QuadletRead = { files: new Map(), identities: new Map(), diagnostics: [] };
 * ```
 */
export type QuadletRead = QuadletDirectory | { failed: Diagnostic };

/**
 * The first half of {@link checkQuadletDir}: reads a quadlet directory's
 * `.kat` files from its listing, for {@link checkQuadletRead}. Never throws.
 *
 * @param dir The directory.
 * @param entries Its listing, sorted by name.
 * @param options `warnSubdirectories` (default `false`); the rest is the
 * check's.
 * @returns The files read, or why the directory could not be read.
 *
 * @example
 * ```ts
 * import { readQuadletForCheck } from "./check_target.ts";
 * import { listDirectorySync } from "../input/walk.ts";
 * const read = readQuadletForCheck("examples/web-service", listDirectorySync("examples/web-service"));
 * console.log("files" in read ? [...read.files.keys()] : read.failed.message);
 * // ["VirtualLoadBalancer.kat", "workload.kat"]
 * ```
 */
export function readQuadletForCheck(
  dir: string,
  entries: readonly DirectoryEntry[],
  options: CheckDirOptions = {},
): QuadletRead {
  try {
    return readQuadletDirectorySync(dir, {
      entries,
      warnSubdirectories: options.warnSubdirectories ?? false,
    });
  } catch (e) {
    return {
      failed: fileDiagnostic(
        dir,
        "unreadable",
        `cannot read: ${plainIoMessage(e)}`,
      ),
    };
  }
}

/**
 * Reads and checks a quadlet directory from its listing. Files not ending in
 * `.kat` are neither read nor able to fail the check: each is a warning.
 * Never throws for bad input. The same as {@link readQuadletForCheck}, then
 * {@link checkQuadletRead}.
 *
 * @example
 * ```ts
 * import { checkQuadletDir } from "./check_target.ts";
 * import { collectTargets } from "./targets.ts";
 * const [target] = collectTargets(["examples/web-service"]);
 * if (target.kind === "quadlet") {
 *   console.log(checkQuadletDir(target.dir, target.entries).files); // 2
 * }
 * ```
 */
export function checkQuadletDir(
  dir: string,
  entries: readonly DirectoryEntry[],
  options: CheckDirOptions = {},
): TargetResult {
  return checkQuadletRead(
    dir,
    readQuadletForCheck(dir, entries, options),
    options,
  );
}

/**
 * The second half of {@link checkQuadletDir}: checks the files
 * {@link readQuadletForCheck} read. Never throws for bad input.
 *
 * @param dir The directory, as it was read.
 * @param read What reading it gave.
 * @param options As {@link checkQuadletDir}'s.
 * @returns Its diagnostics, resources and counts.
 *
 * @example
 * ```ts
 * import { checkQuadletRead, readQuadletForCheck } from "./check_target.ts";
 * import { listDirectorySync } from "../input/walk.ts";
 * const dir = "examples/web-service";
 * const read = readQuadletForCheck(dir, listDirectorySync(dir));
 * console.log(checkQuadletRead(dir, read).resources.length); // 2
 * ```
 */
export function checkQuadletRead(
  dir: string,
  read: QuadletRead,
  options: CheckDirOptions = {},
): TargetResult {
  if ("failed" in read) {
    return { diagnostics: [read.failed], files: 0, resources: [] };
  }
  const { files, identities } = read;
  const named = options.named && new Set(options.named);
  const namedPaths = named && new Set([...named].map((n) => join(dir, n)));
  // A sibling's own trouble (unreadable, ignored) is not a named file's.
  const diagnostics = namedPaths
    ? read.diagnostics.filter((d) => namedPaths.has(d.file))
    : read.diagnostics;
  if (files.size === 0) {
    return {
      diagnostics: sortDiagnostics(diagnostics),
      files: 0,
      resources: [],
    };
  }
  const standalone = options.standalone ?? true;
  const result = parseQuadlet(files, {
    prefix: prefixOf(dir),
    name: dir,
    standalone,
    only: options.named,
  });
  // A directory that holds only resources standing alone (a repository's
  // root with its cluster.kat) is no quadlet: its other files are not left
  // out of anything.
  const quadlet = !standalone || result.resources.length === 0 ||
    result.resources.some((r) => typeForKind(r.kind)?.resource?.quadlet);
  const kept = quadlet
    ? diagnostics
    : diagnostics.filter((d) => d.code !== "ignored");
  kept.push(...result.diagnostics);
  return {
    diagnostics: sortDiagnostics(kept),
    files: named
      ? [...files.keys()].filter((name) => named.has(name)).length
      : files.size,
    resources: result.resources,
    contents: files,
    identities,
  };
}

/** What the names of a directory's files are prefixed with in diagnostics. */
function prefixOf(dir: string): string {
  return dir === "." ? "" : join(dir, "/");
}

/** Checks the files of an archive, or says why it cannot be read. */
async function checkArchive(
  name: string,
  stream: ReadableStream<Uint8Array>,
): Promise<TargetResult> {
  const { diagnostics, files, resources } = await checkQuadletArchive(
    stream,
    { name },
  );
  return { diagnostics, files, resources };
}

/**
 * Standard input: an archive when it starts like gzip, otherwise one `.kat`
 * document, named `name` in diagnostics.
 */
async function checkStdin(
  stream: ReadableStream<Uint8Array>,
  name: string,
): Promise<TargetResult> {
  // Decided on the first two bytes, however many reads bring them.
  const { head, stream: rest } = await peekBytes(stream, 2);
  if (head[0] === 0x1f && head[1] === 0x8b) return checkArchive(name, rest);
  const max = DEFAULT_LIMITS.maxFileBytes;
  const bytes = await readAtMost(rest, max);
  if (!bytes) {
    return {
      diagnostics: [
        fileDiagnostic(
          name,
          "unreadable",
          `standard input holds more than ${
            sizeText(max)
          }, the limit for one file`,
        ),
      ],
      files: 0,
      resources: [],
    };
  }
  const result = parseManifest(bytes, { file: name });
  return {
    diagnostics: result.diagnostics,
    files: 1,
    resources: result.resources,
  };
}

/**
 * Checks any target; never throws for bad input.
 *
 * @param target What to check.
 * @param stdin Standard input, for the `-` target.
 * @param stdinName The name standard input has in diagnostics.
 *
 * @example
 * ```ts
 * import { checkTarget } from "./check_target.ts";
 * import { collectTargets } from "./targets.ts";
 * const [t] = collectTargets(["examples/cluster.kat"]);
 * const r = await checkTarget(t, new Blob([]).stream(), "<stdin>");
 * console.log(r.resources[0]?.kind); // "ClusterConfiguration"
 * ```
 */
export async function checkTarget(
  target: Target,
  stdin: ReadableStream<Uint8Array>,
  stdinName: string,
): Promise<TargetResult> {
  switch (target.kind) {
    case "quadlet":
      return checkQuadletDir(target.dir, target.entries, {
        named: target.named,
      });
    case "problem":
      return { diagnostics: [target.diagnostic], files: 0, resources: [] };
    case "stdin":
      return await checkStdin(stdin, stdinName);
    case "archive": {
      let file: Deno.FsFile;
      try {
        file = await Deno.open(target.path);
      } catch (e) {
        return {
          diagnostics: [
            fileDiagnostic(
              target.path,
              "unreadable",
              `cannot read: ${plainIoMessage(e)}`,
            ),
          ],
          files: 0,
          resources: [],
        };
      }
      return await checkArchive(target.path, file.readable);
    }
  }
}
