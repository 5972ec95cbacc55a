/**
 * Test archives: tar headers written by hand (so that every kind of hostile
 * entry can be made), and gzip.
 *
 * @module
 */

/** One entry of a hand-made tar. */
export interface RawEntry {
  name: string;
  /** Tar typeflag: "0" file, "1" hard link, "2" symlink, "3" char device, "5" directory, "6" FIFO. */
  type?: string;
  body?: Uint8Array | string;
  /** Size written in the header; defaults to the body's length. */
  size?: number;
  linkname?: string;
  /** Write the header's magic as GNU ("ustar  \0") instead of POSIX ("ustar\000"). */
  gnu?: boolean;
}

const enc = new TextEncoder();

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

/** A 512-byte header with a correct checksum. */
export function tarHeader(e: RawEntry, size: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number, max: number) =>
    h.set(enc.encode(text).subarray(0, max), at);
  put(e.name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put(" ".repeat(8), 148, 8);
  put(e.type ?? "0", 156, 1);
  put(e.linkname ?? "", 157, 100);
  put(e.gnu ? "ustar  \0" : "ustar\x0000", 257, 8);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return h;
}

/** An uncompressed tar of `entries`, with end-of-archive blocks. */
export function rawTar(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const body = typeof e.body === "string"
      ? enc.encode(e.body)
      : e.body ?? new Uint8Array();
    parts.push(tarHeader(e, e.size ?? body.length));
    if (body.length) {
      const padded = new Uint8Array(Math.ceil(body.length / 512) * 512);
      padded.set(body);
      parts.push(padded);
    }
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** gzip of `bytes`. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(
      new Blob([bytes as BlobPart]).stream().pipeThrough(
        new CompressionStream("gzip"),
      ),
    ).arrayBuffer(),
  );
}

/** A stream of `bytes`. */
export function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new Blob([bytes as BlobPart]).stream();
}
