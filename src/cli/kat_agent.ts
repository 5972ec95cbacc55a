/**
 * `kat-agent`: the node agent. This release has `init --dry-run`, which prints
 * the effective cluster configuration.
 *
 * @module
 */
import { loadClusterConfiguration } from "../cluster/cluster_config.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { manifestJson, resourceFormats } from "../output/resources.ts";
import { paletteFor } from "./colour.ts";
import { EXIT, runProgram } from "./command.ts";
import { defineCommand } from "./spec.ts";
import { UsageError } from "./usage_error.ts";
import { VERSION } from "./version.ts";
import type { CliIo } from "./io.ts";

/**
 * Runs `kat-agent` with `args` (without the program name); resolves to the exit
 * code: 0 valid, 1 invalid or unreadable input, 2 usage error.
 *
 * @example
 * ```ts
 * import { runKatAgent } from "./kat_agent.ts";
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo();
 * console.log(await runKatAgent(["--version"], io)); // 0
 * ```
 */
export async function runKatAgent(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const palette = paletteFor(io.stderrIsTerminal, io.env("NO_COLOR"));
  const init = defineCommand({
    name: "init",
    description:
      "Initialise a cluster from its cluster.kat (this release: --dry-run only).",
    options: [
      {
        long: "config",
        short: "c",
        value: "file",
        description: "the ClusterConfiguration file (cluster.kat)",
        required: true,
      },
      {
        long: "dry-run",
        description: "print the effective configuration and exit",
      },
      {
        long: "format",
        short: "f",
        value: "format",
        description: "output format of --dry-run",
        choices: ["yaml", "json", "binpb"],
        default: "yaml",
      },
    ],
    action: async ({ options: opts }) => {
      if (!opts.dryRun) {
        throw new UsageError(
          "starting the control plane is not part of this release; use --dry-run to print the effective configuration",
        );
      }
      const result = await loadClusterConfiguration(opts.config);
      await io.stderr(formatDiagnosticsText(result.diagnostics, palette));
      if (!result.config || !result.valid) return EXIT.invalid;
      await io.stdout(
        opts.format === "json"
          ? new TextEncoder().encode(manifestJson(result.config))
          : await resourceFormats[opts.format].render([result.config]),
      );
      return EXIT.ok;
    },
  });
  return await runProgram(
    {
      name: "kat-agent",
      description: "The KAT node agent.",
      version: VERSION,
      commands: [init],
    },
    args,
    io,
  );
}
