/**
 * `kat-agent`: the node agent. This release has `init --dry-run`, which prints
 * the effective cluster configuration.
 *
 * @module
 */
import { Option } from "commander";
import { loadClusterConfiguration } from "../cluster/cluster_config.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { resourceFormats } from "../output/resources.ts";
import { paletteFor } from "./colour.ts";
import { EXIT, newProgram, runProgram, UsageError } from "./command.ts";
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
  let code: number = EXIT.ok;
  const palette = paletteFor(io.stderrIsTerminal, io.env("NO_COLOR"));
  const program = newProgram("kat-agent", "The KAT node agent.");
  program.command("init")
    .description(
      "Initialise a cluster from its cluster.kat (this release: --dry-run only).",
    )
    .requiredOption(
      "-c, --config <file>",
      "the ClusterConfiguration file (cluster.kat)",
    )
    .option("--dry-run", "print the effective configuration and exit")
    .addOption(
      new Option("-f, --format <format>", "output format of --dry-run")
        .choices(["yaml", "json", "binpb"]).default("yaml"),
    )
    .action(
      async (
        opts: {
          config: string;
          dryRun?: boolean;
          format: "yaml" | "json" | "binpb";
        },
      ) => {
        if (!opts.dryRun) {
          throw new UsageError(
            "starting the control plane is not part of this release; use --dry-run to print the effective configuration",
          );
        }
        const result = await loadClusterConfiguration(opts.config);
        await io.stderr(formatDiagnosticsText(result.diagnostics, palette));
        if (!result.config || !result.valid) {
          code = EXIT.invalid;
          return;
        }
        await io.stdout(
          resourceFormats[opts.format].render([{
            kind: "ClusterConfiguration",
            resource: result.config,
          }]),
        );
      },
    );
  return await runProgram(program, args, io, () => code);
}
