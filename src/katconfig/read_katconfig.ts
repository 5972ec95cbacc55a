/**
 * Reading and checking a katconfig file.
 *
 * @module
 */
import { parseYamlFile } from "../decode/yaml_file.ts";
import { resolveAlias, type YamlNode } from "../decode/yaml_tree.ts";
import { escapeControl, quote } from "../diagnostics/quote.ts";
import { plainIoMessage } from "../input/plain_io.ts";
import { suggestSimilar } from "../cli/suggest_similar.ts";
import { API_VERSION } from "../schema/registry.ts";
import { type Katconfig, KATCONFIG_KEYS, KATCONFIG_KIND } from "./katconfig.ts";
import { KatconfigError } from "./katconfig_error.ts";
import { serverUrlProblem } from "./server_url.ts";

/** Printable ASCII without spaces: what an HTTP header value can carry. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** The largest katconfig read. */
const MAX_BYTES = 1024 * 1024;

/** A problem at `offset` of the file, in `field`. */
class Problem extends Error {
  constructor(
    readonly offset: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `text` is one or more PEM blocks, all of type CERTIFICATE. */
function certificateProblem(text: string): string | undefined {
  const blocks = [
    ...text.matchAll(
      /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END \1-----/g,
    ),
  ];
  const outside = text.replace(
    /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END \1-----/g,
    "",
  );
  if (blocks.length === 0 || outside.trim() !== "") {
    return "is not a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)";
  }
  for (const [, type, body] of blocks) {
    if (type !== "CERTIFICATE") {
      return `holds a PEM block of type ${type}, not CERTIFICATE`;
    }
    let der: Uint8Array;
    try {
      der = Uint8Array.fromBase64(body.replace(/\s+/g, ""));
    } catch {
      return "holds a PEM block that is not base64";
    }
    // A certificate is a DER SEQUENCE with a long-form length.
    if (der.length < 64 || der[0] !== 0x30) {
      return "holds a PEM block that is not a DER certificate";
    }
  }
  return undefined;
}

/** The config in the tree's `root`, or the first problem found. */
function checkTree(root: YamlNode): Katconfig {
  const top = resolveAlias(root);
  if (top.kind !== "map") {
    throw new Problem(
      top.offset,
      "",
      "a katconfig is a mapping: apiVersion, kind, cluster, servers, caCertificate, credential",
    );
  }
  const values = new Map<string, YamlNode>();
  for (const pair of top.pairs) {
    const key = resolveAlias(pair.key);
    if (key.kind !== "scalar" || typeof key.value !== "string") {
      throw new Problem(key.offset, "", "keys must be strings");
    }
    if (!KATCONFIG_KEYS.includes(key.value)) {
      const meant = suggestSimilar(key.value, KATCONFIG_KEYS);
      throw new Problem(
        key.offset,
        escapeControl(key.value),
        `unknown field${meant ? ` (did you mean ${meant}?)` : ""}`,
      );
    }
    if (values.has(key.value)) {
      throw new Problem(key.offset, key.value, "given twice");
    }
    values.set(key.value, resolveAlias(pair.value));
  }
  for (const key of KATCONFIG_KEYS) {
    if (!values.has(key)) throw new Problem(top.offset, key, "missing");
  }
  /** A non-empty string field; `secret` ones are never quoted back. */
  const text = (node: YamlNode, field: string, secret = false): string => {
    if (node.kind !== "scalar" || typeof node.value !== "string") {
      throw new Problem(node.offset, field, "must be a string");
    }
    if (node.value === "") throw new Problem(node.offset, field, "is empty");
    if (secret && !HEADER_SAFE.test(node.value)) {
      throw new Problem(
        node.offset,
        field,
        "must be printable ASCII without spaces",
      );
    }
    return node.value;
  };
  const constant = (field: string, expected: string) => {
    const node = values.get(field)!;
    const value = text(node, field);
    if (value !== expected) {
      throw new Problem(
        node.offset,
        field,
        `must be ${expected}, not ${quote(value)}`,
      );
    }
  };
  constant("apiVersion", API_VERSION);
  constant("kind", KATCONFIG_KIND);
  const cluster = text(values.get("cluster")!, "cluster");
  const list = values.get("servers")!;
  if (list.kind !== "seq" || list.items.length === 0) {
    throw new Problem(
      list.offset,
      "servers",
      "must be a list of one or more https://HOST:PORT",
    );
  }
  const servers = list.items.map((item, i) => {
    const node = resolveAlias(item);
    const field = `servers[${i}]`;
    const value = text(node, field);
    const problem = serverUrlProblem(value);
    if (problem) {
      throw new Problem(node.offset, field, `${quote(value)} ${problem}`);
    }
    return value;
  });
  const caNode = values.get("caCertificate")!;
  const caCertificate = text(caNode, "caCertificate");
  const caProblem = certificateProblem(caCertificate);
  if (caProblem) throw new Problem(caNode.offset, "caCertificate", caProblem);
  const credential = text(values.get("credential")!, "credential", true);
  return { cluster, servers, caCertificate, credential };
}

/**
 * Reads and checks the katconfig at `path`. Refused with a
 * {@link KatconfigError}, whose message is one line:
 * - `not_found`, `unreadable`: the file cannot be read;
 * - `exposed`: the file's mode lets its group or others read or write it
 *   (where the system has modes); it holds the administrator's credential,
 *   so it is refused, as `ssh` refuses an exposed key, and the message says
 *   `chmod 600`;
 * - `invalid`: `FILE:LINE:COL: FIELD: MESSAGE` for YAML that does not parse,
 *   an unknown or repeated key, a missing field (at the mapping), an
 *   `apiVersion` or `kind` other than `kat.dws.rip/v1alpha1` and `KatConfig`,
 *   a server that is not `https://HOST:PORT`, a `caCertificate` that is not
 *   PEM certificates, a credential that is not printable ASCII without
 *   spaces. The credential's value is never part of a message.
 *
 * @example
 * ```ts
 * import { readKatconfig } from "./read_katconfig.ts";
 * import { KatconfigError } from "./katconfig_error.ts";
import { serverUrlProblem } from "./server_url.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/config`, "apiVersion: kat.dws.rip/v1alpha1\nkind: KatConfig\n", { mode: 0o600 });
 * await Deno.chmod(`${dir}/config`, 0o600);
 * try {
 *   await readKatconfig(`${dir}/config`);
 * } catch (e) {
 *   if (e instanceof KatconfigError) console.log(e.message.endsWith("config:1:1: cluster: missing")); // true
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readKatconfig(path: string): Promise<Katconfig> {
  const shown = escapeControl(path);
  let text: string;
  try {
    using file = await Deno.open(path);
    const mode = (await file.stat()).mode;
    if (mode !== null && (mode & 0o077) !== 0) {
      throw new KatconfigError(
        "exposed",
        `${quote(path)} has mode ${
          (mode & 0o777).toString(8).padStart(4, "0")
        }: it holds the administrator's credential and must not be open to group or others (chmod 600 ${shown})`,
      );
    }
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      await readAll(file, path),
    );
  } catch (e) {
    if (e instanceof KatconfigError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new KatconfigError("not_found", `${quote(path)} does not exist`, e);
    }
    if (e instanceof TypeError) {
      throw new KatconfigError(
        "invalid",
        `${shown}: not UTF-8 text`,
        e,
      );
    }
    throw new KatconfigError(
      "unreadable",
      `cannot read ${quote(path)}: ${plainIoMessage(e)}`,
      e,
    );
  }
  const parsed = parseYamlFile(text, path);
  if (parsed.root === undefined || parsed.diagnostics.length > 0) {
    const d = parsed.diagnostics[0];
    throw new KatconfigError(
      "invalid",
      d
        ? `${shown}:${d.line}:${d.column}: ${escapeControl(d.message)}`
        : `${shown}: not a katconfig`,
    );
  }
  try {
    return checkTree(parsed.root);
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    const at = e.offset >= text.length
      ? parsed.lines.endPosition()
      : parsed.lines.position(e.offset);
    const field = e.field ? `${e.field}: ` : "";
    throw new KatconfigError(
      "invalid",
      `${shown}:${at.line}:${at.column}: ${field}${escapeControl(e.message)}`,
    );
  }
}

/** Every byte of an open file. */
async function readAll(
  file: Deno.FsFile,
  path: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(64 * 1024);
  let total = 0;
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    if (total + n > MAX_BYTES) {
      throw new KatconfigError(
        "invalid",
        `${quote(path)} is larger than 1 MiB: not a katconfig`,
      );
    }
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
