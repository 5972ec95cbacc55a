/**
 * pax extended headers (`x` for the next entry, `g` for all that follow):
 * strict records and the keywords we read.
 *
 * A record is `LEN KEYWORD=VALUE\n`, where LEN counts the whole record in
 * decimal. GNU tar and Python's `tarfile` part ways on almost every
 * malformation (Python skips what it cannot match and reads on from another
 * place; GNU tar reports an error and goes on), so any deviation is refused.
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";
import { quote } from "../diagnostics/quote.ts";

/** What an `x` header says about the entry after it. */
export interface PaxOverrides {
  /** The `path` record. */
  path?: string;
  /** The `size` record. */
  size?: number;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

const DIGITS = /^[0-9]+$/;
const TIME = /^-?[0-9]{1,18}(\.[0-9]{1,32})?$/;

/**
 * Keywords that change what is extracted in ways we do not read: link
 * targets, sparse maps, multi-volume offsets, incremental dumps.
 */
function unsupported(keyword: string): boolean {
  return keyword === "linkpath" || keyword.startsWith("GNU.sparse.") ||
    keyword.startsWith("GNU.volume.") || keyword === "GNU.dumpdir" ||
    keyword === "SCHILY.realsize" || keyword === "SCHILY.filetype";
}

function malformed(label: string, what: string): ArchiveError {
  return new ArchiveError("invalid_pax", `the ${label} has ${what}`);
}

/**
 * Parses the records of a pax header and checks them; `global` for a `g`
 * header, whose records apply to every later entry. `label` names the header
 * in messages. Returns the `path` and `size` of an `x`
 * header; a `g` header may not set either.
 *
 * Read: `path` (UTF-8, no NUL), `size` (decimal digits). Checked and
 * otherwise ignored: `mtime`, `atime`, `ctime` (decimal, optional sign and
 * fraction), `uid`, `gid` (decimal, 32 bits). Refused: link targets, sparse
 * maps and volume records. Every other keyword (owner names, comments,
 * extended attributes) changes nothing that is extracted and is ignored.
 *
 * @throws {ArchiveError} `invalid_pax` or `unsupported_pax`.
 *
 * @example
 * ```ts
 * import { parsePax } from "./pax.ts";
 * const data = new TextEncoder().encode("16 path=app.kat\n12 size=42\n");
 * console.log(parsePax(data, false, "pax header")); // { path: "app.kat", size: 42 }
 * ```
 */
export function parsePax(
  data: Uint8Array,
  global: boolean,
  label: string,
): PaxOverrides {
  const out: PaxOverrides = {};
  const seen = new Set<string>();
  let pos = 0;
  while (pos < data.length) {
    let len = 0;
    let i = pos;
    while (
      i < data.length && data[i] >= 0x30 && data[i] <= 0x39 && i - pos < 8
    ) {
      len = len * 10 + data[i] - 0x30;
      i++;
    }
    if (i === pos) throw malformed(label, "a record without a length");
    if (data[i] !== 0x20) {
      throw malformed(
        label,
        "a record whose length is not followed by a space",
      );
    }
    const end = pos + len;
    if (len < 5 || end > data.length) {
      throw malformed(label, `a record length (${len}) that does not fit`);
    }
    if (data[end - 1] !== 0x0a) {
      throw malformed(label, "a record that does not end in a newline");
    }
    const keyStart = i + 1;
    let eq = keyStart;
    while (eq < end - 1 && data[eq] !== 0x3d) eq++;
    if (eq >= end - 1) throw malformed(label, "a record without '='");
    let keyword: string;
    let value: string;
    try {
      keyword = UTF8.decode(data.subarray(keyStart, eq));
      value = UTF8.decode(data.subarray(eq + 1, end - 1));
    } catch {
      throw malformed(label, "a record that is not UTF-8");
    }
    // deno-lint-ignore no-control-regex -- control characters are the point
    if (keyword === "" || /[\u0000-\u0020\u007f]/.test(keyword)) {
      throw malformed(label, `the keyword ${quote(keyword)}`);
    }
    if (value.includes("\0")) {
      throw malformed(label, `a NUL character in ${keyword}`);
    }
    if (seen.has(keyword)) {
      throw malformed(label, `${keyword} twice`);
    }
    seen.add(keyword);
    if (
      unsupported(keyword) ||
      (global && (keyword === "path" || keyword === "size"))
    ) {
      throw new ArchiveError(
        "unsupported_pax",
        `the ${label} sets ${quote(keyword)}, which is not supported${
          global && (keyword === "path" || keyword === "size")
            ? " in a global header"
            : ""
        }`,
      );
    }
    switch (keyword) {
      case "path":
        if (value === "") throw malformed(label, "an empty path");
        out.path = value;
        break;
      case "size":
        if (!DIGITS.test(value) || value.length > 15) {
          throw malformed(
            label,
            `size ${quote(value)}, not a plain decimal number`,
          );
        }
        out.size = Number(value);
        break;
      case "uid":
      case "gid":
        if (
          !DIGITS.test(value) || value.length > 10 || Number(value) > 0xffffffff
        ) {
          throw malformed(
            label,
            `${keyword} ${quote(value)}, not a plain decimal number`,
          );
        }
        break;
      case "mtime":
      case "atime":
      case "ctime":
        if (!TIME.test(value)) {
          throw malformed(
            label,
            `${keyword} ${quote(value)}, not a plain decimal number`,
          );
        }
        break;
    }
    pos = end;
  }
  return out;
}
