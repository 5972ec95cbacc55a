/**
 * Help text generated from a {@link ProgramSpec}, in the layout `commander`
 * used: a usage line, the description, then "Arguments:", "Options:",
 * "Global Options:" and "Commands:", each a column of terms and a column of
 * descriptions wrapped to the width.
 *
 * @module
 */
import {
  argumentUsage,
  type Command,
  HELP_OPTION,
  optionFlags,
  type OptionSpec,
  type ProgramSpec,
  VERSION_OPTION,
} from "./spec.ts";

/** Options of {@link formatHelp}. */
export interface HelpOptions {
  /** Columns to wrap at. Default: 80. */
  width?: number;
}

/** Narrower than this, a column is not wrapped at all. */
const MIN_WRAP_WIDTH = 40;
/** Spaces before a term, and between a term and its description. */
const INDENT = 2;
const GAP = 2;

/** A section of help: its title and its term/description rows. */
interface Section {
  title: string;
  rows: [term: string, description: string][];
}

/** Greedy word wrap that keeps the spacing between words of a line. */
function wrap(text: string, width: number): string[] {
  if (width < MIN_WRAP_WIDTH) return text.split("\n");
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const chunks = raw.match(/\s*\S+/g);
    if (chunks === null) {
      lines.push("");
      continue;
    }
    let line = chunks[0];
    for (const chunk of chunks.slice(1)) {
      if (line.length + chunk.length <= width) {
        line += chunk;
      } else {
        lines.push(line);
        line = chunk.trimStart();
      }
    }
    lines.push(line);
  }
  return lines;
}

function optionRow(option: OptionSpec): [string, string] {
  const extra: string[] = [];
  if (option.choices) {
    extra.push(
      `choices: ${option.choices.map((c) => JSON.stringify(c)).join(", ")}`,
    );
  }
  if (option.default !== undefined) {
    extra.push(`default: ${JSON.stringify(option.default)}`);
  }
  const description = extra.length
    ? [option.description, `(${extra.join(", ")})`].filter(Boolean).join(" ")
    : option.description;
  return [optionFlags(option), description];
}

function commandRow(command: Command): [string, string] {
  const term = [
    command.name,
    ...(command.options.length ? ["[options]"] : []),
    ...command.arguments.map(argumentUsage),
  ].join(" ");
  return [term, command.description];
}

function render(
  usage: string,
  description: string,
  sections: Section[],
  width: number,
): string {
  const shown = sections.filter((s) => s.rows.length > 0);
  const termWidth = Math.max(
    0,
    ...shown.flatMap((s) => s.rows.map(([term]) => term.length)),
  );
  const descriptionWidth = width - termWidth - INDENT - GAP;
  const out = [`Usage: ${usage}`, ""];
  if (description) out.push(...wrap(description, width), "");
  for (const section of shown) {
    out.push(`${section.title}:`);
    for (const [term, text] of section.rows) {
      const [first, ...more] = wrap(text, descriptionWidth);
      const lead = " ".repeat(INDENT) + term.padEnd(termWidth + GAP);
      out.push(text ? lead + first : " ".repeat(INDENT) + term);
      const hang = " ".repeat(INDENT + termWidth + GAP);
      for (const line of more) out.push(line ? hang + line : "");
    }
    out.push("");
  }
  return out.join("\n");
}

/**
 * The help of `program`, or of one of its commands; ends with a newline.
 *
 * @example
 * ```ts
 * import { formatHelp } from "./help.ts";
 * import { defineCommand } from "./spec.ts";
 * const show = defineCommand({
 *   name: "show",
 *   description: "Show a file.",
 *   arguments: [{ name: "file", description: "the file" }],
 *   action: () => 0,
 * });
 * const program = { name: "tool", description: "A tool.", version: "1.0.0", commands: [show] };
 * console.log(formatHelp(program, show).split("\n")[0]); // "Usage: tool show [options] <file>"
 * ```
 */
export function formatHelp(
  program: ProgramSpec,
  command?: Command,
  options: HelpOptions = {},
): string {
  const width = options.width ?? 80;
  if (command === undefined) {
    return render(
      `${program.name} [options] [command]`,
      program.description,
      [
        {
          title: "Options",
          rows: [VERSION_OPTION, HELP_OPTION].map(optionRow),
        },
        {
          title: "Commands",
          rows: [
            ...program.commands.map(commandRow),
            ["help [command]", HELP_OPTION.description],
          ],
        },
      ],
      width,
    );
  }
  return render(
    [
      program.name,
      command.name,
      "[options]",
      ...command.arguments.map(argumentUsage),
    ].join(" "),
    command.description,
    [
      {
        title: "Arguments",
        // Shown only when some argument says what it is.
        rows: command.arguments.some((a) => a.description)
          ? command.arguments.map((a) => [a.name, a.description])
          : [],
      },
      {
        title: "Options",
        rows: [...command.options, HELP_OPTION].map(optionRow),
      },
      { title: "Global Options", rows: [optionRow(VERSION_OPTION)] },
    ],
    width,
  );
}
