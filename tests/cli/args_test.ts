import { assertEquals } from "../assert.ts";
import { lines } from "../helpers.ts";
import { runProgram } from "../../src/cli/command.ts";
import { formatHelp } from "../../src/cli/help.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatAgent } from "../../src/cli/kat_agent.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { parseCommandLine } from "../../src/cli/parse_args.ts";
import { defineCommand, type ProgramSpec } from "../../src/cli/spec.ts";
import { ArgsError, UsageError } from "../../src/cli/usage_error.ts";
import { VERSION } from "../../src/version.ts";

type Run = (
  args: readonly string[],
  io: ReturnType<typeof memoryIo>,
) => Promise<number>;

async function run(tool: Run, args: string[]) {
  const io = memoryIo();
  const code = await tool(args, io);
  return { code, out: io.outText(), err: io.errText() };
}

/**
 * The pointer to the help that ends every usage error: the command's help
 * when the command line names one of the tool's commands first, else the
 * tool's.
 */
function see(tool: Run, args: string[]): string {
  const [name, commands] = tool === runKatcall
    ? ["katcall", ["validate", "inspect", "schema", "pack"]]
    : ["kat-agent", ["init"]];
  const command = commands.includes(args[0]) ? ` ${args[0]}` : "";
  return `See '${name}${command} --help'.\n`;
}

/**
 * A usage error: exit 2, nothing on stdout, exactly `err` and then the
 * pointer to the help on stderr.
 */
async function assertUsage(tool: Run, args: string[], err: string) {
  assertEquals(await run(tool, args), {
    code: 2,
    out: "",
    err: err + see(tool, args),
  });
}

Deno.test("unknown command, with and without a suggestion", async () => {
  await assertUsage(
    runKatcall,
    ["valdate", "x"],
    'error: unknown command "valdate"\n(Did you mean validate?)\n',
  );
  await assertUsage(
    runKatcall,
    ["Validate", "x"],
    'error: unknown command "Validate"\n(Did you mean validate?)\n',
  );
  await assertUsage(runKatcall, ["zzz"], 'error: unknown command "zzz"\n');
  await assertUsage(
    runKatAgent,
    ["int"],
    'error: unknown command "int"\n(Did you mean init?)\n',
  );
});

Deno.test("unknown option, with and without a suggestion", async () => {
  await assertUsage(
    runKatcall,
    ["validate", "--formt", "json", "x"],
    'error: unknown option "--formt"\n(Did you mean --format?)\n',
  );
  await assertUsage(
    runKatcall,
    ["validate", "--formt=json", "x"],
    'error: unknown option "--formt=json"\n(Did you mean --format?)\n',
  );
  await assertUsage(
    runKatAgent,
    ["init", "-c", "x", "--dry-rn"],
    'error: unknown option "--dry-rn"\n(Did you mean --dry-run?)\n',
  );
  await assertUsage(
    runKatcall,
    ["validate", "-x", "y"],
    'error: unknown option "-x"\n',
  );
  // Before the command only -V and -h are known.
  await assertUsage(
    runKatcall,
    ["--format", "json", "validate", "x"],
    'error: unknown option "--format"\n',
  );
  // Short flags are not bundled.
  await assertUsage(
    runKatcall,
    ["validate", "-hf", "json"],
    'error: unknown option "-hf"\n',
  );
});

Deno.test("an option missing its value", async () => {
  const err = "error: --format needs a value: --format <format>\n";
  await assertUsage(runKatcall, ["validate", "x", "--format"], err);
  await assertUsage(runKatcall, ["validate", "x", "-f"], err);
  await assertUsage(
    runKatAgent,
    ["init", "--dry-run", "-c"],
    "error: --config needs a value: --config <file>\n",
  );
});

Deno.test("a value given to a boolean flag", async () => {
  await assertUsage(
    runKatAgent,
    ["init", "-c", "x", "--dry-run=1"],
    "error: --dry-run takes no value\n",
  );
});

