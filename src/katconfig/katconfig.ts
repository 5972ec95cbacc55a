/**
 * The administrator's katconfig: which cluster, where its leader answers,
 * which CA to trust and the credential to present.
 *
 * @module
 */

/**
 * What a katconfig file holds.
 *
 * @example
 * ```ts
 * import type { Katconfig } from "./katconfig.ts";
 * const config: Katconfig = {
 *   cluster: "homelab",
 *   servers: ["https://10.0.0.1:9115"],
 *   caCertificate: "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n",
 *   credential: "kat-" + "0".repeat(64),
 * };
 * ```
 */
export interface Katconfig {
  /** The cluster's name. */
  cluster: string;
  /** `https://HOST:PORT` of the API, tried in order. */
  servers: string[];
  /** PEM of the cluster CA: the only certificate authority trusted. */
  caCertificate: string;
  /** The administrator's bearer credential. */
  credential: string;
}

/**
 * `kind:` of a katconfig file.
 *
 * @example
 * ```ts
 * import { KATCONFIG_KIND } from "./katconfig.ts";
 * console.log(KATCONFIG_KIND); // "KatConfig"
 * ```
 */
export const KATCONFIG_KIND = "KatConfig";

/**
 * The keys of a katconfig file, in the order they are written.
 *
 * @example
 * ```ts
 * import { KATCONFIG_KEYS } from "./katconfig.ts";
 * console.log(KATCONFIG_KEYS[0]); // "apiVersion"
 * ```
 */
export const KATCONFIG_KEYS: readonly string[] = [
  "apiVersion",
  "kind",
  "cluster",
  "servers",
  "caCertificate",
  "credential",
];

/**
 * The mode a katconfig file is written with, and the most it may have when
 * read: it holds the administrator's credential.
 *
 * @example
 * ```ts
 * import { KATCONFIG_MODE } from "./katconfig.ts";
 * console.log(KATCONFIG_MODE.toString(8)); // "600"
 * ```
 */
export const KATCONFIG_MODE = 0o600;
