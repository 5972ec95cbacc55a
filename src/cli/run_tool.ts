/**
 * The boundary between a tool and the process: the exit code, a reader that
 * went away, and bugs.
 *
 * @module
 */

/**
 * The exit code of a tool whose reader went away (`katcall schema | head -1`):
 * 128 + SIGPIPE, what a process killed by the signal reports, said quietly.
 *
 * @example
 * ```ts
 * import { BROKEN_PIPE } from "./run_tool.ts";
 * console.log(BROKEN_PIPE); // 141
 * ```
 */
export const BROKEN_PIPE = 141;

/** The exit code of a bug (`EX_SOFTWARE`). */
export const INTERNAL_ERROR = 70;

/**
 * Runs a tool as the process: sets `Deno.exitCode` to what it resolves to;
 * a reader that went away gives {@link BROKEN_PIPE} with nothing printed,
 * and anything else thrown is a bug, said in one line without a stack trace
 * ({@link INTERNAL_ERROR}).
 *
 * @example
 * ```ts
 * import { runAsProcess } from "./run_tool.ts";
 * await runAsProcess(() => Promise.resolve(0));
 * console.log(Deno.exitCode); // 0
 * ```
 */
export async function runAsProcess(tool: () => Promise<number>): Promise<void> {
  try {
    Deno.exitCode = await tool();
  } catch (e) {
    if (e instanceof Deno.errors.BrokenPipe) {
      Deno.exitCode = BROKEN_PIPE;
    } else {
      console.error(
        `internal error: ${e instanceof Error ? e.message : String(e)}`,
      );
      Deno.exitCode = INTERNAL_ERROR;
    }
  }
}
