/**
 * The narrowest Deno permissions each tool needs, shared by the compile
 * script and the tests that prove them sufficient.
 *
 * @module
 */
import { COLOR_ENV_VARS } from "./colour.ts";

/**
 * Environment variables read at run time: `NO_COLOR`, `FORCE_COLOR` and
 * `TERM`, by the colour choice; `KATCONFIG` and `HOME`, by the commands that
 * talk to a cluster, to find the katconfig.
 */
export const ENV_VARS: readonly string[] = [
  ...COLOR_ENV_VARS,
  "KATCONFIG",
  "HOME",
];

/**
 * Environment variables that etcd's gRPC client (`@grpc/grpc-js`, loaded by
 * `kat-agent init` only) reads: its debug switches, TLS settings and proxy
 * settings. Under Deno, reading one not granted is an error, so the list must
 * be complete; a test checks it against the package's sources.
 */
export const GRPC_ENV_VARS: readonly string[] = [
  "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH",
  "GRPC_EXPERIMENTAL_ENABLE_OUTLIER_DETECTION",
  "GRPC_NODE_DEBUG_SEND_ERROR_DETAILS",
  "GRPC_NODE_TRACE",
  "GRPC_NODE_USE_ALTERNATIVE_RESOLVER",
  "GRPC_NODE_VERBOSITY",
  "GRPC_SSL_CIPHER_SUITES",
  "GRPC_TRACE",
  "GRPC_VERBOSITY",
  "grpc_proxy",
  "http_proxy",
  "https_proxy",
  "no_grpc_proxy",
  "no_proxy",
];

/**
 * Permission flags by tool: `katcall` reads inputs and writes `pack` output;
 * for `get` and `delete` it reads the katconfig (and rewrites its servers
 * when the cluster names others) and connects to the servers it names, which
 * can be any host and port, so `--allow-net` is not narrowed.
 * `kat-agent` reads its configuration (and, for `token create`, the
 * katconfig, and connects as `katcall` does); for `init` it also runs `etcd` (and
 * `pkill`, to stop the node's own etcd left running by a killed agent), writes
 * the data directory, talks to etcd, reads the host name (the default node
 * name) and the environment variables of etcd's gRPC client.
 *
 * @example
 * ```ts
 * import { PERMISSIONS } from "./permissions.ts";
 * console.log(PERMISSIONS["kat-agent"][0]); // "--allow-read"
 * ```
 */
export const PERMISSIONS: Readonly<
  Record<"katcall" | "kat-agent", readonly string[]>
> = {
  "katcall": [
    "--allow-read",
    "--allow-write",
    "--allow-net",
    `--allow-env=${ENV_VARS.join(",")}`,
  ],
  "kat-agent": [
    "--allow-read",
    "--allow-write",
    "--allow-net",
    "--allow-run=etcd,pkill",
    "--allow-sys=hostname,systemMemoryInfo",
    `--allow-env=${[...ENV_VARS, ...GRPC_ENV_VARS].join(",")}`,
  ],
};
