/**
 * Declarative command lines: a program is a name, a description, a version and
 * subcommands; a subcommand is its positional arguments, its options and an
 * action. `parseCommandLine` (in `parse_args.ts`) reads a command line against
 * such a spec, `formatHelp` (in `help.ts`) describes it, and `runProgram` (in
 * `command.ts`) ties them together.
 *
 * @module
 */

/** One option of a command: a boolean flag, or an option with a value. */
export interface OptionSpec {
  /** The long name without dashes: `format` for `--format`. */
  readonly long: string;
  /** A one-letter short name without the dash: `f` for `-f`. */
  readonly short?: string;
  /**
   * The name of the option's value in help: `format` for `<format>`. Without
   * it the option is a boolean flag, which takes no value.
   */
  readonly value?: string;
  /** One line for help. */
  readonly description: string;
  /** The values allowed, in the order help lists them. Default: any value. */
  readonly choices?: readonly string[];
  /** The value when the option is not given. Default: none (`undefined`). */
  readonly default?: string;
  /** Whether leaving the option out is an error. Default: `false`. */
  readonly required?: boolean;
  /**
   * Values users type that mean one of the choices (`xml` for `junit`),
   * suggested when such a value is given. Default: none.
   */
  readonly synonyms?: Readonly<Record<string, string>>;
}

/** One positional argument of a command. */
export interface ArgumentSpec {
  /** Its name in help and in the action's `args`. */
  readonly name: string;
  /** One line for help. */
  readonly description: string;
  /** Whether leaving it out is an error. Default: `true`. */
  readonly required?: boolean;
  /** Whether it takes every remaining positional (only the last one may). Default: `false`. */
  readonly variadic?: boolean;
}

/** `dry-run` → `dryRun`: how an option's long name is spelt in `options`. */
export type CamelCase<S extends string> = S extends `${infer H}-${infer T}`
  ? `${H}${Capitalize<CamelCase<T>>}`
  : S;

/** The value an option has in the action: its choices, a string, or a boolean. */
export type OptionValue<O extends OptionSpec> = O extends
  { readonly value: string } ?
    | (O extends { readonly choices: readonly (infer C extends string)[] } ? C
      : string)
    | (O extends { readonly default: string } | { readonly required: true }
      ? never
      : undefined)
  : boolean;

/** The options an action receives, by the camel-cased long name. */
export type OptionValues<O extends readonly OptionSpec[]> = {
  [K in O[number] as CamelCase<K["long"]>]: OptionValue<K>;
};

/** The value an argument has in the action. */
export type ArgumentValue<A extends ArgumentSpec> = A extends
  { readonly variadic: true } ? string[]
  : A extends { readonly required: false } ? string | undefined
  : string;

/** The positional arguments an action receives, by name. */
export type ArgumentValues<A extends readonly ArgumentSpec[]> = {
  [K in A[number] as K["name"]]: ArgumentValue<K>;
};

/** A command as written, typed by its own arguments and options. */
export interface CommandSpec<
  O extends readonly OptionSpec[],
  A extends readonly ArgumentSpec[],
> {
  /** The word that selects it: `validate`. */
  readonly name: string;
  /** What it does, for help. */
  readonly description: string;
  /**
   * Words users type that mean this command (`check` for `validate`),
   * suggested when such a word is given. Default: none.
   */
  readonly synonyms?: readonly string[];
  /** Its positional arguments, in order. Default: none. */
  readonly arguments?: A;
  /** Its options, in the order help lists them. Default: none. */
  readonly options?: O;
  /** Runs the command; resolves to the exit code. */
  readonly action: (
    input: { args: ArgumentValues<A>; options: OptionValues<O> },
  ) => number | Promise<number>;
}

