/**
 * Which katconfig file a command uses.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { KatconfigError } from "./katconfig_error.ts";

/** Options of {@link resolveKatconfigPath}. */
export interface KatconfigPathOptions {
  /** The value of `--katconfig`. @default {undefined} */
  flag?: string;
  /**
   * Reads an environment variable (`KATCONFIG`, `HOME`).
   * @default {reads the process's environment; a variable not granted reads as unset}
   */
  env?: (name: string) => string | undefined;
}

/** Where the path came from. */
export type KatconfigSource = "--katconfig" | "$KATCONFIG" | "~/.kat/config";

/** The file chosen and why. */
export interface KatconfigPath {
  /** The path. */
  path: string;
  /** What chose it. */
  source: KatconfigSource;
}

const HOW_TO_GET_ONE =
  "kat-agent init writes the administrator's katconfig to D/admin.katconfig (D: its --data-dir): give that with --katconfig or $KATCONFIG, or copy it to ~/.kat/config (mode 0600)";

function processEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * The katconfig a command uses: `--katconfig` when given, else
 * `$KATCONFIG` when set and not empty, else `$HOME/.kat/config`; the first of
 * these that is given is the one used (no fallback past a path given that
 * does not exist). A path that does not exist (or no path at all: `$HOME`
 * unset) is a {@link KatconfigError} `katconfig.not_found` whose one line
 * says what was tried and how to get a katconfig.
 *
 * @example
 * ```ts
 * import { resolveKatconfigPath } from "./katconfig_path.ts";
 * try {
 *   await resolveKatconfigPath({ env: (n) => n === "HOME" ? "/nonexistent" : undefined });
 * } catch (e) {
 *   console.log((e as Error).message.startsWith('no katconfig at "/nonexistent/.kat/config" (--katconfig not given, $KATCONFIG not set)')); // true
 * }
 * ```
 */
export async function resolveKatconfigPath(
  options: KatconfigPathOptions = {},
): Promise<KatconfigPath> {
  const env = options.env ?? processEnv;
  let chosen: KatconfigPath;
  let why: string;
  const fromEnv = env("KATCONFIG");
  const home = env("HOME");
  if (options.flag !== undefined) {
    chosen = { path: options.flag, source: "--katconfig" };
    why = "from --katconfig";
  } else if (fromEnv) {
    chosen = { path: fromEnv, source: "$KATCONFIG" };
    why = "from $KATCONFIG, --katconfig not given";
  } else if (home) {
    chosen = {
      path: `${home.replace(/\/+$/, "")}/.kat/config`,
      source: "~/.kat/config",
    };
    why = "--katconfig not given, $KATCONFIG not set";
  } else {
    throw new KatconfigError(
      "not_found",
      `no katconfig: --katconfig not given, $KATCONFIG and $HOME not set; ${HOW_TO_GET_ONE}`,
    );
  }
  if (chosen.path === "") {
    throw new KatconfigError("not_found", `--katconfig needs a file name`);
  }
  try {
    await Deno.stat(chosen.path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) return chosen;
    throw new KatconfigError(
      "not_found",
      `no katconfig at ${quote(chosen.path)} (${why}); ${HOW_TO_GET_ONE}`,
      e,
    );
  }
  return chosen;
}
