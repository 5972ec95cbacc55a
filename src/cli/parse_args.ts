/**
 * Reads a command line against a {@link ProgramSpec}, as strictly as
 * `commander` did: every option must be known, every value allowed, every
 * required argument and option present.
 *
 * Accepted forms: `--opt value`, `--opt=value`, `-o value`, `-ovalue`, a
 * boolean `--flag` or `-f`; `--` ends the options; a lone `-` is a positional
 * (it names standard input); options may come before or after positionals. An
 * option's value is the next word whatever it looks like (`-o -`,
 * `--config --dry-run`). A repeated option keeps its last value. A word that
 * reads as a negative number (`-1`, `-.5`, `-2e3`) is a positional, since no
 * option has a digit for its short name.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  closestWords,
  formatSuggestion,
  suggestSimilar,
} from "./suggest_similar.ts";
import {
  argumentUsage,
  type Command,
  HELP_OPTION,
  optionKey,
  type OptionSpec,
  type ParsedInput,
  type ProgramSpec,
  VERSION_OPTION,
} from "./spec.ts";
import { ArgsError, UsageError } from "./usage_error.ts";

/** What a command line asks for. */
export type ParsedCommandLine =
  | {
    /** Help for the program (`command` undefined) or for one command. */
    readonly kind: "help";
    /** The command to describe; undefined for the whole program. */
    readonly command: Command | undefined;
    /**
     * Whether help stands in for an error (no command given): it then goes
     * to standard error and the exit code is 2.
     */
    readonly error: boolean;
  }
  | {
    /** `-V`/`--version`. */
    readonly kind: "version";
  }
  | {
    /** A command to run. */
    readonly kind: "run";
    /** The command. */
    readonly command: Command;
    /** Its arguments and options, defaults applied. */
    readonly input: ParsedInput;
  };

/** The options, positionals and first error of a stretch of the command line. */
interface Scan {
  /** Option to its value (`true` for a flag given). */
  values: Map<OptionSpec, string | true>;
  positionals: string[];
  /** The words after the first positional, when scanning stopped there. */
  rest: string[];
  /** The first mistake met; scanning goes on so that `--help` still wins. */
  error: ArgsError | undefined;
}

function unknownOption(
  token: string,
  options: readonly OptionSpec[],
): ArgsError {
  const suggestion = token.startsWith("--")
    ? suggestSimilar(
      token.split("=", 1)[0],
      options.map((o) => `--${o.long}`),
    )
    : undefined;
  return new ArgsError(
    "unknown-option",
    `unknown option ${quote(token)}`,
    suggestion,
  );
}

/** `-1`, `-2.5`, `-.5`, `-1e3`: read as a positional, not as options. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether `token` is a positional rather than an option. */
function isPositional(token: string, options: readonly OptionSpec[]): boolean {
  if (token === "-" || !token.startsWith("-")) return true;
  return NEGATIVE_NUMBER.test(token) &&
    !options.some((o) => o.short !== undefined && /\d/.test(o.short));
}

