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
  const stop = new AbortController();
  const force = new AbortController();
  // SIGHUP too: a closed terminal must not leave the local etcd behind.
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  const handlers = signals.map((signal) => {
    // The first signal stops the agent; a second one stops it at once.
    const handler = () =>
      stop.signal.aborted ? force.abort(signal) : stop.abort(signal);
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await runAgent({
      configPath: options.config,
      nodeName: options.nodeName,
      dataDir: options.dataDir,
      etcdEndpoints: options.etcdEndpoints,
      etcdListenAddress: options.etcdListenAddress,
      logFormat: options.logFormat,
      stop: stop.signal,
      force: force.signal,
      stderr: (text) => io.stderr(text),
    });
  } finally {
    for (const [signal, handler] of handlers) {
      Deno.removeSignalListener(signal, handler);
    }
  }
}
