/**
 * `katcall`: validate, inspect, pack and describe KAT manifests.
 *
 * @module
 */
import { type Diagnostic, hasErrors } from "../diagnostics/diagnostic.ts";
import { formatDiagnosticsJson } from "../output/diagnostics_json.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { resourceFormats } from "../output/resources.ts";
import { paletteFor } from "./colour.ts";
import { EXIT, runProgram } from "./command.ts";
import { basename, resolve } from "./paths.ts";
import { defineCommand } from "./spec.ts";
import { UsageError } from "./usage_error.ts";
import { VERSION } from "../version.ts";
import { packQuadlets } from "../archive/mod.ts";
import { checkQuadletDir, checkTarget } from "./check_target.ts";
import { checkDirs, type DirJob } from "./parallel.ts";
import { collectTargets, isIoError, listDirectory } from "./targets.ts";
import { katJsonSchema } from "../schema/json_schema.ts";
import type { CliIo } from "./io.ts";
import type { ParsedResource } from "../manifest/parse_result.ts";
import { resourceTypes } from "../schema/registry.ts";

const KIND_ORDER: readonly string[] = resourceTypes.map((t) =>
  t.resource!.kind
);

/** Resources in the proto's order of kinds (Workload first), then by file. */
function sortByKind(resources: readonly ParsedResource[]): ParsedResource[] {
  return [...resources].sort((a, b) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  );
}

/** Options of {@link runKatcall}. */
export interface KatcallOptions {
  /**
   * URL of the entry module, which serves checks when started as a worker:
   * with it, `validate` spreads many directories over every core.
   * @default {undefined}
   */
  workerUrl?: string;
}

