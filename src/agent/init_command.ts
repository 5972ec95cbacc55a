/**
 * The command-line side of `kat-agent init` without `--dry-run`: checks the
 * options, turns SIGINT, SIGTERM and SIGHUP into a shutdown and runs the agent. The
 * command line imports this module only then (it loads etcd's client); in
 * the binaries it is a bundle of its own, which is why it reports its own
 * usage errors.
 *
 * @module
 */
import type { CliIo } from "../cli/io.ts";
import { EXIT } from "../cli/command.ts";
import { UsageError } from "../cli/usage_error.ts";
import { runAgent } from "./agent.ts";
import { withStopSignals } from "./stop_signals.ts";
import { checkInitOptions, type RawInitOptions } from "./init_options.ts";

/**
 * Runs `kat-agent init` until SIGINT, SIGTERM or SIGHUP (exit 0 after a clean
 * shutdown) or a fatal problem (exit 1); a bad option prints
 * `kat-agent: <problem>` and the pointer to the help, and exits 2, as every
 * usage error of the tools.
 *
 * @example
 * ```ts
 * import { initCluster } from "./init_command.ts";
 * import { processIo } from "../cli/io.ts";
 * const code = await initCluster({
 *   config: "cluster.kat", nodeName: "alpha", dataDir: "/var/lib/kat",
 *   etcdListenAddress: "127.0.0.1", logFormat: "json",
 * }, processIo());
 * console.log(code);
 * ```
 */
export async function initCluster(
  raw: RawInitOptions,
  io: CliIo,
): Promise<number> {
  let options;
  try {
    options = checkInitOptions(raw);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    await io.stderr(
      `kat-agent: ${e.message}\nSee 'kat-agent init --help'.\n`,
    );
    return EXIT.usage;
  }
  return await withStopSignals((stop, force) =>
    runAgent({
      configPath: options.config,
      nodeName: options.nodeName,
      dataDir: options.dataDir,
      etcdEndpoints: options.etcdEndpoints,
      etcdListenAddress: options.etcdListenAddress,
      advertiseAddress: options.advertiseAddress,
      insecureEtcd: options.insecureEtcd,
      logFormat: options.logFormat,
      stop,
      force,
      stderr: (text) => io.stderr(text),
    })
  );
}

// The agent's one entry point for the command line (the binaries bundle it
// on its own): `join` is reached through it too.
export { joinCommand } from "./join_command.ts";
