/**
 * The toolkit's version, taken from deno.json at build time.
 *
 * @module
 */
import config from "../deno.json" with { type: "json" };

/**
 * The version of this build, e.g. `0.1.0`.
 *
 * @example
 * ```ts
 * import { VERSION } from "@kat/toolkit";
 * console.log(VERSION); // for example "0.1.0"
 * ```
 */
export const VERSION: string = config.version;