function scan(
  tokens: readonly string[],
  options: readonly OptionSpec[],
  stopAtPositional: boolean,
): Scan {
  const result: Scan = {
    values: new Map(),
    positionals: [],
    rest: [],
    error: undefined,
  };
  const fail = (e: ArgsError) => void (result.error ??= e);
  let optionsEnded = false;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i++];
    if (optionsEnded || isPositional(token, options)) {
      result.positionals.push(token);
      if (stopAtPositional) {
        result.rest = tokens.slice(i);
        break;
      }
      continue;
    }
    if (token === "--") {
      optionsEnded = true;
      continue;
    }
    let option: OptionSpec | undefined;
    let inline: string | undefined;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = eq < 0 ? token.slice(2) : token.slice(2, eq);
      inline = eq < 0 ? undefined : token.slice(eq + 1);
      option = options.find((o) => o.long === name);
      if (option && option.value === undefined && inline !== undefined) {
        fail(
          new ArgsError(
            "unexpected-value",
            `--${option.long} takes no value`,
          ),
        );
        continue;
      }
    } else {
      option = options.find((o) => o.short === token[1]);
      inline = token.length > 2 ? token.slice(2) : undefined;
      // Short flags are not bundled (`-hV`): a flag with more letters after
      // it is unknown, as it was with commander.
      if (option?.value === undefined && inline !== undefined) {
        option = undefined;
      }
    }
    if (option === undefined) {
      fail(unknownOption(token, options));
      continue;
    }
    if (option.value === undefined) {
      result.values.set(option, true);
      continue;
    }
    const value = inline ?? (i < tokens.length ? tokens[i++] : undefined);
    if (value === undefined) {
      fail(
        new ArgsError(
          "missing-value",
          `--${option.long} needs a value: --${option.long} <${option.value}>`,
        ),
      );
    } else if (option.choices && !option.choices.includes(value)) {
      const typed = value.toLowerCase();
      const synonym = option.synonyms && Object.hasOwn(option.synonyms, typed)
        ? option.synonyms[typed]
        : undefined;
      fail(
        new ArgsError(
          "invalid-choice",
          `--${option.long} cannot be ${quote(value)}: use ${
            option.choices.join(", ")
          }`,
          synonym ?? suggestSimilar(value, option.choices),
        ),
      );
    } else {
      result.values.set(option, value);
    }
  }
  return result;
}

function parseCommand(
  command: Command,
  tokens: readonly string[],
): ParsedCommandLine {
  try {
    return parseCommandTokens(command, tokens);
  } catch (e) {
    if (e instanceof ArgsError) e.command = command.name;
    throw e;
  }
}

function parseCommandTokens(
  command: Command,
  tokens: readonly string[],
): ParsedCommandLine {
  const found = scan(
    tokens,
    [...command.options, HELP_OPTION, VERSION_OPTION],
    false,
  );
  if (found.values.has(HELP_OPTION)) {
    return { kind: "help", command, error: false };
  }
  if (found.values.has(VERSION_OPTION)) return { kind: "version" };
  if (found.error) throw found.error;

  const options: Record<string, string | boolean | undefined> = {};
  for (const option of command.options) {
    const value = found.values.get(option);
    if (value === undefined && option.required) {
      throw new ArgsError(
        "missing-option",
        `--${option.long} <${option.value}> is required`,
      );
    }
    options[optionKey(option)] = option.value === undefined
      ? value === true
      : typeof value === "string"
      ? value
      : option.default;
  }

  const args: Record<string, string | string[] | undefined> = {};
  const positionals = found.positionals;
  let used = 0;
  for (const argument of command.arguments) {
    const present = used < positionals.length;
    if (!present && argument.required !== false) {
      throw new ArgsError(
        "missing-argument",
        `${command.name} needs ${argumentUsage(argument)}`,
      );
    }
    if (argument.variadic) {
      args[argument.name] = positionals.slice(used);
      used = positionals.length;
    } else {
      args[argument.name] = present ? positionals[used++] : undefined;
    }
  }
  if (used < positionals.length) {
    const expected = command.arguments.length;
    throw new ArgsError(
      "too-many-arguments",
      `${command.name} takes ${expected === 0 ? "no" : expected} argument${
        expected === 1 ? "" : "s"
      }, got ${positionals.length}: ${positionals.map(quote).join(" ")}`,
    );
  }
  return { kind: "run", command, input: { args, options } };
}

/** Help of the whole program, asked for. */
const PROGRAM_HELP: ParsedCommandLine = {
  kind: "help",
  command: undefined,
  error: false,
};

