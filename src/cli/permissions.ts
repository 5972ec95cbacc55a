/**
 * The narrowest Deno permissions each tool needs, shared by the compile
 * script and the tests that prove them sufficient.
 *
 * @module
 */

/** Environment variables read at run time: `NO_COLOR` by our colour choice. */
export const ENV_VARS: readonly string[] = ["NO_COLOR"];

/**
 * Permission flags by tool: `katcall` reads inputs and writes `pack` output;
 * `kat-agent` only reads its configuration.
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
    `--allow-env=${ENV_VARS.join(",")}`,
  ],
  "kat-agent": ["--allow-read", `--allow-env=${ENV_VARS.join(",")}`],
};