Deno.test("a value not among the choices, in every spelling", async () => {
  const err =
    'error: --format cannot be "xml": use text, json, junit, tap, sarif, github\n(Did you mean junit?)\n';
  for (
    const form of [["--format", "xml"], ["--format=xml"], ["-f", "xml"], [
      "-fxml",
    ]]
  ) {
    await assertUsage(runKatcall, ["validate", ...form, "x"], err);
  }
  await assertUsage(
    runKatcall,
    ["validate", "--format=", "x"],
    'error: --format cannot be "": use text, json, junit, tap, sarif, github\n',
  );
  await assertUsage(
    runKatAgent,
    ["init", "-c", "x", "--dry-run", "--format", "xml"],
    'error: --format cannot be "xml": use yaml, json, binpb\n(Did you mean yaml?)\n',
  );
});

Deno.test("a missing required option", async () => {
  const err = "error: --config <file> is required\n";
  await assertUsage(runKatAgent, ["init"], err);
  await assertUsage(runKatAgent, ["init", "--dry-run"], err);
});

Deno.test("a missing required argument", async () => {
  await assertUsage(
    runKatcall,
    ["validate"],
    "error: validate needs <path...>\n",
  );
  await assertUsage(
    runKatcall,
    ["validate", "-f", "json"],
    "error: validate needs <path...>\n",
  );
  await assertUsage(
    runKatcall,
    ["pack"],
    "error: pack needs <dir>\n",
  );
});

Deno.test("too many arguments", async () => {
  await assertUsage(
    runKatcall,
    ["inspect", "a", "b"],
    'error: inspect takes 1 argument, got 2: "a" "b"\n',
  );
  await assertUsage(
    runKatcall,
    ["schema", "x"],
    'error: schema takes no arguments, got 1: "x"\n',
  );
  await assertUsage(
    runKatAgent,
    ["init", "-c", "x", "y"],
    'error: init takes no arguments, got 1: "y"\n',
  );
});

Deno.test("a usage error found by an action names the tool", async () => {
  await assertUsage(
    runKatcall,
    ["validate", "-", "-"],
    "katcall: standard input (-) can be named only once\n",
  );
  // The agent checks its own options (in a module of its own), the same way.
  assertEquals(
    await run(runKatAgent, ["init", "-c", "x", "--node-name", "Bad"]),
    {
      code: 2,
      out: "",
      err:
        "kat-agent: --node-name \"Bad\": must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters\n" +
        "See 'kat-agent init --help'.\n",
    },
  );
});

Deno.test("the agent's usage errors quote what was typed: escaped and shortened", async () => {
  const odd = "\x1b]0;x\x07\nforged\u202e";
  const long = "x".repeat(300);
  const cases: [string[], string][] = [
    [
      ["--node-name", odd],
      '--node-name "\\u001b]0;x\\u0007\\nforged\\u202e": must be a DNS label',
    ],
    [
      ["--node-name", long],
      `--node-name "${"x".repeat(200)}…" (300 characters): must be a DNS label`,
    ],
    [
      ["--etcd-listen-address", odd],
      '--etcd-listen-address "\\u001b]0;x\\u0007\\nforged\\u202e": must be an IPv4 or IPv6 address\n',
    ],
    [
      ["--etcd-endpoints", `h:1/${long}`],
      `--etcd-endpoints: etcd endpoint "h:1/${
        "x".repeat(196)
      }…" (304 characters) must be http://host:port or https://host:port\n`,
    ],
    [
      ["--etcd-endpoints", `${odd}:1`],
      '--etcd-endpoints: etcd endpoint "\\u001b]0;x\\u0007\\nforged\\u202e:1" is not a URL\n',
    ],
  ];
  for (const [args, words] of cases) {
    const r = await run(runKatAgent, [
      "init",
      "-c",
      "x",
      "--node-name",
      "n",
      ...args,
    ]);
    assertEquals(
      [
        r.code,
        r.err.startsWith(`kat-agent: ${words}`),
        r.err.split("\n").length,
      ],
      [2, true, 3],
      r.err,
    );
  }
});

