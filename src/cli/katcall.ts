/**
 * `katcall`: validate, inspect, pack and describe KAT manifests; apply,
 * read and remove the resources of a running cluster (`apply`, `get`,
 * `delete`).
 *
 * @module
 */
import {
  type Diagnostic,
  fileDiagnostic,
  hasErrors,
} from "../diagnostics/diagnostic.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { resourceFormats } from "../output/resources.ts";
import {
  type Report,
  type ReportTarget,
  summaryLine,
  tooManyWarningsMessage,
} from "../output/report.ts";
import {
  REPORT_FORMAT_NAMES,
  REPORT_FORMATS,
} from "../output/report_formats.ts";
import { COLOR_MODES, type ColorMode, paletteFor } from "./colour.ts";
import { EXIT, runProgram } from "./command.ts";
import { basename, resolve } from "../input/paths.ts";
import { defineCommand } from "./spec.ts";
import { UsageError } from "./usage_error.ts";
import { parseCount } from "./parse_args.ts";
import { quote } from "../diagnostics/quote.ts";
import { VERSION } from "../version.ts";
import { packQuadlets } from "../archive/mod.ts";
import { isIoError, plainIoMessage } from "./io_errors.ts";
import { plural } from "../output/report.ts";
import { checkTarget, type TargetResult } from "./check_target.ts";
import { checkQuadletToPack, katFiles } from "./quadlet_dir.ts";
import { DirChecks, WORKERS_VARIABLE, workersFromEnv } from "./parallel.ts";
import { collectTargets, reportedFiles, type Target } from "./targets.ts";
import { katJsonSchema } from "../schema/json_schema.ts";
import type { CliIo } from "./io.ts";
import type { ParsedResource } from "../manifest/parse_result.ts";
import { resourceTypes } from "../schema/registry.ts";
import { deleteCommand, getCommand } from "./cluster_commands.ts";
import { applyCommand } from "./apply_command.ts";

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
  /**
   * The time `get` counts ages to, in milliseconds since the epoch.
   * @default {Date.now}
   */
  now?: () => number;
  /**
   * How long one request of `apply`, `get` or `delete` to a server may take, in
   * milliseconds.
   * @default {10000}
   */
  timeoutMs?: number;
}

const PATH_DESCRIPTION =
  "a .kat file (checked with the rest of its quadlet), a directory (walked for quadlets), a .tar.gz/.tgz archive, or - for standard input";

/** `--color`, which every command that prints diagnostics has. */
const COLOR_OPTION = {
  long: "color",
  value: "when",
  description:
    "colour the output; auto: on a terminal unless NO_COLOR is set or TERM=dumb, or when FORCE_COLOR is set",
  choices: COLOR_MODES,
  default: "auto",
  synonyms: { yes: "always", no: "never", true: "always", false: "never" },
} as const;

/** `--stdin-filename`, the name standard input has in diagnostics. */
const STDIN_FILENAME_OPTION = {
  long: "stdin-filename",
  value: "name",
  description: "the name standard input (-) has in diagnostics",
} as const;

/** Paths that name standard input: `-` and its device files. */
const STDIN_PATHS = new Set([
  "-",
  "/dev/stdin",
  "/dev/fd/0",
  "/proc/self/fd/0",
]);

/**
 * The paths with standard input spelt `-`, after checking that it is named
 * at most once and that `--stdin-filename` comes only with it.
 */
function stdinPaths(
  paths: readonly string[],
  stdinFilename: string | undefined,
): string[] {
  const out = paths.map((p) => STDIN_PATHS.has(p) ? "-" : p);
  const count = out.filter((p) => p === "-").length;
  if (count > 1) {
    throw new UsageError("standard input (-) can be named only once");
  }
  if (stdinFilename !== undefined) {
    if (count === 0) {
      throw new UsageError(
        "--stdin-filename names standard input: give - among the paths",
      );
    }
    if (stdinFilename === "") {
      throw new UsageError("--stdin-filename needs a name");
    }
  }
  return out;
}

/**
 * Checks a target that is not a quadlet directory; standard input that
 * cannot be read (a directory, a device error) is a diagnostic of its own.
 */
async function checkInput(
  target: Target,
  io: CliIo,
  stdinName: string,
): Promise<TargetResult> {
  try {
    return await checkTarget(target, io.stdin(), stdinName);
  } catch (e) {
    if (target.kind !== "stdin" || !isIoError(e)) throw e;
    return {
      diagnostics: [
        fileDiagnostic(
          stdinName,
          "unreadable",
          `cannot read: ${plainIoMessage(e)}`,
        ),
      ],
      files: 0,
      resources: [],
    };
  }
}

