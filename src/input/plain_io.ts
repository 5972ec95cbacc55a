/**
 * Failures of the file system and of streams, said in plain words: no
 * runtime wording ("run again with the --allow-all flag") and no raw
 * `(os error N)` reaches a user.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { isNotUtf8Path, NOT_UTF8_NAME } from "./utf8_names.ts";

/** Plain words for the POSIX error codes a file or stream operation gives. */
const BY_CODE: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EIO: "input/output error",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EBADF: "the stream is closed",
  EEXIST: "file exists",
  EFBIG: "file too large",
  ENXIO: "no such device or address",
  ENODEV: "no such device",
  ETXTBSY: "text file busy",
  EINVAL: "invalid argument",
  EPIPE: "the reader went away",
};

/**
 * Whether `e` is an error of the file system or a stream (not found, denied,
 * a dangling link, a full disk, a closed stream, …) rather than a bug.
 *
 * @example
 * ```ts
 * import { isIoError } from "./plain_io.ts";
 * const e = await Deno.readFile("does-not-exist").catch((e) => e);
 * console.log(isIoError(e), isIoError(new TypeError("x"))); // true false
 * ```
 */
export function isIoError(e: unknown): e is Error {
  if (!(e instanceof Error)) return false;
  if (
    "code" in e && typeof e.code === "string" && /^E[A-Z0-9]+$/.test(e.code)
  ) {
    return true;
  }
  return Object.values(Deno.errors).some((cls) => e instanceof cls);
}

/**
 * What went wrong, in plain lower-case words without the runtime's wording:
 * `no such file or directory`, `no space left on device`, …; access the
 * program was not granted is `no read permission (Deno's --allow-read)` (or
 * write); an operation the runtime does not allow at all (a device such as
 * `/dev/full` needs more than file access) is `not allowed on a device or
 * special file`.
 *
 * @example
 * ```ts
 * import { plainIoMessage } from "./plain_io.ts";
 * const e = await Deno.stat("nope").catch((e) => e);
 * console.log(plainIoMessage(e)); // "no such file or directory"
 * ```
 */
export function plainIoMessage(e: unknown): string {
  if (e instanceof Deno.errors.NotCapable) {
    // "Requires read access to …": a permission the program was not given.
    const access = /^Requires (read|write) access/.exec(e.message)?.[1];
    if (access) return `no ${access} permission (Deno's --allow-${access})`;
    return "not allowed on a device or special file";
  }
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (e instanceof Deno.errors.NotFound) return BY_CODE.ENOENT;
  if (e instanceof Deno.errors.IsADirectory) return BY_CODE.EISDIR;
  if (e instanceof Deno.errors.NotADirectory) return BY_CODE.ENOTDIR;
  if (e instanceof Deno.errors.BadResource) return BY_CODE.EBADF;
  const code = e instanceof Error && "code" in e ? String(e.code) : "";
  if (Object.hasOwn(BY_CODE, code)) return BY_CODE[code];
  const message = e instanceof Error ? e.message : String(e);
  // "Some failure (os error 5): open 'x'" → "some failure"
  const plain = message.replace(/ \(os error \d+\)/g, "").replace(/:.*$/s, "")
    .trim();
  return plain ? plain[0].toLowerCase() + plain.slice(1) : "input/output error";
}

/**
 * Why `path` cannot be read, from the error that said so: a name that is not
 * valid UTF-8 reaches the program with U+FFFD in place of its bad bytes, so
 * the file system cannot find it by that name; when its directory does list
 * such a name ({@link isNotUtf8Path}), that is said, rather than "no such
 * file or directory". Anything else is `cannot read:` and
 * {@link plainIoMessage} (a valid name holding U+FFFD may just be missing),
 * but for a symbolic link whose target does not exist: `a symbolic link to
 * nothing ("target")`.
 *
 * @example
 * ```ts
 * import { cannotReadMessage } from "./plain_io.ts";
 * const e = await Deno.stat("missing\uFFFD").catch((e) => e);
 * console.log(cannotReadMessage("missing\uFFFD", e));
 * // "cannot read: no such file or directory"
 * ```
 */
export function cannotReadMessage(path: string, e: unknown): string {
  if (e instanceof Deno.errors.NotFound && isNotUtf8Path(path)) {
    return NOT_UTF8_NAME;
  }
  if (e instanceof Deno.errors.NotFound) {
    const target = danglingLinkTarget(path);
    if (target !== undefined) {
      return `a symbolic link to nothing (${quote(target)})`;
    }
  }
  return `cannot read: ${plainIoMessage(e)}`;
}

/** What the link at `path` points to, if it is a link; else undefined. */
function danglingLinkTarget(path: string): string | undefined {
  try {
    if (!Deno.lstatSync(path).isSymlink) return undefined;
    return Deno.readLinkSync(path);
  } catch {
    return undefined;
  }
}
