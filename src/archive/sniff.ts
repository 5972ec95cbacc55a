/**
 * Recognises what a byte stream is, for clear errors on wrong input.
 *
 * @module
 */

const startsWith = (b: Uint8Array, sig: number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/**
 * Names what `head` (the first bytes of a stream) looks like, or undefined for
 * gzip.
 *
 * @example
 * ```ts
 * import { describeNonGzip } from "./sniff.ts";
 * console.log(describeNonGzip(new Uint8Array([0x1f, 0x8b]))); // undefined
 * console.log(describeNonGzip(new TextEncoder().encode("PK\x03\x04"))); // "a zip archive"
 * ```
 */
export function describeNonGzip(head: Uint8Array): string | undefined {
  if (startsWith(head, [0x1f, 0x8b])) return undefined;
  if (startsWith(head, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) {
    return "an uncompressed tar archive";
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return "a zip archive";
  if (startsWith(head, [0x42, 0x5a, 0x68])) return "a bzip2 stream";
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) {
    return "an xz stream";
  }
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return "a zstd stream";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(
    head.subarray(0, 64),
  );
  if (/^(apiVersion|kind|#|---)/.test(text)) return "a YAML file";
  return "neither gzip nor tar data";
}
