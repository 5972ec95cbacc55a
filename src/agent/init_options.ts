/**
 * The options of `kat-agent init` (without `--dry-run`), checked by the
 * command line before it loads the agent: a bad option is a usage error
 * (exit 2) that costs no etcd client.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import { quote } from "../diagnostics/quote.ts";
import { normaliseEndpoints } from "../state/endpoints.ts";
import type { LogFormat } from "./log.ts";
import { nodeNameFromHostname, nodeNameProblem } from "./node_name.ts";

/**
 * The options as given on the command line.
 *
 * @example
 * ```ts
 * import type { RawInitOptions } from "./init_options.ts";
 * const raw: RawInitOptions = {
 *   config: "cluster.kat", dataDir: "/var/lib/kat",
 *   etcdListenAddress: "127.0.0.1", logFormat: "text",
 * };
 * ```
 */
export interface RawInitOptions {
  /** `--config`. */
  config: string;
  /** `--node-name`; default: the host name's first label, lowercased. */
  nodeName?: string;
  /** `--data-dir`. */
  dataDir: string;
  /** `--etcd-endpoints`, comma-separated; default: start a local etcd. */
  etcdEndpoints?: string;
  /** `--etcd-listen-address`; default: the advertise address. */
  etcdListenAddress?: string;
  /** `--advertise-address`; default: `127.0.0.1`. */
  advertiseAddress?: string;
  /** `--insecure-etcd`: a plain-HTTP local etcd, for development only. */
  insecureEtcd?: boolean;
  /** `--log-format`. */
  logFormat: LogFormat;
}

/**
 * The options, checked: a node name, and the endpoints as a list.
 *
 * @example
 * ```ts
 * import type { InitOptions } from "./init_options.ts";
 * const o: InitOptions = {
 *   config: "cluster.kat", nodeName: "alpha", dataDir: "/var/lib/kat",
 *   etcdEndpoints: ["http://10.0.0.2:2379"], etcdListenAddress: "127.0.0.1",
 *   advertiseAddress: "127.0.0.1", insecureEtcd: false, logFormat: "json",
 * };
 * ```
 */
export interface InitOptions {
  /** The `cluster.kat` to read. */
  config: string;
  /** This node's name. */
  nodeName: string;
  /** The data directory. */
  dataDir: string;
  /** Client URLs of an existing etcd, or undefined to start a local one. */
  etcdEndpoints?: string[];
  /** The address the local etcd listens on. */
  etcdListenAddress: string;
  /** The address this node advertises: its API and etcd are reached there. */
  advertiseAddress: string;
  /** Run the local etcd without TLS and access control (development). */
  insecureEtcd: boolean;
  /** The log format. */
  logFormat: LogFormat;
}

/**
 * Whether `address` is an IPv4 or IPv6 address (not a host name).
 *
 * @example
 * ```ts
 * import { isIpAddress } from "./init_options.ts";
 * console.log(isIpAddress("127.0.0.1"), isIpAddress("::1"), isIpAddress("localhost")); // true true false
 * ```
 */
export function isIpAddress(address: string): boolean {
  const octet = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  if (new RegExp(`^${octet}(\\.${octet}){3}$`).test(address)) return true;
  if (!address.includes(":") || !/^[0-9a-fA-F:.]+$/.test(address)) {
    return false;
  }
  try {
    new URL(`http://[${address}]/`);
    return true;
  } catch {
    return false;
  }
}

/** The default advertise address. */
export const DEFAULT_ADVERTISE_ADDRESS = "127.0.0.1";

/**
 * `--advertise-address` checked: an IP address of one host (not `0.0.0.0` or
 * `::`), by default {@link DEFAULT_ADVERTISE_ADDRESS}; a {@link UsageError}
 * otherwise.
 *
 * @example
 * ```ts
 * import { checkAdvertiseAddress } from "./init_options.ts";
 * console.log(checkAdvertiseAddress("127.0.0.2")); // 127.0.0.2
 * ```
 */
