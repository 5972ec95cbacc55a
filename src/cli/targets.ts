/**
 * What the paths on a command line stand for: quadlet directories found by
 * walking the trees named, `.kat` files (checked with the rest of their
 * directory), archives, and standard input.
 *
 * @module
 */
import { cannotReadMessage } from "../input/plain_io.ts";
import { type Diagnostic, fileDiagnostic } from "../diagnostics/diagnostic.ts";
import { join, resolve } from "../input/paths.ts";
import {
  type DirectoryEntry,
  listDirectorySync,
  walkQuadletDirectories,
} from "../input/walk.ts";

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
  entries: DirectoryEntry[];
  /**
   * The files of it named on the command line, if it was named by files
   * only (not also as a directory): the whole quadlet is read and checked,
   * but only these files' own diagnostics, those of rules between files that
   * involve one of them, and their resources are reported.
   */
  named?: string[];
}

/** Options of {@link collectTargets}. */
export interface CollectTargetsOptions {
  /**
   * Called with each quadlet directory once it is final: one found by a
   * walk as soon as it is found, before the rest of the walk, to start
   * checking it; one named by its files at the end, when every path was
   * seen. Default: nothing.
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
  // Each directory by its resolved path, with the names of its files named
  // (maps: a command line may name tens of thousands of files).
  const quadlets = new Map<string, QuadletTarget>();
  const namedSets = new Map<QuadletTarget, Set<string>>();
  const seen = new Set<string>();
  // The working directory, read once (a walk resolves every directory).
  let cwd: string | undefined;
  const resolved = (path: string) =>
    resolve(path, path.startsWith("/") ? undefined : cwd ??= Deno.cwd());
  const problem = (path: string, message: string) =>
    out.push({
      kind: "problem",
      diagnostic: fileDiagnostic(path, "unreadable", message),
    });
  for (const path of paths) {
    if (path === "-") {
      out.push({ kind: "stdin" });
      continue;
    }
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
    } catch (e) {
      problem(path, cannotReadMessage(path, e));
      continue;
    }
    if (info.isDirectory && path.endsWith(".kat")) {
      problem(path, directoryMessage(path));
    } else if (info.isDirectory) {
      const root = path.length > 1 ? path.replace(/\/+$/, "") : path;
      const before = out.length;
      let found = 0;
      for (const step of walkQuadletDirectories(root)) {
        if (step.kind === "unreadable") {
          out.push({ kind: "problem", diagnostic: step.diagnostic });
          continue;
        }
        // Counted even when already checked: the tree does hold .kat files.
        found++;
        const key = resolved(step.dir);
        const known = quadlets.get(key);
        if (known) {
          // Named as a directory too: all of it is reported.
          known.named = undefined;
          continue;
        }
        const target: QuadletTarget = {
          kind: "quadlet",
          dir: step.dir,
          entries: step.entries,
        };
        quadlets.set(key, target);
        out.push(target);
        onQuadlet(target);
      }
      if (found === 0 && out.length === before) {
        out.push({
          kind: "problem",
          diagnostic: fileDiagnostic(
            root,
            "required",
            "no .kat file in this directory or below it",
          ),
        });
      }
    } else if (isArchivePath(path)) {
      if (!info.isFile) {
        problem(
          path,
          "not a regular file; an archive is read from a file or from standard input (-)",
        );
        continue;
      }
      const key = resolved(path);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ kind: "archive", path });
      }
    } else if (path.endsWith(".kat")) {
      const dir = dirname(path);
      const key = resolved(dir);
      const name = path.slice(path.lastIndexOf("/") + 1);
      const known = quadlets.get(key);
      if (known) {
        const names = namedSets.get(known);
        if (known.named && names && !names.has(name)) {
          names.add(name);
          known.named.push(name);
        }
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      let entries: DirectoryEntry[];
      try {
        entries = listDirectorySync(dir);
      } catch (e) {
        problem(dir, cannotReadMessage(dir, e));
        continue;
      }
      const target: QuadletTarget = {
        kind: "quadlet",
        dir,
        entries,
        named: [name],
      };
      quadlets.set(key, target);
      namedSets.set(target, new Set([name]));
      out.push(target);
    } else {
      problem(
        path,
        "not a .kat file, a quadlet directory or a .tar.gz/.tgz archive",
      );
    }
  }
  // Quadlets named by their files are final only now: a later path may have
  // named more of their files, or their directory.
  for (const target of namedSets.keys()) onQuadlet(target);
  return out;
}

/** What a `.kat` path that leads to a directory is, in words. */
function directoryMessage(path: string): string {
  let link = false;
  try {
    link = Deno.lstatSync(path).isSymlink;
  } catch {
    // Gone since it was looked at: it was a directory.
  }
  return link
    ? "a symbolic link to a directory, not a file"
    : "a directory, not a file";
}

/**
 * The `.kat` files a quadlet target reports on: those named, or every `.kat`
 * entry of its directory.
 *
 * @example
 * ```ts
 * import { reportedFiles } from "./targets.ts";
 * console.log(reportedFiles({
 *   kind: "quadlet",
 *   dir: "app",
 *   entries: [{ name: "a.kat", isFile: true, isDirectory: false, isSymlink: false }],
 * })); // ["app/a.kat"]
 * ```
 */
export function reportedFiles(target: QuadletTarget): string[] {
  const named = target.named ? new Set(target.named) : undefined;
  return target.entries
    .filter((e) => named ? named.has(e.name) : e.name.endsWith(".kat"))
    .map((e) => join(target.dir, e.name));
}