const VALIDATE_HELP = lines(
  "Usage: katcall validate [options] <path...>",
  "",
  "Check .kat files, quadlet trees and archives; - reads a manifest or an archive",
  "from stdin.",
  "",
  "Arguments:",
  "  path                     a .kat file (checked with the rest of its quadlet), a",
  "                           directory (walked for quadlets), a .tar.gz/.tgz",
  "                           archive, or - for standard input",
  "",
  "Options:",
  '  -f, --format <format>    report format (choices: "text", "json", "junit",',
  '                           "tap", "sarif", "github", default: "text")',
  "  --summary                end with the number of files, resources, errors and",
  "                           warnings",
  "  -q, --quiet              report errors only",
  "  -v, --verbose            text format: also list each file without a problem",
  "  --max-warnings <n>       fail when there are more than n warnings",
  "  --color <when>           colour the output; auto: on a terminal unless",
  "                           NO_COLOR is set or TERM=dumb, or when FORCE_COLOR is",
  '                           set (choices: "auto", "always", "never", default:',
  '                           "auto")',
  "  --stdin-filename <name>  the name standard input (-) has in diagnostics",
  "  -h, --help               display help for command",
  "",
  "Global Options:",
  "  -V, --version            print the version",
);

const KATCALL_HELP = lines(
  "Usage: katcall [options] [command]",
  "",
  "Validate, inspect and pack KAT manifests and quadlets; apply, read and remove",
  "the resources of a running cluster.",
  "",
  "Options:",
  "  -V, --version                   print the version",
  "  -h, --help                      display help for command",
  "",
  "Commands:",
  "  validate [options] <path...>    Check .kat files, quadlet trees and archives;",
  "                                  - reads a manifest or an archive from stdin.",
  "  inspect [options] <path>        Print the resources of a path with every",
  "                                  default filled in.",
  "  schema                          Print the JSON Schema (2020-12) of .kat files,",
  "                                  for editors.",
  "  pack [options] <dir>            Validate a quadlet directory, then write it as",
  "                                  a deterministic .tar.gz.",
  "  apply [options] <path...>       Send quadlets to the cluster: their resources",
  "                                  are created, changed or deleted to match.",
  "  get [options] <kind> [name]     List the resources of a kind in the cluster,",
  "                                  or show one by name.",
  "  delete [options] <kind> <name>  Remove a resource from the cluster.",
  "  help [command]                  display help for command",
);

Deno.test("help of a command: -h, --help and help COMMAND print the same", async () => {
  for (
    const args of [
      ["validate", "--help"],
      ["validate", "-h"],
      ["help", "validate"],
      ["validate", "x", "--help"],
      // Help wins over every mistake on its command line.
      ["validate", "--format", "xml", "--formt", "--help"],
    ]
  ) {
    assertEquals(await run(runKatcall, args), {
      code: 0,
      out: VALIDATE_HELP,
      err: "",
    });
  }
});

Deno.test("help of the program; no command prints it as an error", async () => {
  for (
    const args of [
      ["--help"],
      ["-h"],
      ["help"],
      ["--help", "validate"],
      ["help", "--help"],
      ["help", "-h", "validate"],
      ["help", "help"],
      // Help wins over an unknown command, as over any other mistake.
      ["nope", "--help"],
      ["valdate", "x", "-h"],
    ]
  ) {
    assertEquals(await run(runKatcall, args), {
      code: 0,
      out: KATCALL_HELP,
      err: "",
    }, args.join(" "));
  }
  assertEquals(await run(runKatcall, []), {
    code: 2,
    out: "",
    err: KATCALL_HELP,
  });
  // After --, --help is a word like any other.
  await assertUsage(
    runKatcall,
    ["nope", "--", "--help"],
    'error: unknown command "nope"\n',
  );
});

Deno.test("help COMMAND: options around it, and an unknown command", async () => {
  const validateHelp = (await run(runKatcall, ["validate", "--help"])).out;
  for (
    const args of [
      ["help", "--", "validate"],
      ["help", "--bogus", "validate"],
      ["help", "validate", "extra"],
    ]
  ) {
    assertEquals(await run(runKatcall, args), {
      code: 0,
      out: validateHelp,
      err: "",
    }, args.join(" "));
  }
  assertEquals(await run(runKatcall, ["help", "-V"]), {
    code: 0,
    out: `${VERSION}\n`,
    err: "",
  });
  await assertUsage(
    runKatcall,
    ["help", "valdate"],
    'error: unknown command "valdate"\n(Did you mean validate?)\n',
  );
  await assertUsage(
    runKatcall,
    ["help", "zzz"],
    'error: unknown command "zzz"\n',
  );
});

