/**
 * Walking a tree for quadlets: every directory that holds `.kat` entries, in
 * the order of their names, as `katcall validate DIR` finds them.
 *
 * @module
 */
import { type Diagnostic, fileDiagnostic } from "../diagnostics/diagnostic.ts";
import { cannotReadMessage } from "./plain_io.ts";
import { NOT_UTF8_NAME, notUtf8Entries } from "./utf8_names.ts";
import { join } from "./paths.ts";

/**
 * One entry of a directory, as its listing gives it.
 *
 * @example
 * ```ts
 * import type { DirectoryEntry } from "@kat/toolkit";
 * const entry: DirectoryEntry = {
 *   name: "workload.kat",
 *   isFile: true,
 *   isDirectory: false,
 *   isSymlink: false,
 * };
 * ```
 */
export interface DirectoryEntry {
  /** The file name. */
  name: string;
  /** A regular file (not through a link). */
  isFile: boolean;
  /** A directory (not through a link). */
  isDirectory: boolean;
  /** A symbolic link. */
  isSymlink: boolean;
  /**
   * The name is not valid UTF-8: `name` shows its bad bytes as U+FFFD, and
   * the entry cannot be opened by it (another entry may have that name).
   * @default {false}
   */
  notUtf8?: boolean;
}

const byName = (a: DirectoryEntry, b: DirectoryEntry) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The entries of a directory, sorted by name. An entry whose name is not
 * valid UTF-8 is kept, marked `notUtf8` (never merged with an entry whose
 * real name it shows as). Throws what listing throws.
 *
 * @example
 * ```ts
 * import { listDirectorySync } from "./walk.ts";
 * console.log(listDirectorySync("examples/git-app").map((e) => e.name));
 * // ["BuildDefinition.kat", "VirtualLoadBalancer.kat", "workload.kat"]
 * ```
 */
export function listDirectorySync(dir: string): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  for (const e of Deno.readDirSync(dir)) {
    entries.push({
      name: e.name,
      isFile: e.isFile,
      isDirectory: e.isDirectory,
      isSymlink: e.isSymlink,
    });
  }
  for (const i of notUtf8Entries(dir, entries)) entries[i].notUtf8 = true;
  return entries.sort(byName);
}

/**
 * Options of {@link walkQuadletDirectories}.
 *
 * @example
 * ```ts
 * import type { WalkOptions } from "@kat/toolkit";
 * const options: WalkOptions = { enter: (name) => name !== "vendor" };
 * ```
 */
export interface WalkOptions {
  /**
   * Whether to enter a subdirectory, by its name. Links to directories and
   * directories named like `.kat` files are never entered.
   * @default {(name) => !name.startsWith(".") && name !== "node_modules"}
   */
  enter?: (name: string) => boolean;
}

/**
 * What a walk meets: a directory holding `.kat` entries, with its listing
 * (to check as one quadlet, a `ClusterConfiguration` in it standing alone),
 * or a directory that cannot be listed, with the diagnostic that says why.
 *
 * @example
 * ```ts
 * import type { WalkStep } from "@kat/toolkit";
 * const step: WalkStep = { kind: "quadlet", dir: "app", entries: [] };
 * ```
 */
export type WalkStep =
  | { kind: "quadlet"; dir: string; entries: DirectoryEntry[] }
  | { kind: "unreadable"; dir: string; diagnostic: Diagnostic };

const defaultEnter = (name: string) =>
  !name.startsWith(".") && name !== "node_modules";

/**
 * Walks the tree under `root`, depth first in the order of names, and yields
 * every directory that holds an entry whose name ends in `.kat` (whatever
 * that entry is: a file, a link, or a directory that a check will refuse),
 * and every directory that cannot be listed (a name that is not valid UTF-8
 * is said to be one). Hidden directories, `node_modules`, links to
 * directories and `.kat`-named directories are not entered. Each directory
 * is listed once, synchronously; the walk never throws for what it meets.
 *
 * @param root The directory to walk; it is yielded too, if it holds `.kat`
 * entries.
 * @param options `enter`: which subdirectories to enter, by name (default:
 * not hidden ones, nor `node_modules`).
 * @returns A generator of the directories met, each listed once.
 *
 * @example
 * ```ts
 * import { loadQuadlet, walkQuadletDirectories } from "@kat/toolkit";
 * for (const step of walkQuadletDirectories("examples")) {
 *   if (step.kind === "quadlet" && step.dir !== "examples") {
 *     console.log(step.dir, (await loadQuadlet(step.dir)).valid);
 *   }
 * }
 * // examples/git-app true, then the other three quadlets
 * ```
 */
export function* walkQuadletDirectories(
  root: string,
  options?: WalkOptions,
): Generator<WalkStep, void, undefined> {
  const enter = options?.enter ?? defaultEnter;
  const stack: { dir: string; notUtf8?: boolean }[] = [{ dir: root }];
  while (stack.length > 0) {
    const { dir, notUtf8 } = stack.pop()!;
    if (notUtf8) {
      yield {
        kind: "unreadable",
        dir,
        diagnostic: fileDiagnostic(dir, "unreadable", NOT_UTF8_NAME),
      };
      continue;
    }
    let entries: DirectoryEntry[];
    try {
      entries = listDirectorySync(dir);
    } catch (e) {
      yield {
        kind: "unreadable",
        dir,
        diagnostic: fileDiagnostic(
          dir,
          "unreadable",
          cannotReadMessage(dir, e),
        ),
      };
      continue;
    }
    if (entries.some((e) => e.name.endsWith(".kat"))) {
      yield { kind: "quadlet", dir, entries };
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e.isDirectory && !e.name.endsWith(".kat") && enter(e.name)) {
        stack.push({ dir: join(dir, e.name), notUtf8: e.notUtf8 });
      }
    }
  }
}
