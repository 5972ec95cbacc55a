/**
 * Gzip streams of one or more members (RFC 1952), decompressed by the
 * platform's `DecompressionStream`, with exact member boundaries.
 *
 * The platform's decoder reads one member, checks its CRC-32 and size when it
 * is closed, and fails a write that carries bytes past the member's end,
 * losing that write's output. So each member gets a decoder of its own; when
 * a write overruns, the member's end is found among the positions in that
 * write whose preceding 4 bytes (the trailer's ISIZE) fit the output so far,
 * and confirmed by decoding the member again up to that position and closing
 * the decoder there, which also checks the CRC. That replay costs one more
 * decoding of the member, and happens only at member boundaries.
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";
import { sizeText } from "./size_text.ts";

/** Where compressed bytes come from. */
export interface ChunkSource {
  /** The next chunk, or undefined at the end. */
  next(): Promise<Uint8Array | undefined>;
  /** Stops reading; called once on failure. */
  cancel(): void;
}

/** Bounds of {@link gunzip}. */
export interface GunzipOptions {
  /** Most compressed bytes read, zero padding included. */
  maxCompressedBytes: number;
  /** Most gzip members. */
  maxMembers: number;
}

/**
 * Compressed bytes handed to a decoder at a time, at least and at most.
 * Deflate expands at most about 1032:1, so a slice of 1 KiB yields at most
 * about 1 MiB, and a limit after the decoder can stop a bomb before it costs
 * memory. Slices grow while the data expands little, to save calls.
 */
const MIN_SLICE = 1024;
const MAX_SLICE = 8 * 1024;
/** Output per write that slices are sized for. */
const TARGET_OUTPUT = 1024 * 1024;
/** The least bytes a gzip member has: 10 of header, 2 of deflate, 8 of trailer. */
const MIN_MEMBER = 20;

const OK = 0;
const OVERRUN = 1;
type WriteResult = typeof OK | typeof OVERRUN | Error;

/** The platform decoder's failure when a write carries bytes past the member's end. */
function isOverrun(e: unknown): boolean {
  return e instanceof TypeError && /write whole buffer/.test(e.message);
}

/** One member's decoder: writes in order, output to a callback. */
class MemberDecoder {
  /** Bytes of output so far. */
  output = 0;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pump: Promise<void>;
  #sinkFailed = false;
  #sinkError: unknown;

  constructor(onOutput: (chunk: Uint8Array) => void) {
    const ds = new DecompressionStream("gzip") as unknown as TransformStream<
      Uint8Array,
      Uint8Array
    >;
    this.#writer = ds.writable.getWriter();
    this.#reader = ds.readable.getReader();
    this.#pump = this.#run(onOutput);
  }

