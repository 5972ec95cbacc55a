/**
 * `kat-agent join`: its options checked, then the joined node run until a
 * signal stops it.
 *
 * @module
 */
import type { CliIo } from "../cli/io.ts";
import { EXIT } from "../cli/command.ts";
import { UsageError } from "../cli/usage_error.ts";
import { quote } from "../diagnostics/quote.ts";
import { PkiError } from "../pki/pki_error.ts";
import { parseCaCertHash } from "../pki/ca_cert_hash.ts";
import { TokenError } from "../token/token_error.ts";
import { parseToken } from "../token/token_format.ts";
import { checkAdvertiseAddress, checkNodeNameOption } from "./init_options.ts";
import { runJoinedNode } from "./joined_node.ts";
import type { LogFormat } from "./log.ts";
import { withStopSignals } from "./stop_signals.ts";

/**
 * `kat-agent join`'s options as given.
 *
 * @example
 * ```ts
 * import type { RawJoinOptions } from "./join_command.ts";
 * const o: RawJoinOptions = {
 *   leader: "https://10.0.0.1:9115", token: "abcdef.0123456789abcdef",
 *   caCertHash: "sha256:" + "0".repeat(64), dataDir: "/var/lib/kat",
 *   logFormat: "text",
 * };
 * ```
 */
export interface RawJoinOptions {
  leader: string;
  token: string;
  caCertHash: string;
  nodeName?: string;
  dataDir: string;
  advertiseAddress?: string;
  logFormat: LogFormat;
}

/** `--leader` checked: an `https://HOST:PORT` URL with nothing after it. */
function leaderUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--leader ${quote(text)}: not a URL`);
  }
  if (
    url.protocol !== "https:" || url.username || url.password ||
    (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash
  ) {
    throw new UsageError(
      `--leader ${quote(text)}: must be https://HOST:PORT (the leader's API)`,
    );
  }
  return url;
}

/**
 * Runs `kat-agent join` with `raw`; resolves to the exit code: 0 stopped by a
 * signal, 1 the join refused or failed, 2 a usage error.
 *
 * @example
 * ```ts
 * import { joinCommand } from "./join_command.ts";
 * import { memoryIo } from "../cli/io.ts";
 * const code = await joinCommand({
 *   leader: "http://x", token: "t", caCertHash: "h", dataDir: "/tmp/x",
 *   logFormat: "text",
 * }, memoryIo());
 * console.log(code); // 2
 * ```
 */
export async function joinCommand(
  raw: RawJoinOptions,
  io: CliIo,
): Promise<number> {
  let checked;
  try {
    const leader = leaderUrl(raw.leader);
    try {
      parseToken(raw.token);
    } catch (e) {
      if (e instanceof TokenError) {
        throw new UsageError(`--token: ${e.message}`);
      }
      throw e;
    }
    try {
      parseCaCertHash(raw.caCertHash);
    } catch (e) {
      if (e instanceof PkiError) {
        throw new UsageError(`--ca-cert-hash: ${e.message}`);
      }
      throw e;
    }
    if (raw.dataDir === "") {
      throw new UsageError("--data-dir: must not be empty");
    }
    checked = {
      leader,
      nodeName: checkNodeNameOption(raw.nodeName),
      advertiseAddress: checkAdvertiseAddress(raw.advertiseAddress),
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    await io.stderr(`kat-agent: ${e.message}\nSee 'kat-agent join --help'.\n`);
    return EXIT.usage;
  }
  const options = checked;
  return await withStopSignals((stop, force) =>
    runJoinedNode({
      leader: options.leader,
      token: raw.token,
      caCertHash: raw.caCertHash,
      nodeName: options.nodeName,
      dataDir: raw.dataDir,
      advertiseAddress: options.advertiseAddress,
      logFormat: raw.logFormat,
      stop,
      force,
      stderr: (text) => io.stderr(text),
    })
  );
}
