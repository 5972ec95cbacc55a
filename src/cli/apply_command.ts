/**
 * `katcall apply PATH...`: quadlets sent to the leader, one request each.
 *
 * @module
 */
import { DEFAULT_LIMITS, packQuadlets } from "../archive/mod.ts";
import { sizeText } from "../archive/size_text.ts";
import { hasErrors } from "../diagnostics/diagnostic.ts";
import { basename, resolve } from "../input/paths.ts";
import { cannotReadMessage, plainIoMessage } from "../input/plain_io.ts";
import { formatDiagnosticsText } from "../output/diagnostics_text.ts";
import { ApiError } from "../client/api_error.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { KATCONFIG_OPTION, withClusterClient } from "./cluster_client.ts";
import type { ClusterCommandOptions } from "./cluster_commands.ts";
import { paletteFor } from "./colour.ts";
import { EXIT } from "./command.ts";
import type { CliIo } from "./io.ts";
import { isIoError } from "./io_errors.ts";
import { checkQuadletToPack, katFiles } from "./quadlet_dir.ts";
import { shownName, shownPath } from "./shown_name.ts";
import { type Command, defineCommand } from "./spec.ts";
import { isArchivePath } from "./targets.ts";
import { UsageError } from "./usage_error.ts";
import { readAtMost } from "../input/read_at_most.ts";

/** The largest archive sent: the archive limits' total. */
const MAX_ARCHIVE = DEFAULT_LIMITS.maxTotalBytes;

/** The name standard input has in the leader's diagnostics. */
const STDIN_NAME = "<stdin>";

/** What one PATH is, once looked at. */
type Source =
  | { kind: "stdin" }
  | { kind: "directory"; path: string }
  | { kind: "archive"; path: string; size: number };

/** One quadlet ready to send. */
interface Quadlet {
  /** The PATH as lines show it. */
  shown: string;
  /** The name its diagnostics give it. */
  name: string;
  /** The `.tar.gz` bytes. */
  archive: Uint8Array;
}

/** Something said on standard error that ends the command with exit 1. */
class Refusal {
  constructor(readonly text: string) {}
}

/** Looks at every PATH before anything is read: usage errors come first. */
async function sources(paths: readonly string[]): Promise<Source[] | Refusal> {
  if (paths.filter((p) => p === "-").length > 1) {
    throw new UsageError("standard input (-) can be named only once");
  }
  const out: Source[] = [];
  for (const path of paths) {
    if (path === "-") {
      out.push({ kind: "stdin" });
      continue;
    }
    if (path === "") throw new UsageError('apply needs a path, not ""');
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (e) {
      if (!isIoError(e)) throw e;
      return new Refusal(
        `katcall apply ${shownPath(path)}: ${cannotReadMessage(path, e)}\n`,
      );
    }
    if (info.isDirectory) {
      out.push({ kind: "directory", path });
    } else if (isArchivePath(path)) {
      out.push({ kind: "archive", path, size: info.size });
    } else {
      throw new UsageError(
        `${
          shownPath(path)
        } is neither a quadlet directory nor a .tar.gz/.tgz archive; apply takes those, or - for a gzip archive on standard input`,
      );
    }
  }
  return out;
}

const TOO_BIG = `holds more than ${
  sizeText(MAX_ARCHIVE)
}, the most a quadlet archive may hold`;

