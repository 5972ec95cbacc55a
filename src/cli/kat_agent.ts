/**
 * `kat-agent`: the node agent. `init --dry-run` prints the effective cluster
 * configuration; `init` starts the node's etcd (or joins `--etcd-endpoints`),
 * campaigns for leadership and, as leader, stores the configuration in etcd.
 *
 * The agent itself (`src/agent/`) loads etcd's gRPC client, which runs on
 * Deno's Node compatibility layer; it is imported only by `init` without
 * `--dry-run`, so that every other command starts without it.
 *
 * @module
 */
import {
  clusterConfigurationOf,
  loadClusterConfiguration,
} from "../cluster/cluster_config.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { manifestJson, resourceFormats } from "../output/resources.ts";
import { paletteFor } from "./colour.ts";
import { EXIT, runProgram } from "./command.ts";
import { defineCommand } from "./spec.ts";
import { VERSION } from "../version.ts";
import type { CliIo } from "./io.ts";
import { tokenCommand, type TokenCommandOptions } from "./token_command.ts";

/** `--node-name`, of `init` and `join`. */
const NODE_NAME_OPTION = {
  long: "node-name",
  value: "name",
  description: "this node's name (default: from the host name)",
} as const;

/** `--log-format`, of `init` and `join`. */
const LOG_FORMAT_OPTION = {
  long: "log-format",
  value: "format",
  description: "log lines as text or JSON",
  choices: ["text", "json"],
  default: "text",
} as const;

/**
 * The agent's module, loaded only by `init` and `join`.
 *
 * The binaries load the agent from a bundle of its own: keep this import
 * exactly as it is, scripts/compile.ts relinks it.
 */
function loadAgent() {
  return import("../agent/init_command.ts");
}

/** Options of {@link runKatAgent}: `timeoutMs` of `token create`'s request. */
export type KatAgentOptions = TokenCommandOptions;

/**
 * Runs `kat-agent` with `args` (without the program name); resolves to the exit
 * code: 0 valid (for `init`: stopped cleanly; for `token create`: done), 1
 * invalid or unreadable input (for `init`: also a configuration refused or an
 * etcd that fails; for `token create`: refused or failed), 2 usage error.
 *
 * @example
 * ```ts
 * import { runKatAgent } from "./kat_agent.ts";
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo();
 * console.log(await runKatAgent(["--version"], io)); // 0
 * ```
 */
export async function runKatAgent(
  args: readonly string[],
  io: CliIo,
  options: KatAgentOptions = {},
): Promise<number> {
  const palette = paletteFor("auto", io.stderrIsTerminal, io.env);
  const init = defineCommand({
    name: "init",
    description:
      "Start a cluster from its cluster.kat: the cluster CA, the node's etcd, the leader election, the stored configuration and the API; runs until SIGINT, SIGTERM or SIGHUP.",
    options: [
      {
        long: "config",
        short: "c",
        value: "file",
        description: "the ClusterConfiguration file (cluster.kat)",
        required: true,
      },
      {
        long: "dry-run",
        description: "print the effective configuration and exit",
      },
      {
        long: "format",
        short: "f",
        value: "format",
        description: "output format of --dry-run",
        choices: ["yaml", "json", "binpb"],
        default: "yaml",
      },
      NODE_NAME_OPTION,
      {
        long: "data-dir",
        value: "dir",
        description:
          "where the local etcd keeps its data, log and pid file, and the agent its lock, lease record, PKI and the administrator's katconfig",
        default: "/var/lib/kat",
      },
      {
        long: "etcd-endpoints",
        value: "urls",
        description:
          "use this etcd cluster (comma-separated client URLs) instead of starting one",
      },
      {
        long: "advertise-address",
        value: "ip",
        description:
          "this node's address: the API and etcd listen there and other nodes reach it (default: 127.0.0.1)",
      },
      {
        long: "etcd-listen-address",
        value: "ip",
        description:
          "the address the local etcd's ports listen on (default: the advertise address)",
      },
      {
        long: "insecure-etcd",
        description:
          "development only: run the local etcd over plain HTTP, without TLS, client certificates or access control",
      },
      LOG_FORMAT_OPTION,
    ],
    action: async ({ options: opts }) => {
      if (!opts.dryRun) {
        const { initCluster } = await loadAgent();
        return await initCluster({
          config: opts.config,
          nodeName: opts.nodeName,
          dataDir: opts.dataDir,
          etcdEndpoints: opts.etcdEndpoints,
          etcdListenAddress: opts.etcdListenAddress,
          advertiseAddress: opts.advertiseAddress,
          insecureEtcd: opts.insecureEtcd,
          logFormat: opts.logFormat,
        }, io);
      }
      const result = await loadClusterConfiguration(opts.config);
      await io.stderr(formatDiagnosticsText(result.diagnostics, palette));
      const config = clusterConfigurationOf(result);
      if (!config || !result.valid) return EXIT.invalid;
      await io.stdout(
        opts.format === "json"
          ? new TextEncoder().encode(manifestJson(config))
          : await resourceFormats[opts.format].render([config]),
      );
      return EXIT.ok;
    },
  });
  const join = defineCommand({
    name: "join",
    description:
      "Join a cluster through its leader with a join token, trusting only the CA with the given hash, then report this node's status until SIGINT, SIGTERM or SIGHUP.",
    options: [
      {
        long: "leader",
        value: "url",
        description: "the leader's API, https://HOST:PORT",
        required: true,
      },
      {
        long: "token",
        value: "id.secret",
        description: "a join token, as 'kat-agent token create' prints it",
        required: true,
      },
      {
        long: "ca-cert-hash",
        value: "sha256:hex",
        description: "the SHA-256 of the cluster CA's public key",
        required: true,
      },
      NODE_NAME_OPTION,
      {
        long: "data-dir",
        value: "dir",
        description:
          "where this node keeps its key, certificates and join record",
        default: "/var/lib/kat",
      },
      {
        long: "advertise-address",
        value: "ip",
        description:
          "this node's address, put in its certificate (default: 127.0.0.1)",
      },
      LOG_FORMAT_OPTION,
    ],
    action: async ({ options: opts }) => {
      const { joinCommand } = await loadAgent();
      return await joinCommand({
        leader: opts.leader,
        token: opts.token,
        caCertHash: opts.caCertHash,
        nodeName: opts.nodeName,
        dataDir: opts.dataDir,
        advertiseAddress: opts.advertiseAddress,
        logFormat: opts.logFormat,
      }, io);
    },
  });
  return await runProgram(
    {
      name: "kat-agent",
      description: "The KAT node agent.",
      version: VERSION,
      commands: [init, join, tokenCommand(io, options)],
    },
    args,
    io,
  );
}
