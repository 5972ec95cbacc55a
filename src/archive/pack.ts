/**
 * Deterministic writing of quadlet archives.
 *
 * @module
 */
import { packTar, type TarEntry } from "modern-tar";

/** Epoch: the modification time of every packed file. */
const EPOCH = new Date(0);

/** gzip header byte for "unknown operating system". */
const OS_UNKNOWN = 255;

/**
 * Packs files into a `.tar.gz` whose bytes depend only on the names and
 * contents: entries sorted by name, mtime 0, uid/gid 0, empty owner names,
 * mode 0644, and a gzip header with no file name, no time and an "unknown"
 * operating system.
 *
 * @param files The files by flat name: text or bytes.
 * @returns The `.tar.gz` bytes, ready for a `Blob` or a `Response`.
 *
 * @example
 * ```ts
 * import { packQuadlets } from "@kat/toolkit";
 * const a = await packQuadlets({ "b.kat": new Uint8Array([1]), "a.kat": new Uint8Array([2]) });
 * const b = await packQuadlets({ "a.kat": new Uint8Array([2]), "b.kat": new Uint8Array([1]) });
 * console.log(a.join() === b.join()); // true
 * ```
 */
export async function packQuadlets(
  files:
    | ReadonlyMap<string, string | Uint8Array>
    | Readonly<Record<string, string | Uint8Array>>,
): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  const list: [string, Uint8Array][] =
    (files instanceof Map ? [...files.entries()] : Object.entries(files)).map((
      [name, body],
    ) => [name, typeof body === "string" ? encoder.encode(body) : body]);
  list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const entries: TarEntry[] = list.map(([name, body]) => ({
    header: {
      name,
      size: body.length,
      type: "file",
      mode: 0o644,
      mtime: EPOCH,
      uid: 0,
      gid: 0,
      uname: "",
      gname: "",
    },
    body,
  }));
  const tar = await packTar(entries);
  const gz = new Uint8Array(
    await new Response(
      new Blob([tar]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer(),
  );
  // Header: ID1 ID2 CM FLG MTIME(4) XFL OS. Fix the fields a platform may vary.
  gz.fill(0, 4, 8);
  gz[9] = OS_UNKNOWN;
  return gz;
}
