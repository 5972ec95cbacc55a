/**
 * A push parser for tar streams: fed decompressed chunks in order, it keeps
 * the regular files and directories, and refuses everything GNU tar and
 * Python's `tarfile` (filter `data`) would not extract the same way. Every
 * limit is checked from a header, before its body is read.
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";
import { normaliseEntryPath } from "./entry_path.ts";
import { MAX_METADATA_BYTES, type ResolvedLimits } from "./limits.ts";
import { parsePax } from "./pax.ts";
import { sizeText } from "./size_text.ts";
import { BLOCK, decodeHeader } from "./tar_header.ts";
import { quote } from "../diagnostics/quote.ts";

/** The files and directories of a tar stream, by normalised path. */
export interface TarTree {
  /** Path to contents of every regular file, in archive order. */
  files: Map<string, Uint8Array>;
  /** Every directory entry's path (the root `./` left out). */
  directories: string[];
}

const KIND_OF_TYPE: Readonly<Record<string, string>> = {
  "1": "a hard link",
  "2": "a symbolic link",
  "3": "a character device",
  "4": "a block device",
  "6": "a FIFO",
  "S": "a GNU sparse file",
  "M": "a GNU multi-volume continuation",
  "V": "a GNU volume label",
  "K": "a GNU long link name (K)",
  "X": "a Solaris extended header (X)",
  "D": "a GNU directory dump",
  "N": "a GNU old-style long name (N)",
};

const METADATA_KIND: Readonly<Record<string, string>> = {
  x: "pax extended header (x)",
  g: "pax global header (g)",
  L: "GNU long name (L)",
};

const EMPTY = new Uint8Array(0);

/**
 * Contents split across chunks are gathered into slabs of this size (files
 * above an eighth of it get their own), which saves an allocation per file.
 */
const SLAB = 256 * 1024;

/** What a path is known as. */
const FILE = 1;
const DIRECTORY = 2;
/** A directory no entry names, implied by a path inside it. */
const IMPLIED = 3;

const enum State {
  Header,
  Body,
  Metadata,
  Skip,
  /** After the first zero block: only zeros may follow. */
  Zeros,
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** `length` bytes of `b` from `at`: `subarray`, without its cost. */
function view(b: Uint8Array, at: number, length: number): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset + at, length);
}

function misplaced(what: string): ArchiveError {
  return new ArchiveError("misplaced_metadata", what);
}

/**
 * Reads a tar stream pushed in chunks of any size. A file's contents are a
 * view into the chunk that holds them whole, so chunks must not be changed
 * after they are pushed.
 *
 * @example
 * ```ts
 * import { TarReader } from "./tar_reader.ts";
 * import { DEFAULT_LIMITS } from "./limits.ts";
 * const reader = new TarReader(DEFAULT_LIMITS);
 * reader.push(new Uint8Array(1024)); // an empty archive: two zero blocks
 * console.log(reader.end().files.size); // 0
 * ```
 */
export class TarReader {
  readonly #limits: ResolvedLimits;
  #state = State.Header;
  /** The header being read, copied here whole. */
  readonly #head = new Uint8Array(BLOCK);
  readonly #headWords = new Uint32Array(this.#head.buffer);
  #headFill = 0;
  /** The file being read, and where its bytes go. */
  #body: Uint8Array = EMPTY;
  #bodyFill = 0;
  #bodyPath = "";
  /** Bytes to skip (block padding). */
  #skip = 0;
  /** A metadata header's data being read. */
  #meta: Uint8Array = EMPTY;
  #metaFill = 0;
  #metaType = "";
  #metaName = "";
  /** What the last metadata header says about the next entry. */
  #pendingType = "";
  #pendingPath: string | undefined;
  #pendingSize: number | undefined;
  /** A global header was just read: an entry or header must follow. */
  #afterGlobal = false;
  /** Zero bytes seen after the first zero block. */
  #zeros = 0;
  #slab: Uint8Array = EMPTY;
  #slabUsed = 0;
  #count = 0;
  #total = 0;
  /** Bytes pushed so far, and where the current chunk starts among them. */
  #pushed = 0;
  #chunkStart = 0;
  /** Directories, named or implied. */
  readonly #paths = new Map<string, number>();
  readonly #files = new Map<string, Uint8Array>();
  /**
   * Flat files not yet entered in #files, entered together at the end (or
   * when a directory shows up): a tight loop of insertions finds the map in
   * the cache, one insertion between every two headers does not, which made
   * it the largest cost on archives of many small files.
   */
  #flatPaths: string[] = [];
  #flatNames: string[] = [];
  #flatBodies: Uint8Array[] = [];
  readonly #directories: string[] = [];

