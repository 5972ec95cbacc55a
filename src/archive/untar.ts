/**
 * Streaming, bounded reading of quadlet `.tar.gz` archives. Nothing touches
 * the disk, and no input makes memory grow past the limits.
 *
 * @module
 */
import { createTarDecoder, type ParsedTarEntry } from "modern-tar";
import { ArchiveError } from "./archive_error.ts";
import { flattenQuadletPaths, normaliseEntryPath } from "./entry_path.ts";
import {
  type ResolvedLimits,
  resolveLimits,
  tarStreamBudget,
  type UntarLimits,
} from "./limits.ts";
import { describeNonGzip } from "./sniff.ts";

const KIND_OF_ENTRY: Record<string, string> = {
  symlink: "a symbolic link",
  link: "a hard link",
  "character-device": "a character device",
  "block-device": "a block device",
  fifo: "a FIFO",
};

/**
 * Options of {@link untarQuadlets}: its limits.
 *
 * @example
 * ```ts
 * import type { UntarOptions } from "@kat/toolkit";
 * const options: UntarOptions = { maxEntries: 16 };
 * ```
 */
export type UntarOptions = UntarLimits;

/** Reads up to `n` bytes from the start of a stream, then gives back the whole stream. */
async function peek(
  stream: ReadableStream<Uint8Array>,
  n: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await reader.read();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    size += r.value.length;
  }
  const head = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    head.set(c, at);
    at += c.length;
  }
  let sentHead = false;
  const rest = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        if (head.length > 0) {
          controller.enqueue(head);
          return;
        }
      }
      if (done) {
        controller.close();
        return;
      }
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream: rest };
}

/**
 * Compressed bytes handed to the decompressor at a time. Deflate expands at
 * most about 1032:1, so one slice yields at most about 1 MiB: the byte budget
 * after the decompressor can then stop a bomb before it costs memory.
 */
const SLICE = 1024;

/** Splits chunks into slices of at most `size` bytes. */
function slices(size: number): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      for (let at = 0; at < chunk.length; at += size) {
        controller.enqueue(
          chunk.subarray(at, Math.min(chunk.length, at + size)),
        );
      }
    },
  });
}

/** Fails once more than `budget` bytes have passed. */
function byteBudget(budget: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.length;
      if (seen > budget) {
        controller.error(
          new ArchiveError(
            "total_too_large",
            `the archive expands to more than ${budget} bytes of tar data`,
          ),
        );
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

function classify(e: unknown): ArchiveError {
  if (e instanceof ArchiveError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/truncat|unexpected end|end of file|premature/i.test(message)) {
    return new ArchiveError("truncated", "the archive is truncated");
  }
  if (/checksum/i.test(message) && /header/i.test(message)) {
    return new ArchiveError(
      "corrupt",
      "the archive is corrupt: a tar header fails its checksum",
    );
  }
  return new ArchiveError(
    "corrupt",
    `the archive is corrupt: ${message.replace(/\.$/, "")}`,
  );
}

async function readBody(
  entry: ParsedTarEntry,
  size: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  for await (const chunk of entry.body) {
    if (at + chunk.length > size) {
      throw new ArchiveError(
        "corrupt",
        "an entry holds more bytes than its header says",
        entry.header.name,
      );
    }
    out.set(chunk, at);
    at += chunk.length;
  }
  if (at !== size) {
    throw new ArchiveError(
      "truncated",
      "the archive is truncated",
      entry.header.name,
    );
  }
  return out;
}

async function collect(
  entries: ReadableStream<ParsedTarEntry>,
  limits: ResolvedLimits,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const directories: string[] = [];
  const seen = new Set<string>();
  let count = 0;
  let total = 0;
  const reader = entries.getReader();
  try {
    for (;;) {
      const { done, value: entry } = await reader.read();
      if (done) break;
      const { name: raw, type = "file", size } = entry.header;
      if (++count > limits.maxEntries) {
        throw new ArchiveError(
          "too_many_entries",
          `the archive has more than ${limits.maxEntries} entries`,
          raw,
        );
      }
      const kind = KIND_OF_ENTRY[type];
      if (type !== "file" && type !== "directory") {
        throw new ArchiveError(
          "unsupported_entry",
          `entry ${JSON.stringify(raw)} is ${
            kind ?? `of type ${type}`
          }; only regular files and directories are allowed`,
          raw,
        );
      }
      const path = normaliseEntryPath(raw);
      if (path !== "" && seen.has(path)) {
        throw new ArchiveError(
          "duplicate_entry",
          `entry ${JSON.stringify(raw)} appears more than once`,
          raw,
        );
      }
      seen.add(path);
      if (type === "directory") {
        await entry.body.cancel();
        if (path !== "") directories.push(path);
        continue;
      }
      if (size > limits.maxFileBytes) {
        throw new ArchiveError(
          "file_too_large",
          `entry ${
            JSON.stringify(raw)
          } has ${size} bytes; at most ${limits.maxFileBytes} are allowed per file`,
          raw,
        );
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        throw new ArchiveError(
          "total_too_large",
          `the files of the archive add up to more than ${limits.maxTotalBytes} bytes`,
          raw,
        );
      }
      if (path === "") {
        throw new ArchiveError(
          "unsafe_path",
          `entry ${JSON.stringify(raw)} has no file name`,
          raw,
        );
      }
      files.set(path, await readBody(entry, size));
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw classify(e);
  }
  const flat = flattenQuadletPaths([...files.keys()], directories);
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) out.set(flat.get(path)!, bytes);
  return out;
}

/**
 * Reads a gzip-compressed tar archive of a quadlet into a map from flat file
 * name to bytes, ready for `parseQuadletDirectory`. Every rule is enforced
 * while streaming: only regular files and directories, safe unique paths, and
 * the limits (256 entries, 1 MiB per file, 8 MiB in all by default). Reading
 * stops at the first problem.
 *
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
  options: UntarOptions = {},
): Promise<Map<string, Uint8Array>> {
  const limits = resolveLimits(options);
  let peeked;
  try {
    peeked = await peek(stream, 512);
  } catch (e) {
    throw classify(e);
  }
  if (peeked.head.length === 0) {
    throw new ArchiveError("empty", "the archive is empty");
  }
  const looksLike = describeNonGzip(peeked.head);
  if (looksLike !== undefined) {
    await peeked.stream.cancel().catch(() => {});
    throw new ArchiveError(
      "not_gzip",
      `not a gzip-compressed tar archive: the data looks like ${looksLike}`,
    );
  }
  const entries = peeked.stream
    .pipeThrough(slices(SLICE))
    .pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<
        Uint8Array,
        Uint8Array
      >,
    )
    .pipeThrough(byteBudget(tarStreamBudget(limits)))
    .pipeThrough(createTarDecoder({ strict: true }));
  return await collect(entries, limits);
}
