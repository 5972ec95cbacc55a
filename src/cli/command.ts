/**
 * Runs a commander program the way both tools want: no process exit, output
 * through {@link CliIo}, exit code 2 for every usage error.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import type { CliIo } from "./io.ts";
import { VERSION } from "./version.ts";

/** Exit codes shared by both tools. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Raised by a command for a usage problem found after parsing. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * A new commander program (or subcommand) set up for in-process runs.
 *
 * @example
 * ```ts
 * import { newCommand } from "./command.ts";
 * const cmd = newCommand("katcall");
 * console.log(cmd.name()); // "katcall"
 * ```
 */
export function newCommand(name: string): Command {
  return new Command(name)
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true });
}

/**
 * A tool's top-level program: a command with its description and `--version`.
 *
 * @example
 * ```ts
 * import { newProgram } from "./command.ts";
 * console.log(newProgram("katcall", "Validate manifests.").description()); // "Validate manifests."
 * ```
 */
export function newProgram(name: string, description: string): Command {
  return newCommand(name)
    .description(description)
    .version(VERSION, "-V, --version", "print the version");
}

/**
 * Parses `args` with `program` and runs the chosen action, which stores its
 * exit code in the returned promise through `setCode`. Help and version exit 0;
 * any parsing error exits 2.
 *
 * @example
 * ```ts
 * import { newCommand, runProgram } from "./command.ts";
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo();
 * const code = await runProgram(newCommand("x").version("1.0.0"), ["--version"], io, () => 0);
 * console.log(code, io.outText()); // 0 "1.0.0\n"
 * ```
 */
export async function runProgram(
  program: Command,
  args: readonly string[],
  io: CliIo,
  actionCode: () => number,
): Promise<number> {
  const out: string[] = [];
  const err: string[] = [];
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => out.push(s),
      writeErr: (s) => err.push(s),
      outputError: (s, write) => write(s),
    });
    for (const sub of cmd.commands) configure(sub);
  };
  configure(program);
  let code: number;
  try {
    await program.parseAsync([...args], { from: "user" });
    code = actionCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      code = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (e instanceof UsageError) {
      err.push(`${program.name()}: ${e.message}\n`);
      code = EXIT.usage;
    } else {
      throw e;
    }
  }
  if (out.length) await io.stdout(out.join(""));
  if (err.length) await io.stderr(err.join(""));
  return code;
}
