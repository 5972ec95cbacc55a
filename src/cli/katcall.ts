/**
 * `katcall`: validate, inspect, pack and describe KAT manifests.
 *
 * @module
 */
import { Option } from "commander";
import { type Diagnostic, hasErrors } from "../diagnostics/diagnostic.ts";
import { formatDiagnosticsJson } from "../output/diagnostics_json.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { resourceFormats } from "../output/resources.ts";
import { paletteFor } from "./colour.ts";
import { EXIT, newCommand, runProgram, UsageError } from "./command.ts";
import { checkInput } from "./inputs.ts";
import type { CliIo } from "./io.ts";
import { VERSION } from "./version.ts";
import type { ParsedResource } from "../manifest/parse_manifest.ts";
import { resourceRules, resourceTypes } from "../schema/registry.ts";

const KIND_ORDER: readonly string[] = resourceTypes.map((t) =>
  resourceRules(t)!.kind
);

/** Resources in the proto's order of kinds (Workload first), then by file. */
function sortByKind(resources: readonly ParsedResource[]): ParsedResource[] {
  return [...resources].sort((a, b) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  );
}

/**
 * Runs `katcall` with `args` (without the program name); resolves to the exit
 * code: 0 valid, 1 invalid or unreadable input, 2 usage error.
 *
 * @example
 * ```ts
 * import { runKatcall } from "./katcall.ts";
 * import { memoryIo } from "./io.ts";
 * const io = memoryIo();
 * console.log(await runKatcall(["validate", "--format", "xml", "x.kat"], io)); // 2
 * ```
 */
export async function runKatcall(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  let code: number = EXIT.ok;
  const palette = paletteFor(io.stdoutIsTerminal, io.env("NO_COLOR"));
  const errPalette = paletteFor(io.stderrIsTerminal, io.env("NO_COLOR"));
  const program = newCommand("katcall")
    .description("Validate, inspect and pack KAT manifests and quadlets.")
    .version(VERSION, "-V, --version", "print the version");

  program.command("validate")
    .description(
      "Check .kat files, quadlet directories and .tar.gz quadlets; - reads an archive from stdin.",
    )
    .argument(
      "<path...>",
      "a .kat file, a quadlet directory, a .tar.gz/.tgz archive, or -",
    )
    .addOption(
      new Option("-f, --format <format>", "report format").choices([
        "text",
        "json",
      ]).default("text"),
    )
    .action(async (paths: string[], opts: { format: "text" | "json" }) => {
      if (paths.filter((p) => p === "-").length > 1) {
        throw new UsageError("standard input (-) can be named only once");
      }
      const diagnostics: Diagnostic[] = [];
      for (const path of paths) {
        diagnostics.push(...(await checkInput(path, io)).diagnostics);
      }
      await io.stdout(
        opts.format === "json"
          ? formatDiagnosticsJson(diagnostics)
          : formatDiagnosticsText(diagnostics, palette),
      );
      code = hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
    });

  program.command("inspect")
    .description("Print the resources of a path with every default filled in.")
    .argument(
      "<path>",
      "a .kat file, a quadlet directory, a .tar.gz/.tgz archive, or -",
    )
    .addOption(
      new Option("-f, --format <format>", "output format").choices([
        "yaml",
        "json",
        "binpb",
      ]).default("yaml"),
    )
    .action(
      async (path: string, opts: { format: "yaml" | "json" | "binpb" }) => {
        const input = await checkInput(path, io);
        await io.stderr(formatDiagnosticsText(input.diagnostics, errPalette));
        if (hasErrors(input.diagnostics)) {
          code = EXIT.invalid;
          return;
        }
        const format = resourceFormats[opts.format];
        if (!format.multiple && input.resources.length !== 1) {
          throw new UsageError(
            `--format ${opts.format} writes exactly one resource, but ${path} holds ${input.resources.length}`,
          );
        }
        await io.stdout(format.render(sortByKind(input.resources)));
      },
    );

  return await runProgram(program, args, io, () => code);
}