/** Binary output never goes to a terminal, as `gzip` and `curl` refuse it. */
function refuseTerminal(io: CliIo, what: string, instead: string): void {
  if (io.stdoutIsTerminal) {
    throw new UsageError(
      `refusing to write ${what} to a terminal; ${instead}`,
    );
  }
}

/**
 * Runs `katcall` with `args` (without the program name); resolves to the exit
 * code: 0 valid (for `apply`, `get` and `delete`: done), 1 invalid or unreadable input
 * (for `apply`, `get` and `delete`: refused or failed), 2 usage error.
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
  const paletteOf = (color: ColorMode, isTerminal: boolean) =>
    paletteFor(color, isTerminal, io.env);

  const validate = defineCommand({
    name: "validate",
    description:
      "Check .kat files, quadlet trees and archives; - reads a manifest or an archive from stdin.",
    synonyms: ["check", "lint", "verify"],
    arguments: [{
      name: "path",
      description: PATH_DESCRIPTION,
      variadic: true,
    }],
    options: [
      {
        long: "format",
        short: "f",
        value: "format",
        description: "report format",
        choices: REPORT_FORMAT_NAMES,
        default: "text",
        synonyms: { xml: "junit", gha: "github", actions: "github" },
      },
      {
        long: "summary",
        description:
          "end with the number of files, resources, errors and warnings",
      },
      { long: "quiet", short: "q", description: "report errors only" },
      {
        long: "verbose",
        short: "v",
        description: "text format: also list each file without a problem",
      },
      {
        long: "max-warnings",
        value: "n",
        description: "fail when there are more than n warnings",
      },
      COLOR_OPTION,
      STDIN_FILENAME_OPTION,
    ],
    action: async ({ args: { path }, options: opts }) => {
      if (opts.quiet && opts.verbose) {
        throw new UsageError("--quiet and --verbose cannot go together");
      }
      if (opts.verbose && opts.format !== "text") {
        throw new UsageError("--verbose applies to the text format only");
      }
      const maxWarnings = opts.maxWarnings === undefined
        ? undefined
        : parseCount(opts.maxWarnings, "--max-warnings");
      const paths = stdinPaths(path, opts.stdinFilename);
      const stdinName = opts.stdinFilename ?? "<stdin>";
      // Directories are checked (by workers, when there are many) from the
      // moment the walk finds them.
      const checks = new DirChecks({
        workerUrl: options.workerUrl,
        workers: workersFromEnv(io.env(WORKERS_VARIABLE)),
      });
      const targets = collectTargets(paths, {
        onQuadlet: (t) => checks.add(t),
      });
      const report: Report = {
        tool: { name: "katcall", version: VERSION },
        targets: [],
        summary: { files: 0, resources: 0, errors: 0, warnings: 0 },
      };
      try {
        await collect();
      } finally {
        // Live workers would keep the process from exiting.
        checks.close();
      }
      async function collect() {
        for (const target of targets) {
          let checked: { diagnostics: Diagnostic[]; files: number };
          let resources: number;
          let reported: Omit<ReportTarget, "files" | "diagnostics">;
          let files: string[] = [];
          if (target.kind === "quadlet") {
            const summary = await checks.result(target);
            checked = summary;
            resources = summary.resources;
            reported = { name: target.dir };
            files = reportedFiles(target);
          } else {
            const r = await checkInput(target, io, stdinName);
            checked = r;
            resources = r.resources.length;
            files = r.resources.map((res) => res.file);
            reported = target.kind === "archive"
              ? { name: target.path, archive: target.path }
              : target.kind === "stdin"
              ? { name: stdinName, archive: stdinName }
              : { name: target.diagnostic.file };
          }
          const errors = checked.diagnostics.filter((d) =>
            d.severity === "error"
          ).length;
          report.summary.files += checked.files;
          report.summary.resources += resources;
          report.summary.errors += errors;
          report.summary.warnings += checked.diagnostics.length - errors;
          const shown = opts.quiet
            ? checked.diagnostics.filter((d) => d.severity === "error")
            : checked.diagnostics;
          report.targets.push({
            ...reported,
            files: [...new Set([...files, ...shown.map((d) => d.file)])].sort(),
            diagnostics: shown,
          });
        }
      }
      const { summary } = report;
      if (maxWarnings !== undefined && summary.warnings > maxWarnings) {
        report.tooManyWarnings = { max: maxWarnings, found: summary.warnings };
      }
      const format = await REPORT_FORMATS[opts.format]();
      const text = opts.format === "text";
      await io.stdout(format.render(report, {
        palette: paletteOf(opts.color, io.stdoutIsTerminal),
        verbose: opts.verbose,
      }));
      if (opts.summary) {
        await (text ? io.stdout : io.stderr)(`${summaryLine(summary)}\n`);
      }
      if (report.tooManyWarnings) {
        await io.stderr(
          `katcall: ${tooManyWarningsMessage(report.tooManyWarnings)}\n`,
        );
      }
      return summary.errors > 0 || report.tooManyWarnings
        ? EXIT.invalid
        : EXIT.ok;
    },
  });

  const inspect = defineCommand({
    name: "inspect",
    description: "Print the resources of a path with every default filled in.",
    synonyms: ["show", "describe", "view"],
    arguments: [{ name: "path", description: PATH_DESCRIPTION }],
    options: [
      {
        long: "format",
        short: "f",
        value: "format",
        description: "output format",
        choices: ["yaml", "json", "binpb"],
        default: "yaml",
        synonyms: { proto: "binpb", protobuf: "binpb", binary: "binpb" },
      },
      COLOR_OPTION,
      STDIN_FILENAME_OPTION,
    ],
    action: async ({ args: { path }, options: opts }) => {
      const errPalette = paletteOf(opts.color, io.stderrIsTerminal);
      const paths = stdinPaths([path], opts.stdinFilename);
      if (opts.format === "binpb") {
        refuseTerminal(
          io,
          "binary protobuf",
          "redirect standard output to a file (> out.binpb)",
        );
      }
      const input = {
        diagnostics: [] as Diagnostic[],
        resources: [] as ParsedResource[],
      };
      for (const target of collectTargets(paths)) {
        const r = await checkInput(
          target,
          io,
          opts.stdinFilename ?? "<stdin>",
        );
        // A file named gives its own resources (its quadlet is checked).
        input.diagnostics.push(...r.diagnostics);
        input.resources.push(...r.resources);
      }
      await io.stderr(formatDiagnosticsText(input.diagnostics, errPalette));
      if (hasErrors(input.diagnostics)) return EXIT.invalid;
      const format = resourceFormats[opts.format];
      if (!format.multiple && input.resources.length !== 1) {
        throw new UsageError(
          `--format ${opts.format} writes exactly one resource, but ${
            quote(path)
          } holds ${input.resources.length}`,
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
    synonyms: ["archive", "bundle", "tar"],
    arguments: [{ name: "dir", description: "the quadlet directory" }],
    options: [
      {
        long: "output",
        short: "o",
        value: "file",
        description:
          "where to write the archive; - for standard output (default: DIR's name + .tar.gz)",
      },
      COLOR_OPTION,
    ],
    action: async ({ args: { dir }, options: opts }) => {
      const errPalette = paletteOf(opts.color, io.stderrIsTerminal);
      if (opts.output === "") {
        throw new UsageError("--output needs a file name, or - for stdout");
      }
      const output = opts.output === "/dev/stdout" ? "-" : opts.output;
      if (output === "-") {
        refuseTerminal(
          io,
          "a gzip archive",
          "redirect standard output (> app.tar.gz) or give -o FILE",
        );
      }
      const checked = await checkQuadletToPack(dir);
      if (checked === "not a directory") {
        throw new UsageError(
          `${quote(dir)} is not a directory; pack takes a quadlet directory`,
        );
      }
      const diagnostics = checked.diagnostics;
      await io.stderr(formatDiagnosticsText(diagnostics, errPalette));
      if (hasErrors(diagnostics)) return EXIT.invalid;
      const kat = katFiles(checked);
      const out = output ?? `${basename(resolve(dir))}.tar.gz`;
      if (out !== "-") {
        // Never overwrite a file being packed, whatever name points at it.
        const target = await Deno.stat(out).catch(() => undefined);
        const packed = target &&
          [...(checked.identities ?? [])].find(([, id]) =>
            id.dev === target.dev && id.ino === target.ino
          );
        if (packed) {
          throw new UsageError(
            `--output ${quote(out)} is ${
              quote(packed[0])
            }, one of the files being packed`,
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
          await io.stderr(
            `katcall: cannot write ${quote(out)}: ${plainIoMessage(e)}\n`,
          );
          return EXIT.invalid;
        }
        await io.stderr(
          `katcall: wrote ${quote(out)} (${plural(kat.size, "file")}, ${
            plural(archive.length, "byte")
          })\n`,
        );
      }
      return EXIT.ok;
    },
  });

  return await runProgram(
    {
      name: "katcall",
      description:
        "Validate, inspect and pack KAT manifests and quadlets; apply, read and remove the resources of a running cluster.",
      version: VERSION,
      commands: [
        validate,
        inspect,
        schema,
        pack,
        applyCommand(io, options),
        getCommand(io, options),
        deleteCommand(io, options),
      ],
    },
    args,
    io,
  );
}