Deno.test("suggestions: up to three edits, ties listed", async () => {
  const cases: [Run, string[], string][] = [
    [
      runKatcall,
      ["insp", "x"],
      'unknown command "insp"\n(Did you mean inspect?)',
    ],
    [
      runKatcall,
      ["validate", "--form", "json", "x"],
      'unknown option "--form"\n(Did you mean --format?)',
    ],
    [
      runKatcall,
      ["pack", "--out", "x", "y"],
      'unknown option "--out"\n(Did you mean --output?)',
    ],
    [
      runKatAgent,
      ["init", "--conf", "x"],
      'unknown option "--conf"\n(Did you mean --config?)',
    ],
    [
      runKatcall,
      ["--vers"],
      'unknown option "--vers"\n(Did you mean --version?)',
    ],
    [
      runKatcall,
      ["VALIDATE", "x"],
      'unknown command "VALIDATE"\n(Did you mean validate?)',
    ],
  ];
  for (const [tool, args, message] of cases) {
    await assertUsage(tool, args, `error: ${message}\n`);
  }
  const program: ProgramSpec = {
    name: "tool",
    description: "A tool.",
    version: "1.0.0",
    commands: [defineCommand({
      name: "run",
      description: "Run.",
      options: [
        { long: "force", description: "force it" },
        { long: "format", value: "f", description: "format" },
      ],
      action: () => 0,
    })],
  };
  const io = memoryIo();
  assertEquals(await runProgram(program, ["run", "--form"], io), 2);
  assertEquals(
    io.errText(),
    "error: unknown option \"--form\"\n(Did you mean one of --force, --format?)\nSee 'tool run --help'.\n",
  );
});

Deno.test("a usage error's message never spans lines or drives the terminal", async () => {
  const program: ProgramSpec = {
    name: "tool",
    description: "A tool.",
    version: "1.0.0",
    commands: [defineCommand({
      name: "run",
      description: "Run.",
      action: () => {
        throw new UsageError("raw \x1b[2J\nline \u202e\u0085");
      },
    })],
  };
  const io = memoryIo();
  assertEquals(await runProgram(program, ["run"], io), 2);
  assertEquals(
    io.errText(),
    "tool: raw \\u001b[2J\\nline \\u202e\\u0085\nSee 'tool run --help'.\n",
  );
});

Deno.test("a word that reads as a negative number is a positional", async () => {
  for (const word of ["-1", "-1.5", "-.5", "-1e3"]) {
    const result = await run(runKatcall, [
      "validate",
      "--format",
      "json",
      word,
    ]);
    assertEquals(result.code, 1, word);
    assertEquals(
      JSON.parse(result.out).diagnostics[0].file,
      word,
    );
  }
  await assertUsage(
    runKatcall,
    ["validate", "-1x"],
    'error: unknown option "-1x"\n',
  );
});

Deno.test("help of kat-agent init: flags, choices and defaults", async () => {
  assertEquals(
    await run(runKatAgent, ["init", "--help"]),
    {
      code: 0,
      err: "",
      out: lines(
        "Usage: kat-agent init [options]",
        "",
        "Start a cluster from its cluster.kat: the cluster CA, the node's etcd, the",
        "leader election, the stored configuration and the API; runs until SIGINT,",
        "SIGTERM or SIGHUP.",
        "",
        "Options:",
        "  -c, --config <file>         the ClusterConfiguration file (cluster.kat)",
        "  --dry-run                   print the effective configuration and exit",
        '  -f, --format <format>       output format of --dry-run (choices: "yaml",',
        '                              "json", "binpb", default: "yaml")',
        "  --node-name <name>          this node's name (default: from the host name)",
        "  --data-dir <dir>            where the local etcd keeps its data, log and pid",
        "                              file, and the agent its lock, lease record, PKI",
        "                              and the administrator's katconfig (default:",
        '                              "/var/lib/kat")',
        "  --etcd-endpoints <urls>     use this etcd cluster (comma-separated client",
        "                              URLs) instead of starting one",
        "  --advertise-address <ip>    this node's address: the API and etcd listen there",
        "                              and other nodes reach it (default: 127.0.0.1)",
        "  --etcd-listen-address <ip>  the address the local etcd's ports listen on",
        "                              (default: the advertise address)",
        "  --insecure-etcd             development only: run the local etcd over plain",
        "                              HTTP, without TLS, client certificates or access",
        "                              control",
        '  --log-format <format>       log lines as text or JSON (choices: "text",',
        '                              "json", default: "text")',
        "  -h, --help                  display help for command",
        "",
        "Global Options:",
        "  -V, --version               print the version",
      ),
    },
  );
});

