/**
 * The 512-byte tar header: checksum, numeric fields and name, read the way
 * GNU tar reads them, and refused wherever Python's `tarfile` would read the
 * same bytes differently.
 *
 * Layout (POSIX ustar; GNU and pax use the same fields):
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 100 | name |
 * | 100 | 8 | mode |
 * | 108 | 8 | uid |
 * | 116 | 8 | gid |
 * | 124 | 12 | size |
 * | 136 | 12 | mtime |
 * | 148 | 8 | checksum |
 * | 156 | 1 | typeflag |
 * | 157 | 100 | linkname |
 * | 257 | 6 | magic (`ustar\0` for POSIX, `ustar ` + ` \0` for GNU) |
 * | 263 | 2 | version |
 * | 265 | 32 | uname |
 * | 297 | 32 | gname |
 * | 329 | 8 | devmajor |
 * | 337 | 8 | devminor |
 * | 345 | 155 | prefix (POSIX only; GNU keeps other fields here) |
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";
import { quote } from "../diagnostics/quote.ts";

/** Size of a tar block. */
export const BLOCK = 512;

/** What a header says, before metadata headers are applied. */
export interface TarHeader {
  /** The typeflag, one character (`"\0"` for NUL). */
  type: string;
  /** The name: `prefix/name` for POSIX headers with a prefix, else `name`. */
  name: string;
  /** The size field. */
  size: number;
  /**
   * The typeflag is NUL and the name field itself (without the prefix) ends
   * in `/`: the old way of writing a directory. Python's `tarfile` decides
   * from this field that the entry is a directory before it applies a GNU
   * long name or a pax `path`; GNU tar decides from the name it ends up with.
   */
  slashNamed: boolean;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a numeric field: octal digits, optionally after spaces and followed
 * by NULs or spaces; a field of only NULs is 0; with `base256`, a first byte
 * of 0x80 (positive) or 0xff (negative, two's complement) makes the rest a
 * big-endian binary number. Returns NaN for anything else: GNU tar and
 * Python's `tarfile` disagree on every other form (a leading NUL, a sign,
 * characters after the digits, blanks only). Values past 2^53 come back as
 * ±Infinity.
 */
export function numericField(
  b: Uint8Array,
  at: number,
  length: number,
  base256: boolean,
): number {
  const end = at + length;
  const first = b[at];
  if (first === 0) {
    for (let i = at + 1; i < end; i++) if (b[i] !== 0) return NaN;
    return 0;
  }
  if (first === 0x80 || first === 0xff) {
    if (!base256) return NaN;
    let value = 0n;
    for (let i = at + 1; i < end; i++) value = (value << 8n) | BigInt(b[i]);
    if (first === 0xff) value -= 1n << BigInt(8 * (length - 1));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Infinity;
    if (value < BigInt(Number.MIN_SAFE_INTEGER)) return -Infinity;
    return Number(value);
  }
  let i = at;
  while (i < end && b[i] === 0x20) i++;
  let digits = 0;
  let value = 0;
  for (; i < end; i++, digits++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 7) break;
    value = value * 8 + d;
  }
  if (digits === 0) return NaN;
  for (; i < end; i++) if (b[i] !== 0 && b[i] !== 0x20) return NaN;
  return value;
}

/** The text of a NUL-terminated field, or undefined when it is not UTF-8. */
function textField(
  b: Uint8Array,
  at: number,
  length: number,
): string | undefined {
  let end = at;
  const limit = at + length;
  let ascii = true;
  while (end < limit && b[end] !== 0) {
    if (b[end] >= 0x80) ascii = false;
    end++;
  }
  // ASCII names are the common case; skip the decoder.
  if (ascii) {
    return String.fromCharCode.apply(
      null,
      b.subarray(at, end) as unknown as number[],
    );
  }
  try {
    return UTF8.decode(b.subarray(at, end));
  } catch {
    return undefined;
  }
}

/** How Python's `tarfile` names a header's type in its lists of GNU types. */
const GNU_TYPES = "LKS";

function invalid(name: string, what: string): ArchiveError {
  return new ArchiveError(
    "invalid_header",
    `entry ${quote(name)}: its tar header has ${what}`,
    name,
  );
}

/**
 * The sum of a block's bytes, the checksum field counted as spaces: the
 * unsigned sum, or with `signed` the historic one that counts bytes from
 * 0x80 up as negative. Words are summed two bytes at a time.
 */