const PATH_DESCRIPTION =
  "a .kat file, a quadlet directory, a .tar.gz/.tgz archive, or -";

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
  options: KatcallOptions = {},
): Promise<number> {
  const palette = paletteFor(io.stdoutIsTerminal, io.env("NO_COLOR"));
  const errPalette = paletteFor(io.stderrIsTerminal, io.env("NO_COLOR"));

  const validate = defineCommand({
    name: "validate",
    description:
      "Check .kat files, quadlet directories and .tar.gz quadlets; - reads an archive from stdin.",
    arguments: [{
      name: "path",
      description: PATH_DESCRIPTION,
      variadic: true,
    }],
    options: [{
      long: "format",
      short: "f",
      value: "format",
      description: "report format",
      choices: ["text", "json"],
      default: "text",
    }],
    action: async ({ args: { path: paths }, options: opts }) => {
      if (paths.filter((p) => p === "-").length > 1) {
        throw new UsageError("standard input (-) can be named only once");
      }
      const targets = collectTargets(paths);
      const dirs = checkDirs(
        targets.flatMap((t): DirJob[] => t.kind === "quadlet" ? [t] : []),
        { workerUrl: options.workerUrl },
      );
      const diagnostics: Diagnostic[] = [];
      try {
        for (const target of targets) {
          if (target.kind === "quadlet") {
            const next = await dirs.next();
            if (!next.done) diagnostics.push(...next.value.diagnostics);
          } else {
            const r = await checkTarget(target, io.stdin(), "<stdin>");
            diagnostics.push(...r.diagnostics);
          }
        }
      } finally {
        // Ends the workers, which would otherwise keep the process alive.
        await dirs.return(undefined);
      }
      await io.stdout(
        opts.format === "json"
          ? formatDiagnosticsJson(diagnostics)
          : formatDiagnosticsText(diagnostics, palette),
      );
      return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
    },
  });

  const inspect = defineCommand({
    name: "inspect",
    description: "Print the resources of a path with every default filled in.",
    arguments: [{ name: "path", description: PATH_DESCRIPTION }],
    options: [{
      long: "format",
      short: "f",
      value: "format",
      description: "output format",
      choices: ["yaml", "json", "binpb"],
      default: "yaml",
    }],
    action: async ({ args: { path }, options: opts }) => {
      const input = {
        diagnostics: [] as Diagnostic[],
        resources: [] as ParsedResource[],
      };
      for (const target of collectTargets([path])) {
        const r = await checkTarget(target, io.stdin(), "<stdin>");
        input.diagnostics.push(...r.diagnostics);
        // A file names its own resources; its quadlet is checked with it.
        const named = target.kind === "quadlet" ? target.named : undefined;
        input.resources.push(
          ...r.resources.filter((res) =>
            !named ||
            named.some((n) => res.file.endsWith(`/${n}`) || res.file === n)
          ),
        );
      }
      await io.stderr(formatDiagnosticsText(input.diagnostics, errPalette));
      if (hasErrors(input.diagnostics)) return EXIT.invalid;
      const format = resourceFormats[opts.format];
      if (!format.multiple && input.resources.length !== 1) {
        throw new UsageError(
          `--format ${opts.format} writes exactly one resource, but ${path} holds ${input.resources.length}`,
        );
      }
      await io.stdout(
        await format.render(sortByKind(input.resources).map((r) => r.resource)),
      );
      return EXIT.ok;
    },
  });

  const schema = defineCommand({
    name: "schema",
    description: "Print the JSON Schema (2020-12) of .kat files, for editors.",
    action: async () => {
      await io.stdout(JSON.stringify(katJsonSchema(), null, 2) + "\n");
      return EXIT.ok;
    },
  });

  const pack = defineCommand({
    name: "pack",
    description:
      "Validate a quadlet directory, then write it as a deterministic .tar.gz.",
    arguments: [{ name: "dir", description: "the quadlet directory" }],
    options: [{
      long: "output",
      short: "o",
      value: "file",
      description:
        "where to write the archive; - for standard output (default: DIR's name + .tar.gz)",
    }],
    action: async ({ args: { dir }, options: opts }) => {
      if (opts.output === "") {
        throw new UsageError("--output needs a file name, or - for stdout");
      }
      let info: Deno.FileInfo | undefined;
      try {
        info = await Deno.stat(dir);
      } catch (e) {
        if (!isIoError(e)) throw e;
        await io.stderr(`${dir}:1:1: error: cannot read: ${e.message}\n`);
        return EXIT.invalid;
      }
      if (!info.isDirectory) {
        throw new UsageError(
          `${dir} is not a directory; pack takes a quadlet directory`,
        );
      }
      let listing;
      try {
        listing = listDirectory(dir);
      } catch (e) {
        if (!isIoError(e)) throw e;
        await io.stderr(`${dir}:1:1: error: cannot read: ${e.message}\n`);
        return EXIT.invalid;
      }
      const checked = checkQuadletDir(dir, listing, {
        standalone: false,
        warnSubdirectories: true,
      });
      const files = checked.contents ?? new Map<string, Uint8Array>();
      const diagnostics = checked.diagnostics;
      await io.stderr(formatDiagnosticsText(diagnostics, errPalette));
      if (hasErrors(diagnostics)) return EXIT.invalid;
      const kat = new Map([...files].filter(([name]) => name.endsWith(".kat")));
      const out = opts.output ?? `${basename(resolve(dir))}.tar.gz`;
      if (out !== "-") {
        const target = await Deno.stat(out).catch(() => undefined);
        const packed = target &&
          [...(checked.identities ?? [])].find(([, id]) =>
            id.dev === target.dev && id.ino === target.ino
          );
        if (packed) {
          throw new UsageError(
            `--output ${out} is ${packed[0]}, one of the files being packed`,
          );
        }
      }
      const archive = await packQuadlets(kat);
      if (out === "-") {
        await io.stdout(archive);
      } else {
        try {
          await Deno.writeFile(out, archive);
        } catch (e) {
          if (!isIoError(e)) throw e;
          await io.stderr(`katcall: cannot write ${out}: ${e.message}\n`);
          return EXIT.invalid;
        }
        await io.stderr(
          `katcall: wrote ${out} (${kat.size} files, ${archive.length} bytes)\n`,
        );
      }
      return EXIT.ok;
    },
  });

  return await runProgram(
    {
      name: "katcall",
      description: "Validate, inspect and pack KAT manifests and quadlets.",
      version: VERSION,
      commands: [validate, inspect, schema, pack],
    },
    args,
    io,
  );
}