  /** A reader enforcing `limits`. */
  constructor(limits: ResolvedLimits) {
    this.#limits = limits;
  }

  /**
   * Reads the next chunk of the stream.
   *
   * @throws {ArchiveError} at the first problem.
   */
  push(chunk: Uint8Array): void {
    let pos = 0;
    const length = chunk.length;
    this.#chunkStart = this.#pushed;
    this.#pushed += length;
    while (pos < length) {
      switch (this.#state) {
        case State.Header: {
          if (this.#headFill === 0 && length - pos >= BLOCK) {
            this.#head.set(view(chunk, pos, BLOCK));
            pos = this.#header(chunk, pos + BLOCK);
            break;
          }
          const n = Math.min(BLOCK - this.#headFill, length - pos);
          this.#head.set(chunk.subarray(pos, pos + n), this.#headFill);
          this.#headFill += n;
          pos += n;
          if (this.#headFill === BLOCK) {
            this.#headFill = 0;
            pos = this.#header(chunk, pos);
          }
          break;
        }
        case State.Body: {
          const n = Math.min(this.#body.length - this.#bodyFill, length - pos);
          this.#body.set(view(chunk, pos, n), this.#bodyFill);
          this.#bodyFill += n;
          pos += n;
          if (this.#bodyFill === this.#body.length) {
            this.#state = this.#skip > 0 ? State.Skip : State.Header;
          }
          break;
        }
        case State.Metadata: {
          const n = Math.min(this.#meta.length - this.#metaFill, length - pos);
          this.#meta.set(chunk.subarray(pos, pos + n), this.#metaFill);
          this.#metaFill += n;
          pos += n;
          if (this.#metaFill === this.#meta.length) {
            this.#metadata();
            this.#state = this.#skip > 0 ? State.Skip : State.Header;
          }
          break;
        }
        case State.Skip: {
          const n = Math.min(this.#skip, length - pos);
          this.#skip -= n;
          pos += n;
          if (this.#skip === 0) this.#state = State.Header;
          break;
        }
        case State.Zeros: {
          for (; pos < length; pos++) {
            if (chunk[pos] !== 0) {
              throw new ArchiveError(
                "trailing_data",
                this.#zeros < BLOCK
                  ? "the archive has a single zero block followed by more data; GNU tar reads on, Python's tarfile stops there"
                  : "the archive has data after its end-of-archive marker",
              );
            }
            this.#zeros++;
          }
          break;
        }
      }
    }
  }

  /**
   * Ends the stream and returns what it held.
   *
   * @throws {ArchiveError} when the stream stopped early.
   */
  end(): TarTree {
    if (this.#state === State.Zeros && this.#zeros >= BLOCK) {
      this.#flush();
      return { files: this.#files, directories: this.#directories };
    }
    if (this.#state === State.Header && this.#headFill === 0) {
      throw new ArchiveError(
        "truncated",
        "the archive is truncated: it ends without its end-of-archive marker (two zero blocks)",
      );
    }
    const where = this.#state === State.Body
      ? `inside entry ${quote(this.#bodyPath)}`
      : this.#state === State.Metadata
      ? `inside a ${METADATA_KIND[this.#metaType]}`
      : this.#state === State.Skip
      ? "inside the padding of its last block"
      : this.#state === State.Zeros
      ? "inside its end-of-archive marker"
      : "inside a tar header";
    throw new ArchiveError(
      "truncated",
      `the archive is truncated ${where}`,
      this.#state === State.Body ? this.#bodyPath : undefined,
    );
  }

  /**
   * Reads the header in `#head`; `b` is the chunk it came from and `after`
   * the position in `b` after it. Returns the position to read on from.
   */
  #header(b: Uint8Array, after: number): number {
    const header = decodeHeader(
      this.#head,
      this.#headWords,
      this.#chunkStart + after - BLOCK,
    );
    if (header === undefined) {
      if (this.#pendingType !== "") {
        throw misplaced(
          `the archive ends after a ${
            METADATA_KIND[this.#pendingType]
          } that describes no entry`,
        );
      }
      if (this.#afterGlobal) {
        throw misplaced(
          `the archive ends right after a ${METADATA_KIND.g}`,
        );
      }
      this.#state = State.Zeros;
      return after;
    }
    const type = header.type;
    if (type === "x" || type === "g" || type === "L") {
      if (this.#pendingType !== "") {
        throw misplaced(
          `a ${METADATA_KIND[type]} follows a ${
            METADATA_KIND[this.#pendingType]
          }, which must be followed directly by the entry it describes`,
        );
      }
      if (header.size > MAX_METADATA_BYTES) {
        throw new ArchiveError(
          "metadata_too_large",
          `the ${METADATA_KIND[type]} ${quote(header.name)} has ${
            Number.isFinite(header.size)
              ? `${header.size} bytes`
              : "a huge size"
          }; at most ${sizeText(MAX_METADATA_BYTES)} are allowed`,
          header.name,
        );
      }
      this.#meta = new Uint8Array(header.size);
      this.#metaFill = 0;
      this.#metaType = type;
      this.#metaName = header.name;
      this.#skip = (BLOCK - header.size % BLOCK) % BLOCK;
      if (header.size === 0) {
        this.#metadata();
        this.#state = State.Header;
      } else {
        this.#state = State.Metadata;
      }
      return after;
    }
    const name = this.#pendingPath ?? header.name;
    const size = this.#pendingSize ?? header.size;
    if (header.slashNamed && this.#pendingPath !== undefined) {
      // Python's tarfile has made it a directory from the header's own
      // name (and so also skips no contents); GNU tar reads the name that
      // replaces it, and extracts a file.
      throw new ArchiveError(
        "invalid_header",
        `entry ${
          quote(name)
        } has typeflag NUL and a tar header whose own name ${
          quote(header.name)
        } ends in "/", replaced by its ${
          METADATA_KIND[this.#pendingType]
        }: GNU tar extracts it as a file, Python's tarfile as a directory`,
        name,
      );
    }
    this.#pendingType = "";
    this.#pendingPath = undefined;
    this.#pendingSize = undefined;
    this.#afterGlobal = false;
    const limits = this.#limits;
    if (++this.#count > limits.maxEntries) {
      throw new ArchiveError(
        "too_many_entries",
        `the archive has more than ${limits.maxEntries} entries`,
        name,
      );
    }
    const file = type === "0" || type === "\0" || type === "7";
    if (!file && type !== "5") {
      const kind = KIND_OF_TYPE[type] ?? `of unknown type ${quote(type)}`;
      throw new ArchiveError(
        "unsupported_entry",
        `entry ${
          quote(name)
        } is ${kind}; only regular files and directories are allowed`,
        name,
      );
    }
    const path = normaliseEntryPath(name, file);
    if (!file) {
      if (size !== 0) {
        throw new ArchiveError(
          "invalid_header",
          `entry ${quote(name)} is a directory with ${size} bytes of contents`,
          name,
        );
      }
      if (path !== "") {
        this.#flush();
        this.#register(path, name, DIRECTORY);
        this.#directories.push(path);
      }
      return after;
    }
    if (size > limits.maxFileBytes) {
      throw new ArchiveError(
        "file_too_large",
        `entry ${quote(name)} has ${
          Number.isFinite(size) ? `${size} bytes` : "a huge size"
        }; at most ${sizeText(limits.maxFileBytes)} are allowed per file`,
        name,
      );
    }
    this.#total += size;
    if (this.#total > limits.maxTotalBytes) {
      throw new ArchiveError(
        "total_too_large",
        `the files of the archive add up to more than ${
          sizeText(limits.maxTotalBytes)
        }`,
        name,
      );
    }
    this.#skip = (BLOCK - size % BLOCK) % BLOCK;
    // A body within the chunk is a view of it (the decoder's chunks are
    // never reused), else it is gathered into room of its own.
    const whole = b.length - after >= size;
    const body = size === 0
      ? EMPTY
      : whole
      ? view(b, after, size)
      : this.#alloc(size);
    // Claimed now, so that a later entry of the same path is a duplicate even
    // while this one's body is still being read.
    this.#registerFile(path, name, body);
    if (whole) {
      if (this.#skip > 0) this.#state = State.Skip;
      return after + size;
    }
    this.#body = body;
    this.#bodyFill = 0;
    this.#bodyPath = path;
    this.#state = State.Body;
    return after;
  }

  /** Room for `size` bytes of a file's contents. */
  #alloc(size: number): Uint8Array {
    if (size > SLAB / 8) return new Uint8Array(size);
    if (this.#slabUsed + size > this.#slab.length) {
      this.#slab = new Uint8Array(SLAB);
      this.#slabUsed = 0;
    }
    const out = view(this.#slab, this.#slabUsed, size);
    this.#slabUsed += size;
    return out;
  }

  /** Applies a metadata header whose data is complete. */
  #metadata(): void {
    const data = this.#meta;
    this.#meta = EMPTY;
    const label = `${METADATA_KIND[this.#metaType]} ${quote(this.#metaName)}`;
    if (this.#metaType === "L") {
      const nul = data.indexOf(0);
      if (nul <= 0 || data.subarray(nul).some((x) => x !== 0)) {
        throw new ArchiveError(
          "invalid_header",
          `the ${label} does not hold one NUL-terminated name`,
        );
      }
      let name: string;
      try {
        name = UTF8.decode(data.subarray(0, nul));
      } catch {
        throw new ArchiveError(
          "invalid_path",
          `the ${label} holds a name that is not valid UTF-8`,
        );
      }
      this.#pendingType = "L";
      this.#pendingPath = name;
      return;
    }
    const global = this.#metaType === "g";
    const overrides = parsePax(data, global, label);
    if (global) {
      this.#afterGlobal = true;
      return;
    }
    this.#pendingType = "x";
    this.#pendingPath = overrides.path;
    this.#pendingSize = overrides.size;
  }

  /** Records a file and its contents (possibly still to be filled in). */
  #registerFile(path: string, name: string, body: Uint8Array): void {
    if (this.#paths.size === 0 && path.indexOf("/") < 0) {
      // The common case: a flat name and no directory so far.
      this.#flatPaths.push(path);
      this.#flatNames.push(name);
      this.#flatBodies.push(body);
      return;
    }
    this.#flush();
    this.#register(path, name, FILE);
    this.#files.set(path, body);
  }

  /** Enters the flat files read so far, refusing a name seen twice. */
  #flush(): void {
    const files = this.#files;
    const paths = this.#flatPaths;
    const bodies = this.#flatBodies;
    for (let i = 0; i < paths.length; i++) {
      const count = files.size;
      files.set(paths[i], bodies[i]);
      if (files.size === count) {
        const name = this.#flatNames[i];
        throw new ArchiveError(
          "duplicate_entry",
          `entry ${quote(name)} appears more than once`,
          name,
        );
      }
    }
    this.#flatPaths = [];
    this.#flatNames = [];
    this.#flatBodies = [];
  }

  /** Records a path, refusing one seen before or one that clashes with a file. */
  #register(path: string, name: string, kind: number): void {
    // Files are known by #files; directories, named or implied, here.
    const dirs = this.#paths;
    const known = this.#files.has(path) ? FILE : dirs.get(path);
    if (known !== undefined && !(kind === DIRECTORY && known === IMPLIED)) {
      throw new ArchiveError(
        "duplicate_entry",
        known === IMPLIED
          ? `entry ${quote(name)} is a file, but other entries lie inside it`
          : `entry ${quote(name)} appears more than once`,
        name,
      );
    }
    if (kind === DIRECTORY) dirs.set(path, DIRECTORY);
    for (
      let i = path.lastIndexOf("/");
      i > 0;
      i = path.lastIndexOf("/", i - 1)
    ) {
      const parent = path.slice(0, i);
      if (this.#files.has(parent)) {
        throw new ArchiveError(
          "duplicate_entry",
          `entry ${quote(name)} lies inside ${quote(parent)}, which is a file`,
          name,
        );
      }
      if (dirs.has(parent)) break;
      dirs.set(parent, IMPLIED);
    }
  }
}
