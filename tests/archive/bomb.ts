/**
 * Builds gzip bombs in memory by streaming zeros through the compressor, so no
 * large file is stored in the repository.
 *
 * @module
 */
import { tarHeader } from "./tar_fixtures.ts";

/** `size` zero bytes, gzip-compressed, produced without holding them in memory. */
export async function gzipZeros(
  size: number,
  prefix: Uint8Array = new Uint8Array(),
): Promise<Uint8Array> {
  const chunk = new Uint8Array(1 << 20);
  let left = size;
  let sentPrefix = false;
  const zeros = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentPrefix) {
        sentPrefix = true;
        if (prefix.length) {
          controller.enqueue(prefix);
          return;
        }
      }
      if (left <= 0) return controller.close();
      const n = Math.min(left, chunk.length);
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
      left -= n;
    },
  });
  return new Uint8Array(
    await new Response(zeros.pipeThrough(
      new CompressionStream("gzip") as unknown as TransformStream<
        Uint8Array,
        Uint8Array
      >,
    ))
      .arrayBuffer(),
  );
}

/** A tar.gz whose one entry claims and holds `size` zero bytes. */
export function gzipZeroFile(
  name: string,
  size: number,
): Promise<Uint8Array> {
  return gzipZeros(size + 1024, tarHeader({ name }, size));
}