Deno.test("-V and --version, before or after a command", async () => {
  for (const args of [["-V"], ["--version"], ["validate", "--version"]]) {
    assertEquals(await run(runKatcall, args), {
      code: 0,
      out: `${VERSION}\n`,
      err: "",
    });
  }
  await assertUsage(
    runKatcall,
    ["--version=1"],
    "error: --version takes no value\n",
  );
});

/** A program whose one command records what it was given. */
function recorder() {
  const seen: { args: unknown; options: unknown }[] = [];
  const show = defineCommand({
    name: "show",
    description: "Show files.",
    arguments: [
      { name: "first", description: "the first file" },
      {
        name: "more",
        description: "more files",
        variadic: true,
        required: false,
      },
    ],
    options: [
      {
        long: "output",
        short: "o",
        value: "file",
        description: "where to write",
      },
      {
        long: "format",
        short: "f",
        value: "format",
        description: "output format",
        choices: ["yaml", "json"],
        default: "yaml",
      },
      { long: "dry-run", description: "write nothing" },
    ],
    action: ({ args, options }) => {
      seen.push({ args, options });
      return 0;
    },
  });
  const program: ProgramSpec = {
    name: "tool",
    description: "A tool.",
    version: "1.2.3",
    commands: [show],
  };
  return {
    program,
    async parse(args: string[]) {
      seen.length = 0;
      const io = memoryIo();
      const code = await runProgram(program, args, io);
      assertEquals([code, io.errText()], [0, ""]);
      return seen[0];
    },
  };
}

Deno.test("every spelling of an option's value", async () => {
  const { parse } = recorder();
  for (
    const form of [
      ["--output", "a.tgz"],
      ["--output=a.tgz"],
      ["-o", "a.tgz"],
      ["-oa.tgz"],
    ]
  ) {
    assertEquals(await parse(["show", ...form, "x"]), {
      args: { first: "x", more: [] },
      options: { output: "a.tgz", format: "yaml", dryRun: false },
    });
  }
  // `=` belongs to the value of a short option, as with getopt.
  assertEquals(
    (await parse(["show", "-o=a", "x"])).options,
    { output: "=a", format: "yaml", dryRun: false },
  );
  // An empty value is a value.
  assertEquals(
    (await parse(["show", "--output=", "x"])).options,
    { output: "", format: "yaml", dryRun: false },
  );
});

Deno.test("options before, between and after positionals; the last one wins", async () => {
  const { parse } = recorder();
  assertEquals(
    await parse([
      "show",
      "-f",
      "json",
      "a",
      "--dry-run",
      "b",
      "--format=yaml",
      "c",
    ]),
    {
      args: { first: "a", more: ["b", "c"] },
      options: { output: undefined, format: "yaml", dryRun: true },
    },
  );
});

Deno.test("-- ends the options; a lone - is a positional", async () => {
  const { parse } = recorder();
  assertEquals(
    await parse(["show", "-", "--", "--format", "-x", "--", "-"]),
    {
      args: { first: "-", more: ["--format", "-x", "--", "-"] },
      options: { output: undefined, format: "yaml", dryRun: false },
    },
  );
  // An option's value is the next word, whatever it looks like.
  assertEquals(
    await parse(["show", "-o", "-", "a"]),
    {
      args: { first: "a", more: [] },
      options: { output: "-", format: "yaml", dryRun: false },
    },
  );
  assertEquals(
    (await parse(["show", "--output", "--dry-run", "a"])).options,
    { output: "--dry-run", format: "yaml", dryRun: false },
  );
});

