/**
 * `kat-agent` as a program of its own: the module `deno install` installs.
 *
 * ```sh
 * deno run -R src/cli/kat_agent_main.ts init --config examples/cluster.kat --dry-run
 * ```
 *
 * @module
 */
import { runKatAgent } from "./kat_agent.ts";
import { processIo } from "./io.ts";
import { runAsProcess } from "./run_tool.ts";

if (import.meta.main) {
  await runAsProcess(() => runKatAgent(Deno.args, processIo()));
}
