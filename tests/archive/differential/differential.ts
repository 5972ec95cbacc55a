/**
 * The differential check: for each archive, either we refuse it, or the
 * files we read (path and bytes) are exactly what GNU tar and Python's
 * `tarfile` (filter `data`) extract, both without an error.
 *
 * @module
 */
import { ArchiveError } from "../../../src/archive/archive_error.ts";
import { readTarTree } from "../../../src/archive/untar.ts";
import {
  extractWithReferences,
  type References,
  requireReferences,
} from "./reference.ts";
import { streamOf } from "./build.ts";

/** What our reader made of an archive. */
export type Ours =
  | { refused: true; code: string; message: string }
  | { refused: false; files: Record<string, string> };

/** The outcome for one archive. */
export interface Verdict {
  /** Ours. */
  ours: Ours;
  /** The references'. */
  references: References;
  /** Why ours differs from what the references extract, if it does. */
  disagreement?: string;
  /** Both references extracted the same files without error, yet we refused. */
  overRefusal: boolean;
}

async function sha256(b: Uint8Array): Promise<string> {
  const d = new Uint8Array(
    await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>),
  );
  return Array.from(d, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Runs our reader (default limits) on one archive, fed in chunks of `chunk` bytes. */
export async function ours(
  archive: Uint8Array,
  chunk = 4096,
): Promise<Ours> {
  try {
    const tree = await readTarTree(streamOf(archive, chunk));
    const files: Record<string, string> = {};
    for (const [path, bytes] of tree.files) files[path] = await sha256(bytes);
    return { refused: false, files };
  } catch (e) {
    if (!(e instanceof ArchiveError)) {
      throw new Error(`not an ArchiveError: ${e}`, { cause: e });
    }
    return { refused: true, code: e.reason, message: e.message };
  }
}

function sameFiles(a: Record<string, string>, b: Record<string, string>) {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function describe(
  name: string,
  got: References["tar"],
  want: Record<string, string>,
): string | undefined {
  if (!got.ok) return `${name} failed (${got.error})`;
  if (got.other.length > 0) {
    return `${name} extracted non-regular entries ${JSON.stringify(got.other)}`;
  }
  if (!sameFiles(got.files, want)) {
    return `${name} extracted ${JSON.stringify(got.files)}, we read ${
      JSON.stringify(want)
    }`;
  }
  return undefined;
}

/** Judges our outcome against the references'. */
export function judge(o: Ours, r: References): Verdict {
  const agreeing = r.tar.ok && r.python.ok && r.tar.other.length === 0 &&
    r.python.other.length === 0 && sameFiles(r.tar.files, r.python.files);
  if (o.refused) return { ours: o, references: r, overRefusal: agreeing };
  const disagreement = describe("GNU tar", r.tar, o.files) ??
    describe("Python tarfile", r.python, o.files);
  return { ours: o, references: r, disagreement, overRefusal: false };
}

/**
 * Checks every archive: ours against both references. With `onlyAccepted`,
 * the references run only on the archives we accept (a refusal is always
 * right), which is much faster; the over-refusal counts are then left out.
 */
export async function differential(
  archives: readonly Uint8Array[],
  onlyAccepted = false,
): Promise<Verdict[]> {
  // Before our own reading, which takes a while: missing references fail fast.
  await requireReferences();
  const mine: Ours[] = [];
  for (const a of archives) mine.push(await ours(a));
  const checked = archives.flatMap((_, i) =>
    onlyAccepted && mine[i].refused ? [] : [i]
  );
  const refs = await extractWithReferences(checked.map((i) => archives[i]));
  const byIndex = new Map(checked.map((i, n) => [i, refs[n]]));
  return mine.map((o, i) => {
    const r = byIndex.get(i);
    if (r === undefined) {
      return { ours: o, references: NOT_RUN, overRefusal: false };
    }
    return judge(o, r);
  });
}

const NOT_RUN: References = {
  tar: { ok: false, error: "not run", files: {}, other: [] },
  python: { ok: false, error: "not run", files: {}, other: [] },
};

/** Base64 of bytes, for writing a failing archive down. */
export function base64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) {
    s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Bytes of base64. */
export function unbase64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}