/** The quadlet of one source, or what keeps it from being sent. */
async function quadletOf(
  source: Source,
  io: CliIo,
): Promise<Quadlet | Refusal> {
  if (source.kind === "stdin") {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readAtMost(io.stdin(), MAX_ARCHIVE);
    } catch (e) {
      if (!isIoError(e)) throw e;
      return new Refusal(
        `katcall apply -: cannot read standard input: ${plainIoMessage(e)}\n`,
      );
    }
    if (bytes === undefined) {
      return new Refusal(`katcall apply -: standard input ${TOO_BIG}\n`);
    }
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      return new Refusal(
        "katcall apply -: standard input is not a gzip archive (a quadlet .tar.gz, as katcall pack -o - writes)\n",
      );
    }
    return { shown: "-", name: STDIN_NAME, archive: bytes };
  }
  const shown = shownPath(source.path);
  if (source.kind === "archive") {
    if (source.size > MAX_ARCHIVE) {
      return new Refusal(`katcall apply ${shown}: ${TOO_BIG}\n`);
    }
    try {
      const archive = await Deno.readFile(source.path);
      if (archive.length > MAX_ARCHIVE) {
        return new Refusal(`katcall apply ${shown}: ${TOO_BIG}\n`);
      }
      return { shown, name: source.path, archive };
    } catch (e) {
      if (!isIoError(e)) throw e;
      return new Refusal(
        `katcall apply ${shown}: ${cannotReadMessage(source.path, e)}\n`,
      );
    }
  }
  const checked = await checkQuadletToPack(source.path);
  if (checked === "not a directory") {
    return new Refusal(`katcall apply ${shown}: no longer a directory\n`);
  }
  const palette = paletteFor("auto", io.stderrIsTerminal, io.env);
  await io.stderr(formatDiagnosticsText(checked.diagnostics, palette));
  if (hasErrors(checked.diagnostics)) return new Refusal("");
  const files = katFiles(checked);
  if (files.size === 0) {
    return new Refusal(`katcall apply ${shown}: holds no .kat file\n`);
  }
  return {
    shown,
    name: `${basename(resolve(source.path))}.tar.gz`,
    archive: await packQuadlets(files),
  };
}

/**
 * `katcall apply PATH...`: each PATH is one quadlet — a directory (checked,
 * then packed as `katcall pack` packs it), a `.tar.gz`/`.tgz` file (sent as it
 * is) or `-` (a gzip archive on standard input) — sent in order, one request
 * each, after every PATH has been read and checked. Prints `KIND/NAME
 * OUTCOME` for each resource; the first quadlet refused stops the command
 * (exit 1): an invalid one with its diagnostics as `katcall validate`
 * prints them, any other refusal in one line.
 *
 * @example
 * ```ts
 * import { applyCommand } from "./apply_command.ts";
 * import { memoryIo } from "./io.ts";
 * console.log(applyCommand(memoryIo()).name); // "apply"
 * ```
 */
export function applyCommand(
  io: CliIo,
  options: ClusterCommandOptions = {},
): Command {
  return defineCommand({
    name: "apply",
    description:
      "Send quadlets to the cluster: their resources are created, changed or deleted to match.",
    synonyms: ["deploy", "push"],
    arguments: [{
      name: "path",
      description:
        "a quadlet directory, a .tar.gz/.tgz quadlet archive, or - for one on stdin",
      variadic: true,
    }],
    options: [KATCONFIG_OPTION],
    action: async ({ args: { path }, options: opts }) => {
      const found = await sources(path);
      if (found instanceof Refusal) {
        await io.stderr(found.text);
        return EXIT.invalid;
      }
      const quadlets: Quadlet[] = [];
      for (const source of found) {
        const quadlet = await quadletOf(source, io);
        if (quadlet instanceof Refusal) {
          await io.stderr(quadlet.text);
          return EXIT.invalid;
        }
        quadlets.push(quadlet);
      }
      return await withClusterClient(io, "katcall apply", {
        katconfig: opts.katconfig,
        timeoutMs: options.timeoutMs,
      }, async (client) => {
        for (const quadlet of quadlets) {
          try {
            const applied = await client.applyQuadlet(
              quadlet.archive,
              quadlet.name,
            );
            await io.stdout(
              applied.map((r) =>
                `${escapeControl(r.kind.toLowerCase())}/${
                  shownName(r.name)
                } ${r.outcome}\n`
              ).join(""),
            );
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            // An invalid quadlet, or an archive the leader refused: what
            // validate says of the same archive.
            if (e.diagnostics !== undefined && e.diagnostics.length > 0) {
              const palette = paletteFor("auto", io.stderrIsTerminal, io.env);
              await io.stderr(formatDiagnosticsText(e.diagnostics, palette));
              return EXIT.invalid;
            }
            await io.stderr(
              `katcall apply ${quadlet.shown}: ${escapeControl(e.message)}\n`,
            );
            return EXIT.invalid;
          }
        }
        return EXIT.ok;
      });
    },
  });
}