export function checkAdvertiseAddress(given: string | undefined): string {
  const address = given ?? DEFAULT_ADVERTISE_ADDRESS;
  if (!isIpAddress(address)) {
    throw new UsageError(
      `--advertise-address ${quote(address)}: must be an IPv4 or IPv6 address`,
    );
  }
  if (address === "0.0.0.0" || address === "::") {
    throw new UsageError(
      `--advertise-address ${
        quote(address)
      }: must be one address other nodes can reach, not every address`,
    );
  }
  return address;
}

/**
 * `--node-name` checked, or the node name from the host name when not
 * given; a {@link UsageError} when neither makes a node name.
 *
 * @example
 * ```ts
 * import { checkNodeNameOption } from "./init_options.ts";
 * console.log(checkNodeNameOption("node-2")); // node-2
 * ```
 */
export function checkNodeNameOption(
  given: string | undefined,
  hostname: () => string = Deno.hostname,
): string {
  return nodeName(given, hostname);
}

function nodeName(given: string | undefined, hostname: () => string): string {
  if (given !== undefined) {
    const problem = nodeNameProblem(given);
    if (problem) {
      throw new UsageError(`--node-name ${quote(given)}: ${problem}`);
    }
    return given;
  }
  let host: string;
  try {
    host = hostname();
  } catch (e) {
    throw new UsageError(
      `cannot read the host name for the node name (${
        (e as Error).message
      }); give --node-name`,
    );
  }
  const name = nodeNameFromHostname(host);
  if (!name) {
    throw new UsageError(
      `the host name ${
        quote(host)
      } does not make a node name (a DNS label); give --node-name`,
    );
  }
  return name;
}

/**
 * Checks `raw`; throws a {@link UsageError} naming the first bad option.
 * `hostname` (default: `Deno.hostname`) gives the default node name.
 *
 * @example
 * ```ts
 * import { checkInitOptions } from "./init_options.ts";
 * const o = checkInitOptions({
 *   config: "cluster.kat", dataDir: "/var/lib/kat", etcdEndpoints: "10.0.0.2:2379, 10.0.0.3:2379",
 *   etcdListenAddress: "127.0.0.1", logFormat: "text",
 * }, () => "Web-1.example.org");
 * console.log(o.nodeName, o.etcdEndpoints); // "web-1" ["http://10.0.0.2:2379", "http://10.0.0.3:2379"]
 * ```
 */
export function checkInitOptions(
  raw: RawInitOptions,
  hostname: () => string = Deno.hostname,
): InitOptions {
  const node = nodeName(raw.nodeName, hostname);
  let etcdEndpoints: string[] | undefined;
  if (raw.etcdEndpoints !== undefined) {
    const list = raw.etcdEndpoints.split(",").map((s) => s.trim()).filter((
      s,
    ) => s !== "");
    try {
      etcdEndpoints = normaliseEndpoints(list);
    } catch (e) {
      throw new UsageError(`--etcd-endpoints: ${(e as Error).message}`);
    }
  }
  const advertiseAddress = checkAdvertiseAddress(raw.advertiseAddress);
  const etcdListenAddress = raw.etcdListenAddress ?? advertiseAddress;
  if (!isIpAddress(etcdListenAddress)) {
    throw new UsageError(
      `--etcd-listen-address ${
        quote(etcdListenAddress)
      }: must be an IPv4 or IPv6 address`,
    );
  }
  if (
    !raw.insecureEtcd && etcdListenAddress !== advertiseAddress &&
    etcdListenAddress !== "0.0.0.0" && etcdListenAddress !== "::"
  ) {
    throw new UsageError(
      `--etcd-listen-address ${
        quote(etcdListenAddress)
      }: must be the advertise address (${advertiseAddress}) or every address (0.0.0.0, ::): etcd's certificate names the advertise address only`,
    );
  }
  if (raw.dataDir === "") throw new UsageError("--data-dir: must not be empty");
  return {
    config: raw.config,
    nodeName: node,
    dataDir: raw.dataDir,
    etcdEndpoints,
    etcdListenAddress,
    advertiseAddress,
    insecureEtcd: raw.insecureEtcd ?? false,
    logFormat: raw.logFormat,
  };
}
