/**
 * Colour for terminal output: `--color auto|always|never`, and for `auto` the
 * conventions of `FORCE_COLOR`, `NO_COLOR` and `TERM=dumb`.
 *
 * @module
 */
import { type Palette, plain } from "../output/diagnostics_text.ts";

/** The values of `--color`. */
export const COLOR_MODES = ["auto", "always", "never"] as const;

/** When to colour: `auto` decides from the stream and the environment. */
export type ColorMode = typeof COLOR_MODES[number];

/**
 * Environment variables that {@link useColor} reads; the tools must be
 * allowed to read them.
 *
 * @example
 * ```ts
 * import { COLOR_ENV_VARS } from "./colour.ts";
 * console.log(COLOR_ENV_VARS.includes("NO_COLOR")); // true
 * ```
 */
export const COLOR_ENV_VARS: readonly string[] = [
  "NO_COLOR",
  "FORCE_COLOR",
  "TERM",
];

/**
 * Whether to colour a stream. `always` and `never` decide alone. For `auto`,
 * in this order: `FORCE_COLOR` set and not empty forces colour on (off when
 * it is `0` or `false`, as Node.js reads it); `NO_COLOR` set and not empty
 * turns it off; then colour only on a terminal whose `TERM` is not `dumb`.
 *
 * @param mode The `--color` value.
 * @param isTerminal Whether the stream is a terminal.
 * @param env Reads an environment variable.
 *
 * @example
 * ```ts
 * import { useColor } from "./colour.ts";
 * const env = (name: string) => ({ TERM: "dumb" } as Record<string, string>)[name];
 * console.log(useColor("auto", true, env), useColor("always", false, env)); // false true
 * ```
 */
export function useColor(
  mode: ColorMode,
  isTerminal: boolean,
  env: (name: string) => string | undefined,
): boolean {
  if (mode !== "auto") return mode === "always";
  const force = env("FORCE_COLOR");
  if (force !== undefined && force !== "") {
    return !["0", "false"].includes(force.toLowerCase());
  }
  const noColor = env("NO_COLOR");
  if (noColor !== undefined && noColor !== "") return false;
  return isTerminal && env("TERM") !== "dumb";
}

/** Bold red and bold yellow for the severity word. */
const COLOURS: Palette = {
  error: (t) => `\x1b[1;31m${t}\x1b[0m`,
  warning: (t) => `\x1b[1;33m${t}\x1b[0m`,
};

/**
 * The palette for a stream (see {@link useColor}).
 *
 * @example
 * ```ts
 * import { paletteFor } from "./colour.ts";
 * console.log(paletteFor("auto", false, () => undefined).error("error")); // "error"
 * ```
 */
export function paletteFor(
  mode: ColorMode,
  isTerminal: boolean,
  env: (name: string) => string | undefined,
): Palette {
  return useColor(mode, isTerminal, env) ? COLOURS : plain;
}