/**
 * Reads `args` (without the program's name) against `program`. Help wins over
 * everything on its command line, then the version; otherwise the first
 * mistake is thrown as an {@link ArgsError}, checked in this order: unknown
 * options, missing values and values outside the choices (in the order they
 * appear), missing required options, missing arguments, too many arguments.
 *
 * Besides its commands, every program has `-h`/`--help`, `-V`/`--version`
 * (also accepted after a command) and `help [command]`; no command at all
 * asks for the program's help as an error. `--help` after an unknown command
 * still gives the program's help; `help` of an unknown command is an unknown
 * command.
 *
 * @example
 * ```ts
 * import { parseCommandLine } from "./parse_args.ts";
 * import { defineCommand } from "./spec.ts";
 * const program = {
 *   name: "tool",
 *   description: "A tool.",
 *   version: "1.0.0",
 *   commands: [defineCommand({
 *     name: "show",
 *     description: "Show a file.",
 *     arguments: [{ name: "file", description: "the file" }],
 *     options: [{ long: "format", short: "f", value: "format", description: "output format", choices: ["yaml", "json"], default: "yaml" }],
 *     action: () => 0,
 *   })],
 * };
 * const parsed = parseCommandLine(program, ["show", "-fjson", "a.kat"]);
 * if (parsed.kind === "run") console.log(parsed.input.options.format, parsed.input.args.file); // "json" "a.kat"
 * ```
 */
export function parseCommandLine(
  program: ProgramSpec,
  args: readonly string[],
): ParsedCommandLine {
  const top = scan(args, [VERSION_OPTION, HELP_OPTION], true);
  if (top.values.has(HELP_OPTION)) return PROGRAM_HELP;
  if (top.values.has(VERSION_OPTION)) return { kind: "version" };
  if (top.error) throw top.error;
  const name = top.positionals[0];
  if (name === undefined) {
    return { kind: "help", command: undefined, error: true };
  }
  if (name === "help") {
    // `help [command]`: `-h` and `-V` keep their meaning; other options and
    // anything after the command's name are ignored.
    const after = scan(top.rest, [HELP_OPTION, VERSION_OPTION], true);
    const target = after.positionals[0];
    if (after.values.has(HELP_OPTION)) return PROGRAM_HELP;
    if (after.values.has(VERSION_OPTION)) return { kind: "version" };
    if (target === undefined || target === "help") return PROGRAM_HELP;
    const command = program.commands.find((c) => c.name === target);
    if (command === undefined) throw unknownCommand(program, target);
    return { kind: "help", command, error: false };
  }
  const command = program.commands.find((c) => c.name === name);
  if (command !== undefined) return parseCommand(command, top.rest);
  // Help still wins: `tool nope --help` describes the tool.
  if (scan(top.rest, [HELP_OPTION], false).values.has(HELP_OPTION)) {
    return PROGRAM_HELP;
  }
  throw unknownCommand(program, name);
}

/**
 * The error for a command `program` does not have, with a suggestion: the
 * command that has `name` among its synonyms, else the closest name.
 */
function unknownCommand(program: ProgramSpec, name: string): ArgsError {
  // A synonym (`check`) and a near miss of one (`chek`) mean its command.
  const commandOf = new Map<string, string>([["help", "help"]]);
  for (const c of program.commands) {
    commandOf.set(c.name, c.name);
    for (const synonym of c.synonyms) commandOf.set(synonym, c.name);
  }
  const meant = commandOf.get(name.toLowerCase());
  const close = closestWords(name, commandOf.keys()).map((w) =>
    commandOf.get(w)!
  );
  return new ArgsError(
    "unknown-command",
    `unknown command ${quote(name)}`,
    meant ?? formatSuggestion([...new Set(close)].sort()),
  );
}

/**
 * A count given as an option's value: decimal digits only, from 0 to
 * `Number.MAX_SAFE_INTEGER` (2^53 − 1). Anything else (`-1`, `1.5`, `1e3`,
 * `0x10`, a larger number) is a {@link UsageError} that quotes the value.
 *
 * @param value the word as typed
 * @param option the option, as the message names it (`--max-warnings`)
 * @returns the count
 *
 * @example
 * ```ts
 * import { parseCount } from "./parse_args.ts";
 * console.log(parseCount("1000000000", "--max-warnings")); // 1000000000
 * try {
 *   parseCount("1e3", "--max-warnings");
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // "--max-warnings takes a count from 0 to 9007199254740991, not \"1e3\""
 * }
 * ```
 */
export function parseCount(value: string, option: string): number {
  const count = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!(count <= Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(
      `${option} takes a count from 0 to ${Number.MAX_SAFE_INTEGER}, not ${
        quote(value)
      }`,
    );
  }
  return count;
}
