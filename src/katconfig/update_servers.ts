/**
 * Keeping a katconfig's `servers` up to date with what the cluster says.
 *
 * @module
 */
import { serverOrigin } from "../client/learned_servers.ts";
import { quote } from "../diagnostics/quote.ts";
import { plainIoMessage } from "../input/plain_io.ts";
import type { Katconfig } from "./katconfig.ts";
import { KatconfigError } from "./katconfig_error.ts";
import { writeKatconfig } from "./write_katconfig.ts";

/**
 * Whether `learned` names other servers than `servers`, as sets of origins
 * (`https://Node-1:443` is `https://node-1`); an empty `learned` never does.
 *
 * @example
 * ```ts
 * import { serversDiffer } from "./update_servers.ts";
 * console.log(serversDiffer(["https://a:1", "https://b:1"], ["https://b:1", "https://a:1"])); // false
 * console.log(serversDiffer(["https://a:1"], ["https://a:1", "https://b:1"])); // true
 * ```
 */
export function serversDiffer(
  servers: readonly string[],
  learned: readonly string[],
): boolean {
  if (learned.length === 0) return false;
  const origins = (list: readonly string[]) =>
    new Set(list.map((s) => serverOrigin(s) ?? s));
  const a = origins(servers), b = origins(learned);
  return a.size !== b.size || [...a].some((s) => !b.has(s));
}

/**
 * Rewrites the katconfig at `path`, read as `config`, with `servers` =
 * `learned` when {@link serversDiffer}; every other field as read, mode 0600,
 * through a temporary file renamed into place ({@link writeKatconfig}). A
 * symbolic link is followed: the file it names is rewritten, and the link
 * kept. Resolves to whether it rewrote the file; a {@link KatconfigError}
 * `unwritable`, whose one line says why, when it could not (the path is not
 * a regular file, or it cannot be written).
 *
 * @example
 * ```ts
 * import { updateKatconfigServers } from "./update_servers.ts";
 * import type { Katconfig } from "./katconfig.ts";
import { KatconfigError } from "./katconfig_error.ts";
 * declare const config: Katconfig;
 * const rewritten = await updateKatconfigServers("/root/.kat/config", config, [
 *   "https://10.0.0.1:9115", "https://10.0.0.2:9115",
 * ]);
 * ```
 */
export async function updateKatconfigServers(
  path: string,
  config: Katconfig,
  learned: readonly string[],
): Promise<boolean> {
  if (!serversDiffer(config.servers, learned)) return false;
  let target: string;
  let isFile: boolean;
  try {
    isFile = (await Deno.stat(path)).isFile;
    target = await Deno.realPath(path);
  } catch (e) {
    throw new KatconfigError(
      "unwritable",
      `cannot find ${quote(path)}: ${plainIoMessage(e)}`,
      e,
    );
  }
  if (!isFile) {
    throw new KatconfigError(
      "unwritable",
      `${quote(path)} is not a regular file`,
    );
  }
  try {
    await writeKatconfig(target, { ...config, servers: [...learned] });
  } catch (e) {
    throw new KatconfigError(
      "unwritable",
      `cannot write ${quote(target)}: ${plainIoMessage(e)}`,
      e,
    );
  }
  return true;
}