Deno.test("parse errors are ArgsErrors with a code", () => {
  const { program } = recorder();
  const codes = [
    ["shw"],
    ["show", "--fromat", "a"],
    ["show", "a", "-o"],
    ["show", "--dry-run=yes", "a"],
    ["show", "-f", "toml", "a"],
    ["show"],
  ].map((args) => {
    try {
      parseCommandLine(program, args);
      return "parsed";
    } catch (e) {
      return e instanceof ArgsError ? [e.code, e.suggestion] : String(e);
    }
  });
  assertEquals(codes, [
    ["unknown-command", "show"],
    ["unknown-option", "--format"],
    ["missing-value", undefined],
    ["unexpected-value", undefined],
    ["invalid-choice", "yaml"],
    ["missing-argument", undefined],
  ]);
});

Deno.test("the first mistake on the command line is the one reported", async () => {
  const { program } = recorder();
  const io = memoryIo();
  assertEquals(
    await runProgram(program, ["show", "-f", "toml", "--nope", "a"], io),
    2,
  );
  assertEquals(
    io.errText(),
    "error: --format cannot be \"toml\": use yaml, json\n(Did you mean yaml?)\nSee 'tool show --help'.\n",
  );
});

Deno.test("help wraps its columns to the width, but never narrower than 40", () => {
  const { program } = recorder();
  const help = (width: number) =>
    formatHelp(program, program.commands[0], { width }).split("\n");
  assertEquals(
    help(70),
    lines(
      "Usage: tool show [options] <first> [more...]",
      "",
      "Show files.",
      "",
      "Arguments:",
      "  first                  the first file",
      "  more                   more files",
      "",
      "Options:",
      "  -o, --output <file>    where to write",
      '  -f, --format <format>  output format (choices: "yaml", "json",',
      '                         default: "yaml")',
      "  --dry-run              write nothing",
      "  -h, --help             display help for command",
      "",
      "Global Options:",
      "  -V, --version          print the version",
    ).split("\n"),
  );
  assertEquals(
    help(50)[10],
    '  -f, --format <format>  output format (choices: "yaml", "json", default: "yaml")',
  );
});

Deno.test("help wraps to the terminal's width when there is one", async () => {
  const wide = memoryIo({ columns: 130 });
  assertEquals(await runKatcall(["--help"], wide), 0);
  assertEquals(
    wide.outText().split("\n").find((l) => l.startsWith("  validate")),
    "  validate [options] <path...>    Check .kat files, quadlet trees and archives; - reads a manifest or an archive from stdin.",
  );
  const lengths = async (columns?: number) => {
    const io = memoryIo({ columns });
    assertEquals(await runKatcall(["validate", "--help"], io), 0);
    return io.outText().split("\n").map((l) => l.length);
  };
  const at80 = Math.max(...await lengths());
  const at100 = Math.max(...await lengths(100));
  assertEquals([at80 <= 80, at100 > 80 && at100 <= 100], [true, true]);
});

Deno.test("a spec the parser could not honour fails when it is defined", () => {
  const bad: [string, () => unknown][] = [
    ["variadic", () =>
      defineCommand({
        name: "cp",
        description: "Copy.",
        arguments: [
          { name: "from", description: "", variadic: true },
          { name: "to", description: "" },
        ],
        action: () => 0,
      })],
    ["twice", () =>
      defineCommand({
        name: "x",
        description: "X.",
        options: [{ long: "help", description: "mine" }],
        action: () => 0,
      })],
    ["short twice", () =>
      defineCommand({
        name: "x",
        description: "X.",
        options: [{ long: "verbose", short: "V", description: "" }],
        action: () => 0,
      })],
    ["required and defaulted", () =>
      defineCommand({
        name: "x",
        description: "X.",
        options: [{
          long: "mode",
          value: "m",
          description: "",
          required: true,
          default: "a",
        }],
        action: () => 0,
      })],
    ["default outside choices", () =>
      defineCommand({
        name: "x",
        description: "X.",
        options: [{
          long: "mode",
          value: "m",
          description: "",
          choices: ["a", "b"],
          default: "c",
        }],
        action: () => 0,
      })],
  ];
  const messages = bad.map(([, define]) => {
    try {
      define();
      return "defined";
    } catch (e) {
      return (e as Error).message;
    }
  });
  assertEquals(messages, [
    "command cp: only the last argument may be variadic, not from",
    "command x: option --help is declared twice",
    "command x: option -V is declared twice",
    "command x: option --mode cannot be both required and defaulted",
    "command x: the default of --mode is not one of its choices",
  ]);
});
