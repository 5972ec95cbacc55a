/**
 * What the paths on a command line stand for: quadlet directories found by
 * walking the trees named, `.kat` files (checked with the rest of their
 * directory), archives, and standard input.
 *
 * @module
 */
import { plainIoMessage } from "../input/plain_io.ts";
import { type Diagnostic, fileDiagnostic } from "../diagnostics/diagnostic.ts";
import { join, resolve } from "../input/paths.ts";

/** One entry of a directory, as its listing gives it. */
export interface DirEntry {
  /** The file name. */
  name: string;
  /** A regular file (not through a link). */
  isFile: boolean;
  /** A directory (not through a link). */
  isDirectory: boolean;
  /** A symbolic link. */
  isSymlink: boolean;
}

/**
 * Something to check: a directory holding `.kat` files (a quadlet, with the
 * listing already read), an archive, standard input, or a path that could
 * not be taken (its diagnostic).
 *
 * @example
 * ```ts
 * import type { Target } from "./targets.ts";
 * const t: Target = { kind: "archive", path: "app.tar.gz" };
 * ```
 */
export type Target =
  | QuadletTarget
  | { kind: "archive"; path: string }
  | { kind: "stdin" }
  | { kind: "problem"; diagnostic: Diagnostic };

/**
 * A quadlet directory to check, with its listing.
 *
 * @example
 * ```ts
 * import type { QuadletTarget } from "./targets.ts";
 * const t: QuadletTarget = { kind: "quadlet", dir: "app", entries: [] };
 * ```
 */
export interface QuadletTarget {
  /** What the target is. */
  kind: "quadlet";
  /** The directory. */
  dir: string;
  /** Its entries, sorted by name. */
  entries: DirEntry[];
  /**
   * The files of it named on the command line, if it was named by files:
   * only their resources are shown; the whole quadlet is checked.
   */
  named?: string[];
}

/** Options of {@link collectTargets}. */
export interface CollectTargetsOptions {
  /**
   * Called with each quadlet directory as soon as it is found, before the
   * rest of the walk, to start checking it; its listing is final. Its
   * `named` files may still grow. Default: nothing.
   */
  onQuadlet?: (target: QuadletTarget) => void;
}

/**
 * Whether a path names a gzip-compressed tar archive.
 *
 * @example
 * ```ts
 * import { isArchivePath } from "./targets.ts";
 * console.log(isArchivePath("app.tgz"), isArchivePath("app.kat")); // true false
 * ```
 */
export function isArchivePath(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}

/** Directories a walk never enters: hidden ones and installed packages. */
function skipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

const byName = (a: DirEntry, b: DirEntry) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The entries of a directory, sorted by name.
 *
 * @example
 * ```ts
 * import { listDirectory } from "./targets.ts";
 * console.log(listDirectory("examples/git-app").map((e) => e.name));
 * // ["BuildDefinition.kat", "VirtualLoadBalancer.kat", "workload.kat"]
 * ```
 */
export function listDirectory(dir: string): DirEntry[] {
  const entries: DirEntry[] = [];
  for (const e of Deno.readDirSync(dir)) {
    entries.push({
      name: e.name,
      isFile: e.isFile,
      isDirectory: e.isDirectory,
      isSymlink: e.isSymlink,
    });
  }
  return entries.sort(byName);
}

/**
 * Walks the tree under `root`: every directory that holds `.kat` files is a
 * quadlet target, in sorted order. Hidden directories, `node_modules` and
 * links to directories are not entered. Returns how many directories holding
 * `.kat` files it met, those already among the targets included.
 */
function walk(
  root: string,
  out: Target[],
  seen: Set<string>,
  onQuadlet: (t: QuadletTarget) => void,
): number {
  let found = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: DirEntry[];
    try {
      entries = listDirectory(dir);
    } catch (e) {
      out.push({
        kind: "problem",
        diagnostic: fileDiagnostic(
          dir,
          "unreadable",
          `cannot read: ${plainIoMessage(e)}`,
        ),
      });
      continue;
    }
    if (entries.some((e) => e.name.endsWith(".kat") && !e.isDirectory)) {
      // Counted even when already checked: the tree does hold .kat files.
      found++;
      const key = resolve(dir);
      if (!seen.has(key)) {
        seen.add(key);
        const target: QuadletTarget = { kind: "quadlet", dir, entries };
        out.push(target);
        onQuadlet(target);
      }
    }
    const subdirs = entries.filter((e) => e.isDirectory && !skipped(e.name));
    for (let i = subdirs.length - 1; i >= 0; i--) {
      stack.push(join(dir, subdirs[i].name));
    }
  }
  return found;
}

/** The directory part of a path (`.` for a bare name). */
function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const at = trimmed.lastIndexOf("/");
  return at < 0 ? "." : at === 0 ? "/" : trimmed.slice(0, at);
}

/**
 * The targets of the paths given, in their order; a path named twice, or a
 * directory reached twice, is checked once.
 *
 * @example
 * ```ts
 * import { collectTargets } from "./targets.ts";
 * const targets = collectTargets(["examples/"]);
 * console.log(targets.map((t) => t.kind === "quadlet" ? t.dir : t.kind));
 * // ["examples", "examples/git-app", "examples/nightly-backup", "examples/team-namespace", "examples/web-service"]
 * ```
 */
export function collectTargets(
  paths: readonly string[],
  options: CollectTargetsOptions = {},
): Target[] {
  const onQuadlet = options.onQuadlet ?? (() => {});
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === "-") {
      out.push({ kind: "stdin" });
      continue;
    }
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
    } catch (e) {
      out.push({
        kind: "problem",
        diagnostic: fileDiagnostic(
          path,
          "unreadable",
          `cannot read: ${plainIoMessage(e)}`,
        ),
      });
      continue;
    }
    if (info.isDirectory) {
      const dir = path.length > 1 ? path.replace(/\/+$/, "") : path;
      const before = out.length;
      if (walk(dir, out, seen, onQuadlet) === 0 && out.length === before) {
        out.push({
          kind: "problem",
          diagnostic: fileDiagnostic(
            dir,
            "required",
            "no .kat file in this directory or below it",
          ),
        });
      }
    } else if (isArchivePath(path)) {
      if (!info.isFile) {
        out.push({
          kind: "problem",
          diagnostic: fileDiagnostic(
            path,
            "unreadable",
            "not a regular file; an archive is read from a file or from standard input (-)",
          ),
        });
        continue;
      }
      const key = resolve(path);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ kind: "archive", path });
      }
    } else if (path.endsWith(".kat")) {
      const dir = dirname(path);
      const key = resolve(dir);
      const name = path.slice(path.lastIndexOf("/") + 1);
      const known = out.find((t) =>
        t.kind === "quadlet" && resolve(t.dir) === key
      );
      if (known?.kind === "quadlet") {
        if (known.named && !known.named.includes(name)) known.named.push(name);
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        const target: QuadletTarget = {
          kind: "quadlet",
          dir,
          entries: listDirectory(dir),
          named: [name],
        };
        out.push(target);
        onQuadlet(target);
      } catch (e) {
        out.push({
          kind: "problem",
          diagnostic: fileDiagnostic(
            dir,
            "unreadable",
            `cannot read: ${plainIoMessage(e)}`,
          ),
        });
      }
    } else {
      out.push({
        kind: "problem",
        diagnostic: fileDiagnostic(
          path,
          "unreadable",
          "not a .kat file, a quadlet directory or a .tar.gz/.tgz archive",
        ),
      });
    }
  }
  return out;
}
