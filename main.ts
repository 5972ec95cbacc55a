/**
 * Entry point of both command-line tools. The tool is chosen by the first
 * argument (`katcall …`, `kat-agent …`) — which `deno compile` bakes into each
 * binary — or else by the name of the executable.
 *
 * @module
 */
import { runKatAgent } from "./src/cli/kat_agent.ts";
import { runKatcall } from "./src/cli/katcall.ts";
import { processIo } from "./src/cli/io.ts";
import { inWorker, serveChecks } from "./src/cli/parallel.ts";
import { basename } from "./src/input/paths.ts";

/** This module, which also serves checks when started as a worker. */
const SELF = import.meta.url;

const TOOLS = {
  "katcall": (args: readonly string[], io: ReturnType<typeof processIo>) =>
    runKatcall(args, io, { workerUrl: SELF }),
  "kat-agent": runKatAgent,
} as const;

type Tool = keyof typeof TOOLS;

function isTool(name: string | undefined): name is Tool {
  return name !== undefined && Object.hasOwn(TOOLS, name);
}

/**
 * Runs the tool named by `args[0]` or by the executable, and resolves to its
 * exit code.
 *
 * @example
 * ```ts
 * import { main } from "./main.ts";
 * const code = await main(["katcall", "--version"]);
 * console.log(code); // 0
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  const io = processIo();
  if (isTool(args[0])) return await TOOLS[args[0]](args.slice(1), io);
  const exe = basename(Deno.execPath()).replace(/\.exe$/, "");
  if (isTool(exe)) return await TOOLS[exe](args, io);
  await io.stderr("usage: main.ts katcall|kat-agent [ARGS...]\n");
  return 2;
}

/**
 * The exit code of a tool whose reader went away (`katcall schema | head -1`):
 * 128 + SIGPIPE, what a process killed by the signal reports, said quietly.
 */
const BROKEN_PIPE = 141;

if (inWorker()) {
  serveChecks();
} else if (import.meta.main) {
  try {
    Deno.exitCode = await main(Deno.args);
  } catch (e) {
    if (e instanceof Deno.errors.BrokenPipe) {
      Deno.exitCode = BROKEN_PIPE;
    } else {
      // A bug, never bad input: say so plainly instead of a stack trace.
      console.error(
        `internal error: ${e instanceof Error ? e.message : String(e)}`,
      );
      Deno.exitCode = 70;
    }
  }
}
