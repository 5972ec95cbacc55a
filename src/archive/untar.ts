/**
 * Streaming, bounded reading of quadlet `.tar.gz` archives. Nothing touches
 * the disk, and no input makes memory grow past the limits.
 *
 * @module
 */
import { ArchiveError } from "./archive_error.ts";
import { flattenQuadletFiles } from "./entry_path.ts";
import { type ChunkSource, gunzip } from "./gunzip.ts";
import {
  compressedBudget,
  maxGzipMembers,
  resolveLimits,
  tarStreamBudget,
  type UntarLimits,
} from "./limits.ts";
import { sizeText } from "./size_text.ts";
import { describeNonGzip } from "./sniff.ts";
import { TarReader, type TarTree } from "./tar_reader.ts";
import { readHead, type StreamHead } from "./stream_head.ts";

/**
 * Options of {@link untarQuadlets}: its limits, each with a default (see
 * {@link UntarLimits}), and a signal that stops reading.
 *
 * @example
 * ```ts
 * import type { UntarOptions } from "@kat/toolkit";
 * const options: UntarOptions = {
 *   maxFileBytes: 64 * 1024,
 *   signal: AbortSignal.timeout(10_000),
 * };
 * ```
 */
export interface UntarOptions extends UntarLimits {
  /**
   * Aborting it stops reading: the input stream is cancelled and the promise
   * rejects with the signal's `reason`, as `fetch` does.
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/**
 * A `.tar.gz` as {@link untarQuadlets} takes it: the bytes as they arrive
 * (a request's `body`), all of them (a `Uint8Array` or an `ArrayBuffer`, as
 * `await response.arrayBuffer()` gives them), or a `Blob` (a `File` of a
 * form).
 *
 * @example
 * ```ts
 * import type { ArchiveInput } from "@kat/toolkit";
 * const inputs: ArchiveInput[] = [
 *   new Uint8Array(),
 *   new ArrayBuffer(0),
 *   new Blob([]),
 *   new Blob([]).stream(),
 * ];
 * ```
 */
export type ArchiveInput =
  | ReadableStream<Uint8Array>
  | Uint8Array
  | ArrayBuffer
  | Blob;

/**
 * The input as a stream of chunks. Anything else is a programming error, a
 * `TypeError` that says what is taken.
 */
function streamOf(input: ArchiveInput): ReadableStream<Uint8Array> {
  if (input instanceof Blob) return input.stream();
  if (input instanceof ReadableStream) return input;
  const bytes = input instanceof Uint8Array
    ? input
    : input instanceof ArrayBuffer
    ? new Uint8Array(input)
    : undefined;
  if (bytes === undefined) {
    const what = input === null
      ? "null"
      : typeof input === "object"
      ? (Object.getPrototypeOf(input)?.constructor?.name ?? "an object")
      : typeof input;
    throw new TypeError(
      `an archive is a Uint8Array, an ArrayBuffer, a Blob or a ReadableStream, not ${what}`,
    );
  }
  return new ReadableStream({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Ends reading before it starts when `signal` is already aborted: a stream
 * given is cancelled with the signal's reason, which is then thrown.
 */
async function throwIfAbortedBefore(
  input: ArchiveInput,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal?.aborted) return;
  if (input instanceof ReadableStream && !input.locked) {
    await input.cancel(signal.reason).catch(() => {});
  }
  throw signal.reason;
}

/**
 * Reads a chunk, or rejects with the signal's reason as soon as it is
 * aborted; a failure of the stream itself is an {@link ArchiveError}.
 */
async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  signal?.throwIfAborted();
  let onAbort: (() => void) | undefined;
  try {
    if (!signal) return await reader.read();
    return await new Promise((resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      reader.read().then(resolve, reject);
    });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw readError(e);
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

/** A reader's chunks as a {@link ChunkSource}, after chunks already read. */
function sourceOf(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: Uint8Array[],
  signal: AbortSignal | undefined,
): ChunkSource {
  return {
    async next() {
      signal?.throwIfAborted();
      if (first.length > 0) return first.shift();
      const r = await readChunk(reader, signal);
      return r.done ? undefined : r.value;
    },
    cancel() {
      reader.cancel().catch(() => {});
    },
  };
}

function readError(e: unknown): ArchiveError {
  return new ArchiveError(
    "read_error",
    `the archive cannot be read: ${e instanceof Error ? e.message : String(e)}`,
  );
}

/**
 * Reads a gzip-compressed tar stream into its files and directories by full,
 * normalised path, enforcing every rule of {@link untarQuadlets} but the
 * flatness of a quadlet.
 *
 * @throws {ArchiveError} for every kind of bad input, and nothing else.
 *
 * @example
 * ```ts
 * import { packQuadlets } from "@kat/toolkit";
 * import { readTarTree } from "./untar.ts";
 * const bytes = await packQuadlets(new Map([["a.kat", new TextEncoder().encode("x")]]));
 * const tree = await readTarTree(bytes);
 * console.log([...tree.files.keys()]); // ["a.kat"]
 * ```
 */
export async function readTarTree(
  input: ArchiveInput,
  options: UntarOptions = {},
): Promise<TarTree> {
  const { signal, ...limitOptions } = options;
  const limits = resolveLimits(limitOptions);
  await throwIfAbortedBefore(input, signal);
  const reader = streamOf(input).getReader();
  let read: StreamHead;
  try {
    read = await readHead(() => readChunk(reader, signal), 512);
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  if (read.head.length === 0) {
    throw new ArchiveError("empty", "the archive is empty");
  }
  const looksLike = describeNonGzip(read.head);
  if (looksLike !== undefined) {
    reader.cancel().catch(() => {});
    throw new ArchiveError(
      "not_gzip",
      `not a gzip-compressed tar archive: the data looks like ${looksLike}`,
    );
  }
  const tar = new TarReader(limits);
  const budget = tarStreamBudget(limits);
  let seen = 0;
  await gunzip(sourceOf(reader, read.chunks, signal), (chunk) => {
    signal?.throwIfAborted();
    seen += chunk.length;
    if (seen > budget) {
      throw new ArchiveError(
        "total_too_large",
        `the archive expands to more than ${
          sizeText(budget)
        } of tar data, more than its limits allow`,
      );
    }
    tar.push(chunk);
  }, {
    maxCompressedBytes: compressedBudget(limits),
    maxMembers: maxGzipMembers(limits),
  });
  return tar.end();
}

/**
 * Reads a gzip-compressed tar archive of a quadlet into a map from flat file
 * name to bytes, ready for `parseQuadlet`. The files are exactly those
 * GNU tar and Python's `tarfile` (filter `data`) would extract, or the archive
 * is refused: only regular files and directories, safe unique paths, strict
 * headers, and the limits (256 entries, 1 MiB per file, 8 MiB in all by
 * default), all enforced while streaming. Reading stops at the first problem
 * (names that appear twice are found once the archive has been read).
 * The contents returned are views into the decompressed data: their
 * `buffer` may hold more than the file.
 *
 * @param input The `.tar.gz`: a stream of its bytes as they arrive (a
 * request's `body`), all its bytes (`Uint8Array`, `ArrayBuffer`), or a
 * `Blob`.
 * @param options The limits, each with a default (see {@link UntarLimits}),
 * and `signal`, which stops reading when aborted.
 * @returns Every file by flat name, its bytes.
 * @throws {ArchiveError} for every kind of bad input, and nothing else.
 * When `signal` is aborted, before or while reading, the promise rejects with
 * its `reason` (by default a `DOMException` named `AbortError`) and a stream
 * given is cancelled. An `input` of another type than {@link ArchiveInput}
 * is a programming error: a `TypeError` that says what is taken.
 *
 * @example
 * ```ts
 * import { packQuadlets, untarQuadlets } from "@kat/toolkit";
 * const bytes = await packQuadlets(new Map([["a.kat", new TextEncoder().encode("x")]]));
 * const files = await untarQuadlets(bytes);
 * console.log([...files.keys()]); // ["a.kat"]
 * const same = await untarQuadlets(new Blob([bytes]).stream(), {
 *   maxFileBytes: 1024,
 *   signal: AbortSignal.timeout(10_000),
 * });
 * console.log(new Blob([same.get("a.kat")!]).size); // 1
 * ```
 */
export async function untarQuadlets(
  input: ArchiveInput,
  options?: UntarOptions,
): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const { files, directories } = await readTarTree(input, options ?? {});
  // Every content is a view of an ArrayBuffer the reader allocated (the
  // decompressed data), never of a shared buffer.
  return flattenQuadletFiles(files, directories) as Map<
    string,
    Uint8Array<ArrayBuffer>
  >;
}
