/**
 * `katcall` as a program of its own: the module `deno install` installs.
 * Unlike `main.ts`, it does not reach `kat-agent`'s modules, so running it
 * loads (and a first run downloads) only what `katcall` uses. It also serves
 * checks when started as a worker.
 *
 * ```sh
 * deno run -R -W --allow-env=NO_COLOR,FORCE_COLOR,TERM src/cli/katcall_main.ts validate examples/
 * ```
 *
 * @module
 */
import { runKatcall } from "./katcall.ts";
import { processIo } from "./io.ts";
import { inWorker, serveChecks } from "./parallel.ts";
import { runAsProcess } from "./run_tool.ts";

if (inWorker()) {
  serveChecks();
} else if (import.meta.main) {
  await runAsProcess(() =>
    runKatcall(Deno.args, processIo(), { workerUrl: import.meta.url })
  );
}