  /**
   * Reads output as it comes. The readable side holds no chunk: the decoder
   * runs a write only while a read waits, so every output is taken (and
   * counted) before the next write starts, and a failing write loses only its
   * own output.
   */
  async #run(onOutput: (chunk: Uint8Array) => void): Promise<void> {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await this.#reader.read();
      } catch {
        return; // the write that failed reports it
      }
      if (r.done) return;
      this.output += r.value.length;
      try {
        onOutput(r.value);
      } catch (e) {
        this.#sinkFailed = true;
        this.#sinkError = e;
        this.#writer.abort(e).catch(() => {});
        return;
      }
    }
  }

  /** Writes a slice: OK, OVERRUN (the member ended inside it), or the error. */
  async write(slice: Uint8Array): Promise<WriteResult> {
    try {
      await this.#writer.write(slice);
      return OK;
    } catch (e) {
      if (this.#sinkFailed) throw this.#sinkError;
      if (isOverrun(e)) return OVERRUN;
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Ends the member: OK when it was complete and its CRC and size match. */
  async close(): Promise<typeof OK | Error> {
    let result: typeof OK | Error = OK;
    try {
      await this.#writer.close();
    } catch (e) {
      result = e instanceof Error ? e : new Error(String(e));
    }
    await this.#pump;
    if (this.#sinkFailed) throw this.#sinkError;
    return result;
  }

  /** Drops the decoder. */
  abort(): void {
    this.#writer.abort().catch(() => {});
    this.#reader.cancel().catch(() => {});
  }
}

/** The byte at `index` of the concatenation of `parts`. */
function byteAt(parts: readonly Uint8Array[], index: number): number {
  for (const p of parts) {
    if (index < p.length) return p[index];
    index -= p.length;
  }
  return 0;
}

/** Little-endian 32-bit number ending at `end` (exclusive) of `parts`. */
function uint32Before(parts: readonly Uint8Array[], end: number): number {
  return (byteAt(parts, end - 4) | byteAt(parts, end - 3) << 8 |
    byteAt(parts, end - 2) << 16 | byteAt(parts, end - 1) << 24) >>> 0;
}

function corrupt(e: Error): ArchiveError {
  const reason = /header/i.test(e.message)
    ? "a gzip header is invalid"
    : /checksum/i.test(e.message)
    ? "a checksum does not match"
    : "the deflate data is invalid";
  return new ArchiveError("corrupt", `the gzip data is corrupt: ${reason}`);
}

/**
 * Decodes one member again, writing `slices` (all of which the first decoding
 * accepted) and then `last`, and closing there. Returns the output of `last`
 * when the member ends exactly there and checks out; else how many bytes
 * writing `last` produced, or -1 when it did not get that far.
 */
async function replay(
  slices: readonly Uint8Array[],
  last: Uint8Array,
  before: number,
): Promise<Uint8Array[] | number> {
  const captured: Uint8Array[] = [];
  let capturing = false;
  const decoder = new MemberDecoder((chunk) => {
    if (capturing) captured.push(chunk);
  });
  for (const slice of slices) {
    if (await decoder.write(slice) !== OK) {
      decoder.abort();
      return -1;
    }
  }
  if (decoder.output !== before) {
    decoder.abort();
    return -1;
  }
  capturing = true;
  if (last.length > 0 && await decoder.write(last) !== OK) {
    decoder.abort();
    return -1;
  }
  if (await decoder.close() === OK) return captured;
  return decoder.output - before;
}

/**
 * Finds where the current member ends inside `piece` (whose write overran it)
 * and passes the output that write lost to `sink`. Returns the number of
 * bytes of `piece` that belong to the member.
 */
async function endOfMember(
  slices: readonly Uint8Array[],
  piece: Uint8Array,
  before: number,
  sink: (chunk: Uint8Array) => void,
): Promise<number> {
  const parts = [...slices, piece];
  const fed = slices.reduce((n, s) => n + s.length, 0);
  let badChecksum = false;
  for (let e = 0; e < piece.length; e++) {
    // What follows a member: another member, or zero padding. Anything
    // else is refused below whatever the member's end.
    if (piece[e] !== 0 && piece[e] !== 0x1f) continue;
    if (fed + e < MIN_MEMBER) continue;
    const lost = (uint32Before(parts, fed + e) - before) >>> 0;
    if (lost > 1040 * e + 1024) continue;
    const output = await replay(slices, piece.subarray(0, e), before);
    if (typeof output === "number") {
      // All the data the trailer's size promises, yet the decoder refused
      // to end there: the CRC does not match.
      if (output === lost) badChecksum = true;
      continue;
    }
    for (const chunk of output) sink(chunk);
    return e;
  }
  if (badChecksum) {
    throw new ArchiveError(
      "corrupt",
      "the gzip data is corrupt: a checksum does not match",
    );
  }
  throw new ArchiveError("trailing_data", TRAILING);
}

/**
 * Compressed bytes read ahead from a source, handed out in slices cut at the
 * same offsets of the stream whatever the source's chunks: the decoders see
 * the same writes, so the same bytes give the same outcome (and, where
 * several problems could be reported, the same one).
 */
class Pending {
  readonly #source: ChunkSource;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #ended = false;

  constructor(source: ChunkSource) {
    this.#source = source;
  }

  /** Reads until `n` bytes wait or the source ends; returns how many wait, at most `n`. */
  async fill(n: number): Promise<number> {
    while (this.#size < n && !this.#ended) {
      const chunk = await this.#source.next();
      if (chunk === undefined) this.#ended = true;
      else if (chunk.length > 0) {
        this.#chunks.push(chunk);
        this.#size += chunk.length;
      }
    }
    return Math.min(n, this.#size);
  }

  /** The next byte; one must wait. */
  peek(): number {
    return this.#chunks[0][0];
  }

  /** Takes the next `n` bytes; `n` must wait. */
  take(n: number): Uint8Array {
    this.#size -= n;
    const first = this.#chunks[0];
    if (first.length >= n) {
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.#chunks[0];
      const part = Math.min(c.length, n - at);
      out.set(c.subarray(0, part), at);
      at += part;
      if (part === c.length) this.#chunks.shift();
      else this.#chunks[0] = c.subarray(part);
    }
    return out;
  }

  /** Puts bytes back in front. */
  putBack(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#chunks.unshift(bytes);
    this.#size += bytes.length;
  }
}

const TRAILING =
  "the gzip data is followed by bytes that are neither another gzip member nor zero padding";

/**
 * Decompresses a gzip stream of one or more members into `sink`, in order.
 * Zero bytes after the last member are padding; any other trailing byte, a
 * corrupt or truncated member, or more compressed bytes or members than
 * `options` allow is an {@link ArchiveError}. When `sink` throws, reading
 * stops and the error is rethrown. The outcome does not depend on how the
 * source chunks the bytes.
 *
 * @example
 * ```ts
 * import { gunzip } from "./gunzip.ts";
 * const gz = async (text: string) =>
 *   new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
 * const parts = [await gz("one "), await gz("two"), new Uint8Array(7)];
 * let text = "";
 * await gunzip(
 *   { next: () => Promise.resolve(parts.shift()), cancel() {} },
 *   (chunk) => text += new TextDecoder().decode(chunk),
 *   { maxCompressedBytes: 1 << 20, maxMembers: 10 },
 * );
 * console.log(text); // "one two"
 * ```
 */
export async function gunzip(
  source: ChunkSource,
  sink: (chunk: Uint8Array) => void,
  options: GunzipOptions,
): Promise<void> {
  const pending = new Pending(source);
  let compressed = 0;
  let members = 0;
  let decoder: MemberDecoder | undefined;
  /** The slices written to the current member so far, for a replay. */
  let slices: Uint8Array[] = [];
  let slice = MIN_SLICE;
  const consumed = (n: number) => {
    compressed += n;
    if (compressed > options.maxCompressedBytes) {
      throw new ArchiveError(
        "compressed_too_large",
        `the compressed archive is larger than ${
          sizeText(options.maxCompressedBytes)
        }, more than its limits allow`,
      );
    }
  };
  try {
    for (;;) {
      if (decoder === undefined) {
        if (await pending.fill(1) === 0) break;
        if (members > 0 && pending.peek() === 0) {
          // Padding: zeros up to the end, nothing else.
          for (let n; (n = await pending.fill(MAX_SLICE)) > 0;) {
            const zeros = pending.take(n);
            consumed(n);
            if (zeros.some((b) => b !== 0)) {
              throw new ArchiveError("trailing_data", TRAILING);
            }
          }
          break;
        }
        if (members > 0 && pending.peek() !== 0x1f) {
          throw new ArchiveError("trailing_data", TRAILING);
        }
        if (++members > options.maxMembers) {
          throw new ArchiveError(
            "compressed_too_large",
            `the gzip data has more than ${options.maxMembers} members, more than its limits allow`,
          );
        }
        decoder = new MemberDecoder(sink);
        slices = [];
      }
      const n = await pending.fill(slice);
      if (n === 0) break;
      const piece = pending.take(n);
      consumed(n);
      const before = decoder.output;
      const result = await decoder.write(piece);
      if (result === OK) {
        slices.push(piece);
        const ratio = (decoder.output - before) / piece.length;
        slice = Math.max(
          MIN_SLICE,
          Math.min(MAX_SLICE, Math.floor(TARGET_OUTPUT / Math.max(ratio, 1))),
        );
      } else if (result === OVERRUN) {
        decoder.abort();
        decoder = undefined;
        const used = await endOfMember(slices, piece, before, sink);
        pending.putBack(piece.subarray(used));
        compressed -= piece.length - used;
        slices = [];
        slice = MIN_SLICE;
      } else {
        throw corrupt(result);
      }
    }
    if (decoder !== undefined) {
      const result = await decoder.close();
      const current = decoder;
      decoder = undefined;
      if (result !== OK) {
        // A complete member whose trailer states the size decoded is
        // corrupt; otherwise the data stops inside the member.
        const fed = slices.reduce((n, s) => n + s.length, 0);
        const complete = fed >= MIN_MEMBER &&
          uint32Before(slices, fed) === current.output >>> 0 &&
          /checksum/i.test(result.message);
        if (complete) throw corrupt(result);
        throw new ArchiveError(
          "truncated",
          "the archive is truncated: the gzip data ends before its last member does (or that member's trailer is corrupt)",
        );
      }
    }
    if (members === 0) {
      throw new ArchiveError("empty", "the archive is empty");
    }
  } catch (e) {
    decoder?.abort();
    source.cancel();
    throw e;
  }
}