/** What the parser hands to an action, before {@link defineCommand} types it. */
export interface ParsedInput {
  /** Positional arguments by name (a list for a variadic one). */
  readonly args: Readonly<Record<string, string | string[] | undefined>>;
  /** Options by camel-cased long name, defaults applied; flags are booleans. */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

/** A command as a program holds it (see {@link defineCommand}). */
export interface Command {
  /** The word that selects it. */
  readonly name: string;
  /** What it does, for help. */
  readonly description: string;
  /** Words users type that mean this command. */
  readonly synonyms: readonly string[];
  /** Its positional arguments, in order. */
  readonly arguments: readonly ArgumentSpec[];
  /** Its options, in the order help lists them. */
  readonly options: readonly OptionSpec[];
  /** Runs the command; resolves to the exit code. */
  readonly action: (input: ParsedInput) => Promise<number>;
}

/** A tool: its name, what it does, its version and its subcommands. */
export interface ProgramSpec {
  /** The executable's name: `katcall`. */
  readonly name: string;
  /** What it does, for help. */
  readonly description: string;
  /** Printed by `-V`/`--version`. */
  readonly version: string;
  /** Its subcommands, in the order help lists them. */
  readonly commands: readonly Command[];
}

/**
 * A command from its spec; the action's `args` and `options` are typed from
 * the spec (option choices become a union, a `default` or `required` removes
 * `undefined`, a flag is a boolean). Throws on a spec the parser could not
 * honour: a variadic argument before the last, a name used twice (including
 * `help` and `version`), an option both required and defaulted, or a default
 * outside the choices.
 *
 * @example
 * ```ts
 * import { defineCommand } from "./spec.ts";
 * const greet = defineCommand({
 *   name: "greet",
 *   description: "Say hello.",
 *   arguments: [{ name: "who", description: "whom to greet" }],
 *   options: [{ long: "loud", description: "shout" }],
 *   action: ({ args, options }) => {
 *     console.log(options.loud ? args.who.toUpperCase() : args.who);
 *     return 0;
 *   },
 * });
 * console.log(greet.arguments[0].name); // "who"
 * ```
 */
export function defineCommand<
  const O extends readonly OptionSpec[] = readonly [],
  const A extends readonly ArgumentSpec[] = readonly [],
>(spec: CommandSpec<O, A>): Command {
  checkSpec(spec.name, spec.arguments ?? [], spec.options ?? []);
  return {
    name: spec.name,
    description: spec.description,
    synonyms: spec.synonyms ?? [],
    arguments: spec.arguments ?? [],
    options: spec.options ?? [],
    // The parser fills in exactly what the spec declares, so the erased input
    // has the shape the spec's types describe.
    action: async (input) =>
      await spec.action(
        input as unknown as {
          args: ArgumentValues<A>;
          options: OptionValues<O>;
        },
      ),
  };
}

/** A spec the parser could not honour is a bug in the tool: fail at once. */
function checkSpec(
  name: string,
  args: readonly ArgumentSpec[],
  options: readonly OptionSpec[],
): void {
  const fail = (why: string) => {
    throw new Error(`command ${name}: ${why}`);
  };
  args.forEach((a, i) => {
    if (a.variadic && i < args.length - 1) {
      fail(`only the last argument may be variadic, not ${a.name}`);
    }
  });
  const longs = new Set<string>();
  const shorts = new Set<string>();
  for (const o of [...options, HELP_OPTION, VERSION_OPTION]) {
    if (longs.has(o.long)) fail(`option --${o.long} is declared twice`);
    longs.add(o.long);
    if (o.short !== undefined) {
      if (shorts.has(o.short)) fail(`option -${o.short} is declared twice`);
      shorts.add(o.short);
    }
    if (o.required && o.default !== undefined) {
      fail(`option --${o.long} cannot be both required and defaulted`);
    }
    if (
      o.default !== undefined && o.choices && !o.choices.includes(o.default)
    ) {
      fail(`the default of --${o.long} is not one of its choices`);
    }
  }
}

/**
 * `-h, --help`, which every command and the program have.
 *
 * @example
 * ```ts
 * import { HELP_OPTION, optionFlags } from "./spec.ts";
 * console.log(optionFlags(HELP_OPTION)); // "-h, --help"
 * ```
 */
export const HELP_OPTION: OptionSpec = {
  long: "help",
  short: "h",
  description: "display help for command",
};

/**
 * `-V, --version`, which the program has and every command accepts.
 *
 * @example
 * ```ts
 * import { optionFlags, VERSION_OPTION } from "./spec.ts";
 * console.log(optionFlags(VERSION_OPTION)); // "-V, --version"
 * ```
 */
export const VERSION_OPTION: OptionSpec = {
  long: "version",
  short: "V",
  description: "print the version",
};

/**
 * How an option is written in help and in errors: `-f, --format <format>`.
 *
 * @example
 * ```ts
 * import { optionFlags } from "./spec.ts";
 * console.log(optionFlags({ long: "dry-run", description: "" })); // "--dry-run"
 * console.log(optionFlags({ long: "output", short: "o", value: "file", description: "" })); // "-o, --output <file>"
 * ```
 */
export function optionFlags(option: OptionSpec): string {
  const short = option.short === undefined ? "" : `-${option.short}, `;
  const value = option.value === undefined ? "" : ` <${option.value}>`;
  return `${short}--${option.long}${value}`;
}

/**
 * How an argument is written in a usage line: `<path>`, `<path...>`,
 * `[path]` or `[path...]`.
 *
 * @example
 * ```ts
 * import { argumentUsage } from "./spec.ts";
 * console.log(argumentUsage({ name: "path", description: "", variadic: true })); // "<path...>"
 * ```
 */
export function argumentUsage(argument: ArgumentSpec): string {
  const name = argument.name + (argument.variadic ? "..." : "");
  return argument.required === false ? `[${name}]` : `<${name}>`;
}

/**
 * The key of an option in an action's `options`: the long name in camel case.
 *
 * @example
 * ```ts
 * import { optionKey } from "./spec.ts";
 * console.log(optionKey({ long: "dry-run", description: "" })); // "dryRun"
 * ```
 */
export function optionKey(option: OptionSpec): string {
  return option.long.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
}
