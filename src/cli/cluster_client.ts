/**
 * What the cluster commands share: the `--katconfig` option, the client it
 * opens, and how their failures are said.
 *
 * @module
 */
import { ApiClient } from "../client/api_client.ts";
import { ApiError } from "../client/api_error.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { KatconfigError } from "../katconfig/katconfig_error.ts";
import { resolveKatconfigPath } from "../katconfig/katconfig_path.ts";
import { readKatconfig } from "../katconfig/read_katconfig.ts";
import type { Katconfig } from "../katconfig/katconfig.ts";
import { updateKatconfigServers } from "../katconfig/update_servers.ts";
import { EXIT } from "./command.ts";
import type { CliIo } from "./io.ts";

/**
 * `--katconfig`, which every command that talks to the cluster has.
 *
 * @example
 * ```ts
 * import { KATCONFIG_OPTION } from "./cluster_client.ts";
 * console.log(KATCONFIG_OPTION.long); // "katconfig"
 * ```
 */
export const KATCONFIG_OPTION = {
  long: "katconfig",
  value: "file",
  description:
    "the administrator's katconfig (default: $KATCONFIG, else ~/.kat/config)",
} as const;

/** Options of {@link withClusterClient}. */
export interface ClusterClientOptions {
  /** The value of `--katconfig`. @default {undefined} */
  katconfig?: string;
  /** How long one request may take, in milliseconds. @default {10000} */
  timeoutMs?: number;
}

/**
 * Runs `use` with a client of the cluster that the katconfig names, then
 * closes it. A katconfig that cannot be found, read or trusted and a request
 * that fails are said in one line on standard error, `WHAT: MESSAGE`, and
 * give exit code 1; anything else is thrown. When a server's answer named
 * the API servers (`kat-api-servers`) and they are not the katconfig's
 * `servers` (as a set), the katconfig file is rewritten with them, all else
 * kept; a file that cannot be rewritten is one line on standard error,
 * `TOOL: warning: …`, and changes neither output nor exit code.
 *
 * @param what How the line starts: `katcall get nodes`.
 *
 * @example
 * ```ts
 * import { withClusterClient } from "./cluster_client.ts";
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo({ env: { KATCONFIG: "/nonexistent" } });
 * const code = await withClusterClient(io, "katcall get nodes", {}, () => Promise.resolve(0));
 * console.log(code, io.errText().startsWith('katcall get nodes: no katconfig at "/nonexistent"')); // 1 true
 * ```
 */
export async function withClusterClient(
  io: CliIo,
  what: string,
  options: ClusterClientOptions,
  use: (client: ApiClient) => Promise<number>,
): Promise<number> {
  let client: ApiClient | undefined;
  let found: { path: string; config: Katconfig } | undefined;
  try {
    let code: number;
    try {
      const { path } = await resolveKatconfigPath({
        flag: options.katconfig,
        env: io.env,
      });
      const config = await readKatconfig(path);
      found = { path, config };
      client = new ApiClient(config, { timeoutMs: options.timeoutMs });
      code = await use(client);
    } catch (e) {
      if (!(e instanceof KatconfigError || e instanceof ApiError)) throw e;
      await io.stderr(`${what}: ${escapeControl(e.message)}\n`);
      code = EXIT.invalid;
    }
    const learned = client?.learnedServers;
    if (found !== undefined && learned !== undefined) {
      await keepLearnedServers(io, what, found.path, found.config, learned);
    }
    return code;
  } finally {
    client?.close();
  }
}

/**
 * Writes the servers the cluster named into the katconfig when they are
 * other than its own; one warning line when it cannot.
 */
async function keepLearnedServers(
  io: CliIo,
  what: string,
  path: string,
  config: Katconfig,
  learned: readonly string[],
): Promise<void> {
  try {
    await updateKatconfigServers(path, config, learned);
  } catch (e) {
    if (!(e instanceof KatconfigError)) throw e;
    await io.stderr(
      `${
        what.split(" ")[0]
      }: warning: the katconfig's servers are not updated to ${
        learned.join(",")
      }: ${escapeControl(e.message)}\n`,
    );
  }
}
