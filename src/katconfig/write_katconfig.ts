/**
 * Writing a katconfig file.
 *
 * @module
 */
import { dump } from "js-yaml";
import { API_VERSION } from "../schema/registry.ts";
import { type Katconfig, KATCONFIG_KIND, KATCONFIG_MODE } from "./katconfig.ts";

/**
 * The text of a katconfig file: `apiVersion`, `kind: KatConfig`, then
 * `cluster`, `servers`, `caCertificate` (a literal block) and `credential`.
 *
 * @example
 * ```ts
 * import { formatKatconfig } from "./write_katconfig.ts";
 * const text = formatKatconfig({
 *   cluster: "homelab",
 *   servers: ["https://10.0.0.1:9115"],
 *   caCertificate: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
 *   credential: "kat-" + "0".repeat(64),
 * });
 * console.log(text.split("\n").slice(0, 5).join("\n"));
 * // apiVersion: kat.dws.rip/v1alpha1
 * // kind: KatConfig
 * // cluster: homelab
 * // servers:
 * //   - https://10.0.0.1:9115
 * ```
 */
export function formatKatconfig(config: Katconfig): string {
  return dump({
    apiVersion: API_VERSION,
    kind: KATCONFIG_KIND,
    cluster: config.cluster,
    servers: [...config.servers],
    caCertificate: config.caCertificate,
    credential: config.credential,
  }, { lineWidth: -1, noRefs: true });
}

/**
 * Writes `config` to `path` as {@link formatKatconfig} words it, with mode
 * 0600 whatever the umask: through a temporary file in the same directory
 * (created with that mode, so the credential is never readable by others,
 * not even for a moment), renamed into place, so that a reader sees the old
 * file or the new one. A file already at `path` is replaced, and so ends up
 * with mode 0600 too. The directory must exist.
 *
 * @example
 * ```ts
 * import { writeKatconfig } from "./write_katconfig.ts";
 * const dir = await Deno.makeTempDir();
 * await writeKatconfig(`${dir}/admin.katconfig`, {
 *   cluster: "homelab",
 *   servers: ["https://10.0.0.1:9115"],
 *   caCertificate: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
 *   credential: "kat-" + "0".repeat(64),
 * });
 * console.log((await Deno.stat(`${dir}/admin.katconfig`)).mode! & 0o777); // 384 (0o600)
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeKatconfig(
  path: string,
  config: Katconfig,
): Promise<void> {
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  try {
    await Deno.writeTextFile(temp, formatKatconfig(config), {
      createNew: true,
      mode: KATCONFIG_MODE,
    });
    await Deno.chmod(temp, KATCONFIG_MODE);
    await Deno.rename(temp, path);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
}
