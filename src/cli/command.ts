/**
 * Runs a program the way both tools want: in-process, output through
 * {@link CliIo}, exit code 2 for every usage error.
 *
 * @module
 */
import type { CliIo } from "./io.ts";
import { formatHelp } from "./help.ts";
import { parseCommandLine } from "./parse_args.ts";
import type { ProgramSpec } from "./spec.ts";
import { ArgsError, UsageError } from "./usage_error.ts";
import { isIoError, OutputError, plainIoMessage } from "./io_errors.ts";
import { escapeControl } from "../diagnostics/quote.ts";

/**
 * Exit codes shared by both tools: 0 ok (warnings allowed), 1 invalid or
 * unreadable input, 2 usage error.
 *
 * @example
 * ```ts
 * import { EXIT } from "./command.ts";
 * console.log(EXIT.usage); // 2
 * ```
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Waits for a write whose failure the exit code already tells. */
async function quietly(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
  }
}

/**
 * Parses `args` (without the program's name) against `program` and runs the
 * chosen command's action, resolving to its exit code.
 *
 * Help (`-h`, `--help`, `help [command]`) goes to standard output and exits 0;
 * so does the version (`-V`, `--version`). A command line that does not fit
 * the spec prints `error: …` (and `(Did you mean …?)` where something is
 * close) and a pointer to the help (`See 'tool command --help'.`) on
 * standard error and exits 2; no command at all prints the program's help on
 * standard error and exits 2. A {@link UsageError} thrown by an action prints
 * `<program>: <message>` and the pointer on standard error and exits 2.
 * Messages quote what the user typed with `quote` (escaped and shortened);
 * control characters left in a message are escaped here too, so that no
 * message spans lines or drives the terminal.
 * Output that cannot be written (an {@link OutputError}: a full disk, a
 * device error) and any other failure of the file system are said in plain
 * words on standard error, with exit code 1. A reader that went away
 * (`BrokenPipe`) and any other error are thrown: the first ends the tool
 * quietly, the second is a bug.
 *
 * @example
 * ```ts
 * import { runProgram } from "./command.ts";
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo();
 * const program = { name: "x", description: "X.", version: "1.0.0", commands: [] };
 * const code = await runProgram(program, ["--version"], io);
 * console.log(code, io.outText()); // 0 "1.0.0\n"
 * ```
 */
export async function runProgram(
  program: ProgramSpec,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const see = (command: string | undefined) =>
    `See '${[program.name, command, "--help"].filter(Boolean).join(" ")}'.\n`;
  let running: string | undefined;
  try {
    const parsed = parseCommandLine(program, args);
    switch (parsed.kind) {
      case "help": {
        const help = formatHelp(program, parsed.command, {
          width: io.columns,
        });
        if (!parsed.error) {
          await io.stdout(help);
          return EXIT.ok;
        }
        await io.stderr(help);
        return EXIT.usage;
      }
      case "version":
        await io.stdout(`${program.version}\n`);
        return EXIT.ok;
      case "run":
        running = parsed.command.name;
        return await parsed.command.action(parsed.input);
    }
  } catch (e) {
    if (e instanceof ArgsError) {
      const hint = e.suggestion === undefined
        ? ""
        : `(Did you mean ${e.suggestion}?)\n`;
      await quietly(
        io.stderr(
          `error: ${escapeControl(e.message)}\n${hint}${see(e.command)}`,
        ),
      );
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      await quietly(
        io.stderr(
          `${program.name}: ${escapeControl(e.message)}\n${see(running)}`,
        ),
      );
      return EXIT.usage;
    }
    if (e instanceof Deno.errors.BrokenPipe) throw e;
    if (e instanceof OutputError || isIoError(e)) {
      const message = e instanceof OutputError ? e.message : plainIoMessage(e);
      // When standard error is what fails, the exit code says it alone.
      await quietly(io.stderr(`${program.name}: ${message}\n`));
      return EXIT.invalid;
    }
    throw e;
  }
}
