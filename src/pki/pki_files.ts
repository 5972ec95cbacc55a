/**
 * A node's PKI files under its data directory `D`: `D/pki/ca.crt`,
 * `D/pki/node.crt`, `D/pki/node.key` and, on a node that holds the cluster
 * CA, `D/pki/ca.key`.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { PkiError } from "./pki_error.ts";

/**
 * The PEM texts of a node's PKI files.
 *
 * @example
 * ```ts
 * import type { PkiFiles } from "./pki_files.ts";
 * const holdsCa = (files: PkiFiles) => files.caKey !== undefined;
 * ```
 */
export interface PkiFiles {
  /** `ca.crt`: the cluster CA's certificate. */
  caCert: string;
  /** `node.crt`: this node's certificate. */
  nodeCert: string;
  /** `node.key`: this node's private key (mode 0600). */
  nodeKey: string;
  /** `ca.key`: the cluster CA's private key (mode 0600), on a node that holds it. */
  caKey?: string;
}

/** Mode of the `pki` directory this module makes. */
const DIR_MODE = 0o700;
/** Mode of the certificates. */
const CERT_MODE = 0o644;
/** Mode of the private keys. */
const KEY_MODE = 0o600;

/**
 * Writes `dir/pki/ca.crt`, `node.crt` (mode 0644), `node.key` (mode 0600)
 * and, only when `files.caKey` is given, `ca.key` (mode 0600). The `pki`
 * directory is made with mode 0700 when missing. Each file is written to a
 * temporary name in the same directory with its final mode and then renamed
 * into place, so a reader sees the old file or the new one, and a key is
 * never readable by others, not even for a moment.
 *
 * @example
 * ```ts
 * import { writePkiFiles } from "./pki_files.ts";
 * const dir = await Deno.makeTempDir();
 * await writePkiFiles(dir, { caCert: "C", nodeCert: "N", nodeKey: "K" });
 * console.log((await Deno.stat(`${dir}/pki/node.key`)).mode! & 0o777); // 384 (0o600)
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writePkiFiles(
  dir: string,
  files: PkiFiles,
): Promise<void> {
  const pki = `${dir}/pki`;
  await Deno.mkdir(pki, { recursive: true, mode: DIR_MODE });
  // Keys first: files written after them can be made again from them, and
  // a start that finds the certificates finds the keys too.
  if (files.caKey !== undefined) {
    await writeFile(`${pki}/ca.key`, files.caKey, KEY_MODE);
  }
  await writeFile(`${pki}/node.key`, files.nodeKey, KEY_MODE);
  await writeFile(`${pki}/node.crt`, files.nodeCert, CERT_MODE);
  await writeFile(`${pki}/ca.crt`, files.caCert, CERT_MODE);
}

/** Writes `text` to `path` with exactly `mode`, through a temporary file. */
async function writeFile(
  path: string,
  text: string,
  mode: number,
): Promise<void> {
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  try {
    await Deno.writeTextFile(temp, text, { createNew: true, mode });
    await Deno.chmod(temp, mode); // the umask may have narrowed it
    await Deno.rename(temp, path);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
}

/**
 * Reads `dir/pki/ca.crt`, `node.crt`, `node.key` and, when it is there,
 * `ca.key`. Refused with a {@link PkiError}: `pki.missing_file` when one of
 * the first three is missing, `pki.key_exposed` when a key file's mode lets
 * its group or others read or write it (where the system has modes).
 * Other failures to read are thrown as they are.
 *
 * @example
 * ```ts
 * import { readPkiFiles, writePkiFiles } from "./pki_files.ts";
 * const dir = await Deno.makeTempDir();
 * await writePkiFiles(dir, { caCert: "C", nodeCert: "N", nodeKey: "K" });
 * console.log(await readPkiFiles(dir)); // { caCert: "C", nodeCert: "N", nodeKey: "K" }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readPkiFiles(dir: string): Promise<PkiFiles> {
  const pki = `${dir}/pki`;
  const files: PkiFiles = {
    caCert: await readFile(`${pki}/ca.crt`, false),
    nodeCert: await readFile(`${pki}/node.crt`, false),
    nodeKey: await readFile(`${pki}/node.key`, true),
  };
  try {
    files.caKey = await readFile(`${pki}/ca.key`, true);
  } catch (e) {
    if (!(e instanceof PkiError && e.reason === "missing_file")) throw e;
  }
  return files;
}

/** The text of `path`; a key's mode is checked first. */
async function readFile(path: string, key: boolean): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new PkiError("missing_file", `${quote(path)} does not exist`, e);
    }
    throw e;
  }
  try {
    const mode = (await file.stat()).mode;
    if (key && mode !== null && (mode & 0o077) !== 0) {
      throw new PkiError(
        "key_exposed",
        `${quote(path)} has mode ${
          (mode & 0o777).toString(8).padStart(4, "0")
        }: a private key must not be open to group or others (chmod 600)`,
      );
    }
    return new TextDecoder().decode(
      await new Response(file.readable).arrayBuffer(),
    );
  } finally {
    try {
      file.close();
    } catch {
      // The readable stream closed it already.
    }
  }
}
