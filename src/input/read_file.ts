/**
 * Reading one local file with a bound: decided from `lstat`/`stat` before
 * anything is opened (opening a FIFO blocks, a device never ends), and read
 * up to the limit plus one byte whatever `stat` says about its size.
 *
 * @module
 */
import { cannotReadMessage, plainIoMessage } from "./plain_io.ts";
import { DEFAULT_LIMITS } from "../archive/limits.ts";
import { sizeText } from "../archive/size_text.ts";
import { type Diagnostic, fileDiagnostic } from "../diagnostics/diagnostic.ts";

/** Options of {@link readLocalFile}. */
export interface ReadLocalFileOptions {
  /**
   * Most bytes read; a larger file is refused.
   * @default {1048576} (1 MiB, the per-file limit of archives)
   */
  maxBytes?: number;
  /**
   * A directory (its real path) that a symbolic link, once resolved, must
   * lead into. The directories of the path itself are not looked at: for a
   * directory's own entries, name them through that directory. Default:
   * anywhere.
   */
  within?: string | (() => string);
}

/** Which file a path led to, to tell whether two paths are the same file. */
export interface FileIdentity {
  /** The device. */
  dev: number;
  /** The inode. */
  ino: number;
}

/** Why a file was not read. */
export type UnreadableReason =
  | "missing"
  | "directory"
  | "special"
  | "outside"
  | "too_large"
  | "io";

/** A file read, or why not. */
export type LocalFile =
  | { ok: true; bytes: Uint8Array; identity: FileIdentity }
  | { ok: false; reason: UnreadableReason; message: string };

/** What a file system entry is, when it is not a regular file. */
function describeSpecial(info: Deno.FileInfo): string {
  if (info.isFifo) return "a FIFO";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "not a regular file";
}

function ioMessage(e: unknown): string {
  return `cannot read: ${plainIoMessage(e)}`;
}

/**
 * Reads a local file, following symbolic links, with a bound. Only a regular
 * file is opened; a FIFO, device or socket is refused from `stat` alone, and
 * so is a file whose real path leaves `within`. At most `maxBytes` + 1 bytes
 * are read: `stat`'s size is not trusted (files grow, `/proc` lies). The
 * calls are synchronous: the quadlet checker reads many small files in
 * workers that have nothing else to do meanwhile.
 *
 * @example
 * ```ts
 * import { readLocalFileSync } from "./read_file.ts";
 * const file = readLocalFileSync("/dev/zero");
 * console.log(file.ok ? "read" : file.message); // "a character device; only regular files are read"
 * ```
 */
export function readLocalFileSync(
  path: string,
  options: ReadLocalFileOptions = {},
): LocalFile {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxFileBytes;
  let target = path;
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
    // A link is followed, and must stay within; the directories of the path
    // itself are the caller's (a quadlet directory names its own entries).
    if (info.isSymlink) {
      target = Deno.realPathSync(path);
      info = Deno.statSync(target);
      // What it leads to is said first: `self.kat -> .` is a link to a
      // directory, wherever that is.
      if (info.isDirectory) {
        return {
          ok: false,
          reason: "directory",
          message: "a symbolic link to a directory, not a file",
        };
      }
      const within = typeof options.within === "function"
        ? options.within()
        : options.within;
      if (
        within !== undefined && !target.startsWith(within.replace(/\/?$/, "/"))
      ) {
        return {
          ok: false,
          reason: "outside",
          message:
            "a symbolic link that leads out of the directory; it is not read",
        };
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return {
        ok: false,
        reason: "missing",
        message: cannotReadMessage(path, e),
      };
    }
    return { ok: false, reason: "io", message: ioMessage(e) };
  }
  if (info.isDirectory) {
    return {
      ok: false,
      reason: "directory",
      message: "a directory, not a file",
    };
  }
  if (!info.isFile) {
    return {
      ok: false,
      reason: "special",
      message: `${describeSpecial(info)}; only regular files are read`,
    };
  }
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(target, { read: true });
  } catch (e) {
    return { ok: false, reason: "io", message: ioMessage(e) };
  }
  try {
    // The file may have been swapped since it was looked at.
    const opened = file.statSync();
    if (!opened.isFile || opened.dev !== info.dev || opened.ino !== info.ino) {
      return {
        ok: false,
        reason: "io",
        message: "cannot read: the file changed while it was being opened",
      };
    }
    // The size `stat` gives only sizes the first buffer: the file is read
    // to its end, and one byte past the limit is enough to refuse it.
    let buffer = new Uint8Array(Math.min(opened.size + 1, maxBytes + 1));
    let size = 0;
    for (;;) {
      if (size === buffer.length) {
        if (size > maxBytes) break;
        const grown = new Uint8Array(Math.min(2 * size + 1, maxBytes + 1));
        grown.set(buffer);
        buffer = grown;
      }
      const n = file.readSync(buffer.subarray(size));
      if (n === null) break;
      size += n;
      // A regular file's read stops short only at its end: a first read
      // that gave exactly the size `stat` gave, less than asked, ended it.
      if (size === opened.size && size === n && size < buffer.length) break;
    }
    if (size > maxBytes) {
      return {
        ok: false,
        reason: "too_large",
        message: `the file is larger than ${
          sizeText(maxBytes)
        }, the limit for one file`,
      };
    }
    const bytes = buffer.subarray(0, size);
    return {
      ok: true,
      bytes,
      identity: { dev: opened.dev, ino: opened.ino ?? 0 },
    };
  } catch (e) {
    return { ok: false, reason: "io", message: ioMessage(e) };
  } finally {
    file.close();
  }
}

/**
 * {@link readLocalFileSync}, as a promise.
 *
 * @example
 * ```ts
 * import { readLocalFile } from "./read_file.ts";
 * const file = await readLocalFile("/dev/zero");
 * console.log(file.ok ? "read" : file.message); // "a character device; only regular files are read"
 * ```
 */
export function readLocalFile(
  path: string,
  options: ReadLocalFileOptions = {},
): Promise<LocalFile> {
  return Promise.resolve(readLocalFileSync(path, options));
}

/** Text of a file read, or the diagnostic that says why there is none. */
export type LocalText =
  | { ok: true; text: string }
  | { ok: false; diagnostic: Diagnostic };

/**
 * Reads a local file as UTF-8 text through {@link readLocalFile}: a file that
 * cannot or must not be read is an `unreadable` diagnostic, bytes that are not
 * UTF-8 an `encoding` one (never replaced by U+FFFD). A byte-order mark is
 * dropped.
 *
 * @example
 * ```ts
 * import { readLocalText } from "./read_file.ts";
 * const r = await readLocalText("no-such-file.kat");
 * console.log(r.ok ? r.text : r.diagnostic.code); // "unreadable"
 * ```
 */
export async function readLocalText(
  path: string,
  options: ReadLocalFileOptions = {},
): Promise<LocalText> {
  const file = await readLocalFile(path, options);
  if (!file.ok) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(path, "unreadable", file.message),
    };
  }
  try {
    return {
      ok: true,
      text: new TextDecoder("utf-8", { fatal: true }).decode(file.bytes),
    };
  } catch {
    return {
      ok: false,
      diagnostic: fileDiagnostic(
        path,
        "encoding",
        "the file is not valid UTF-8 text",
      ),
    };
  }
}