function checksum(
  block: Uint8Array,
  words: Uint32Array,
  signed: boolean,
): number {
  let sum = 0;
  if (signed) {
    for (let i = 0; i < BLOCK; i++) {
      sum += block[i] < 0x80 ? block[i] : block[i] - 256;
    }
    for (let i = 148; i < 156; i++) {
      sum -= block[i] < 0x80 ? block[i] : block[i] - 256;
    }
  } else {
    let lanes = 0;
    for (let i = 0; i < BLOCK / 4; i++) {
      const w = words[i];
      lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
    }
    sum = (lanes & 0xffff) + (lanes >>> 16);
    for (let i = 148; i < 156; i++) sum -= block[i];
  }
  return sum + 8 * 0x20;
}

/**
 * Decodes a header block (512 bytes at offset 0 of `block`, with `words` a
 * 32-bit view of the same bytes; `offset` is where it lies in the tar data,
 * for messages), or returns undefined for a zero block (the end-of-archive
 * marker). Checks the checksum (the unsigned sum, or the
 * historic signed one) and every numeric field, as both GNU tar and Python's
 * `tarfile` parse them all.
 *
 * @throws {ArchiveError} `corrupt` for a checksum that does not match,
 * `invalid_header` for a field the two tools would read differently.
 *
 * @example
 * ```ts
 * import { decodeHeader } from "./tar_header.ts";
 * const h = new Uint8Array(512);
 * const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
 * put("a.kat", 0); put("0000644\0", 100); put("00000000003\0", 124); put("0", 156); put("ustar\x0000", 257);
 * put("        ", 148);
 * put(h.reduce((a, b) => a + b, 0).toString(8).padStart(6, "0") + "\0 ", 148);
 * console.log(decodeHeader(h, new Uint32Array(h.buffer)));
 * // { type: "0", name: "a.kat", size: 3, slashNamed: false }
 * ```
 */
export function decodeHeader(
  block: Uint8Array,
  words: Uint32Array,
  offset = 0,
): TarHeader | undefined {
  const b = block;
  let zero = true;
  for (let i = 0; i < BLOCK / 4; i++) {
    if (words[i] !== 0) {
      zero = false;
      break;
    }
  }
  if (zero) return undefined;
  const recorded = numericField(b, 148, 8, false);
  if (
    recorded !== checksum(b, words, false) &&
    recorded !== checksum(b, words, true)
  ) {
    throw new ArchiveError(
      "corrupt",
      `the archive is corrupt: the tar header at byte ${offset} of the tar data fails its checksum`,
    );
  }
  const type = String.fromCharCode(b[156]);
  const posix = b[257] === 0x75 && b[258] === 0x73 &&
    b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72 &&
    b[262] === 0;
  let name = textField(b, 0, 100);
  const slashNamed = b[156] === 0 && name !== undefined &&
    name.endsWith("/");
  const prefix = b[345] === 0 ? "" : textField(b, 345, 155);
  if (name === undefined || prefix === undefined) {
    throw new ArchiveError(
      "invalid_path",
      "an entry's name is not valid UTF-8",
    );
  }
  if (prefix !== "" && !GNU_TYPES.includes(type)) {
    // GNU tar reads the prefix only in POSIX headers; Python's tarfile in
    // every header. Where they differ, refuse.
    if (!posix) {
      throw invalid(
        name,
        "a prefix field outside a POSIX ustar header",
      );
    }
    name = `${prefix}/${name}`;
  }
  const shown = name;
  const size = numericField(b, 124, 12, true);
  if (!(size >= 0)) throw invalid(shown, "an invalid size");
  const mtime = numericField(b, 136, 12, true);
  if (!Number.isFinite(mtime)) {
    throw invalid(shown, "an invalid modification time");
  }
  const mode = numericField(b, 100, 8, true);
  if (!(mode >= 0)) throw invalid(shown, "an invalid mode");
  const uid = numericField(b, 108, 8, true);
  if (!(uid >= 0 && uid <= 0xffffffff)) {
    throw invalid(shown, "an invalid user id");
  }
  const gid = numericField(b, 116, 8, true);
  if (!(gid >= 0 && gid <= 0xffffffff)) {
    throw invalid(shown, "an invalid group id");
  }
  if (
    Number.isNaN(numericField(b, 329, 8, true)) ||
    Number.isNaN(numericField(b, 337, 8, true))
  ) {
    throw invalid(shown, "an invalid device number");
  }
  return { type, name, size, slashNamed };
}
