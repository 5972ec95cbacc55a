/**
 * A temporary directory that child processes write into, removed only after
 * every one of them has ended: removing it while an extractor still writes
 * fails (`Directory not empty`), and that failure would hide the one that
 * ended the work early.
 *
 * @module
 */

/** Something that writes into a work directory. */
export interface Worker {
  /** Ends it, or waits until it has ended; never rejects. */
  stop(): Promise<void>;
}

/** How a started process is asked to end early. */
export type StopBy =
  /** Killed (SIGKILL): for a process without children of its own. */
  | { kill: true }
  /**
   * A file created at this path, which the process checks between steps,
   * then waited for: for a shell loop, whose children a signal to the shell
   * would not reach.
   */
  | { stopFile: string };

/** A process started with {@link startProcess}. */
export interface Started extends Worker {
  /** Its standard output; rejects with its standard error when it fails. */
  output: Promise<string>;
}

/**
 * Starts `cmd` with its output collected, as a {@link Worker} that `stop`
 * ends as `by` says.
 *
 * @example
 * ```ts
 * import { startProcess } from "./work_dir.ts";
 * const p = startProcess("echo", ["hi"], { kill: true });
 * console.log(await p.output); // "hi\n"
 * ```
 */
export function startProcess(
  cmd: string,
  args: string[],
  by: StopBy,
  env: Record<string, string> = {},
): Started {
  const child = new Deno.Command(cmd, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const ended = child.output();
  const output = ended.then((out) => {
    if (!out.success) {
      throw new Error(
        `${cmd} failed (${out.signal ?? `exit status ${out.code}`}): ${
          new TextDecoder().decode(out.stderr).slice(0, 2000)
        }`,
      );
    }
    return new TextDecoder().decode(out.stdout);
  });
  // Awaited by the caller, or dropped when something else failed first.
  output.catch(() => {});
  return {
    output,
    async stop() {
      try {
        if ("kill" in by) child.kill("SIGKILL");
        else await Deno.writeTextFile(by.stopFile, "");
      } catch {
        // it has ended already
      }
      await ended.catch(() => {});
    },
  };
}

/**
 * Runs `body` in a new temporary directory; when it ends, however it ends,
 * stops every worker it registered with `track` (waiting for each), and only
 * then removes the directory. `body`'s own error comes first: a directory
 * that could not be removed after it is only added to its message.
 *
 * @example
 * ```ts
 * import { inWorkDir } from "./work_dir.ts";
 * const n = await inWorkDir("kd", async (dir) => {
 *   await Deno.writeTextFile(`${dir}/a`, "a");
 *   return 1;
 * });
 * console.log(n); // 1
 * ```
 */
export async function inWorkDir<T>(
  prefix: string,
  body: (dir: string, track: (worker: Worker) => void) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix });
  const workers: Worker[] = [];
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await body(dir, (w) => workers.push(w)) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  await Promise.all(workers.map((w) => w.stop().catch(() => {})));
  try {
    await Deno.remove(dir, { recursive: true });
  } catch (e) {
    if (outcome.ok) throw e;
    const first = outcome.error;
    throw new Error(
      `${
        first instanceof Error ? first.message : String(first)
      } (then ${dir} could not be removed: ${
        e instanceof Error ? e.message : String(e)
      })`,
      { cause: first },
    );
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
