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

/**
 * Options of {@link untarQuadlets}: its limits.
 *
 * @example
 * ```ts
 * import type { UntarOptions } from "@kat/toolkit";
 * const options: UntarOptions = { maxFileBytes: 64 * 1024 };
 * ```
 */
export type UntarOptions = UntarLimits;

/** A reader's chunks as a {@link ChunkSource}, after chunks already read. */
function sourceOf(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: Uint8Array[],
): ChunkSource {
  return {
    async next() {
      if (first.length > 0) return first.shift();
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw readError(e);
      }
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
 * const tree = await readTarTree(new Blob([bytes as BlobPart]).stream());
 * console.log([...tree.files.keys()]); // ["a.kat"]
 * ```
 */
export async function readTarTree(
  stream: ReadableStream<Uint8Array>,
  options: UntarOptions = {},
): Promise<TarTree> {
  const limits = resolveLimits(options);
  const reader = stream.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 512) {
      const r = await reader.read();
      if (r.done) break;
      head.push(r.value);
      size += r.value.length;
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw readError(e);
  }
  if (size === 0) throw new ArchiveError("empty", "the archive is empty");
  const first = new Uint8Array(Math.min(size, 512));
  let at = 0;
  for (const c of head) {
    if (at === first.length) break;
    const part = c.subarray(0, first.length - at);
    first.set(part, at);
    at += part.length;
  }
  const looksLike = describeNonGzip(first);
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
  await gunzip(sourceOf(reader, head), (chunk) => {
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
 * @param stream The `.tar.gz` bytes as they arrive.
 * @param options The limits; each has a default (see {@link UntarLimits}).
 * @returns Every file by flat name, its bytes.
 * @throws {ArchiveError} for every kind of bad input, and nothing else.
 *
 * @example
 * ```ts
 * import { packQuadlets } from "@kat/toolkit";
 * import { untarQuadlets } from "@kat/toolkit";
 * const bytes = await packQuadlets(new Map([["a.kat", new TextEncoder().encode("x")]]));
 * const files = await untarQuadlets(new Blob([bytes as BlobPart]).stream());
 * console.log([...files.keys()]); // ["a.kat"]
 * ```
 */
export async function untarQuadlets(
  stream: ReadableStream<Uint8Array>,
  options?: UntarOptions,
): Promise<Map<string, Uint8Array>> {
  const { files, directories } = await readTarTree(stream, options ?? {});
  return flattenQuadletFiles(files, directories);
}
