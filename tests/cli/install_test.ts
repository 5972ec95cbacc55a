/**
 * The README's install commands, run as written on what stands in for a
 * fresh machine: a temporary home (so `~/.deno/bin` and Deno's cache start
 * empty) and this checkout. The installed `katcall` downloads only the
 * packages it uses, quietly, and nothing on later runs; nothing is left
 * behind in the checkout.
 */
import { parse as parseYaml } from "yaml";
import { assertEquals } from "../assert.ts";
import { REPO, tempDir } from "../helpers.ts";
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import { cachedNpmPackages } from "../e2e/user_project.ts";

const README = await Deno.readTextFile(`${REPO}README.md`);

/** The fenced blocks of `lang` in the section under `heading`, in order. */
function blocks(heading: string, lang: string): string[] {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no ${heading}`);
  const rest = README.slice(at + heading.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [
    ...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g")),
  ]
    .map((m) => m[1]);
}

/**
 * This process's environment without what would point Deno elsewhere than a
 * fresh machine's defaults (certificate settings stay: the registry is
 * reached through them here).
 */
function inherited(): Record<string, string> {
  const env = Deno.env.toObject();
  for (
    const name of [
      "DENO_DIR",
      "DENO_INSTALL_ROOT",
      "HTTPS_PROXY",
      "HTTP_PROXY",
      "https_proxy",
      "http_proxy",
    ]
  ) {
    delete env[name];
  }
  return env;
}

/** Runs a script with bash in the checkout; `npm` only says what it was asked. */
async function bash(script: string, env: Record<string, string>) {
  const out = await new Deno.Command("bash", {
    args: [
      "-euo",
      "pipefail",
      "-c",
      // Deno is installed already: npm records its arguments instead.
      `npm() { echo "npm $*" >> "$HOME/npm.log"; }\n${script}`,
    ],
    cwd: REPO,
    env: { ...inherited(), ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, out: text(out.stdout), err: text(out.stderr) };
}

async function gitStatus(): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["status", "--porcelain", "--untracked-files=all", "--ignored"],
    cwd: REPO,
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout);
}

/** What katcall needs from npm: its own module graph, nothing else. */
const KATCALL_PACKAGES = [
  "argparse",
  "js-yaml",
  "long",
  "modern-tar",
  "protobufjs",
];

/** Packages only the tests use, which no user's run may fetch. */
const TEST_ONLY = [
  "@bufbuild/buf",
  "ajv",
  "ajv-draft-04",
  "ajv-formats",
  "fast-check",
  "junit2json",
  "tap-parser",
  "yaml",
];

Deno.test({
  name:
    "README install: the commands run as written; katcall downloads only what it uses, quietly, and later nothing",
  sanitizeResources: false,
  async fn() {
    const before = await gitStatus();
    const home = await tempDir("home");
    const env = { HOME: home, NO_COLOR: "1" };

    // Quick start: Deno from npm, katcall installed, the examples checked.
    const [quick] = blocks("## Quick start", "sh");
    const first = await bash(quick, env);
    assertEquals(first.err, "");
    assertEquals(first.code, 0, first.out);
    assertEquals(
      await Deno.readTextFile(`${home}/npm.log`),
      "npm install -g deno@2.9.6\n",
    );
    const denoDir = `${home}/.cache/deno`;
    assertEquals(await cachedNpmPackages(denoDir), KATCALL_PACKAGES);

    // Install: both tools, and each answers.
    const [install] = blocks("## Install", "sh");
    const both = await bash(install, env);
    assertEquals([both.code, both.err], [0, ""]);
    const lines = both.out.split("\n");
    assertEquals(lines[0], "0.1.0");
    assertEquals(lines[1], "apiVersion: kat.dws.rip/v1alpha1");
    const all = await cachedNpmPackages(denoDir);
    assertEquals(all.filter((p) => TEST_ONLY.includes(p)), []);

    // An empty cache: the installed katcall's first run fetches exactly its
    // packages and prints nothing but its own output.
    const katcall = `${home}/.deno/bin/katcall`;
    const fresh = await tempDir("deno-dir");
    const run = (extra: Record<string, string>) =>
      bash(`${katcall} validate --summary examples/`, { ...env, ...extra });
    const summary = "Summary: 9 files, 9 resources, 0 errors, 0 warnings\n";
    assertEquals(await run({ DENO_DIR: fresh }), {
      code: 0,
      out: summary,
      err: "",
    });
    assertEquals(await cachedNpmPackages(fresh), KATCALL_PACKAGES);
    // Later runs fetch nothing: with every download refused, all is the same.
    const offline = {
      DENO_DIR: fresh,
      HTTPS_PROXY: "http://127.0.0.1:9",
      HTTP_PROXY: "http://127.0.0.1:9",
    };
    assertEquals(await run(offline), { code: 0, out: summary, err: "" });
    // The refusal is real: an empty cache cannot run offline.
    const empty = await tempDir("deno-dir");
    assertEquals(
      (await run({ ...offline, DENO_DIR: empty })).code === 0,
      false,
    );

    // Nothing is left behind in the checkout.
    assertEquals(await gitStatus(), before);
  },
});

/** Each `deno install` line: the tool's name, its flags and its module. */
function installLines(text: string) {
  return [...text.matchAll(/deno install -g -f -n (\S+) (.*?) (\S+)$/gm)].map(
    (m) => {
      const flags = m[2].split(" ");
      const config = flags.indexOf("--config");
      if (config >= 0) flags.splice(config, 2);
      return { tool: m[1], flags, module: m[3] };
    },
  );
}

Deno.test("every install line of the README grants exactly the tool's permissions", () => {
  const found = installLines(README);
  assertEquals(found.map((l) => `${l.tool} ${l.module}`), [
    "katcall src/cli/katcall_main.ts",
    "katcall src/cli/katcall_main.ts",
    "kat-agent src/cli/kat_agent_main.ts",
    "katcall jsr:@kat/toolkit/katcall",
    "kat-agent jsr:@kat/toolkit/kat-agent",
    "katcall jsr:@kat/toolkit/katcall",
  ]);
  for (const line of found) {
    const tool = line.tool as keyof typeof PERMISSIONS;
    assertEquals(line.flags, ["--quiet", ...PERMISSIONS[tool]], line.tool);
  }
});

Deno.test("the JSR form names entry points the package exports", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}deno.json`));
  for (const line of installLines(README)) {
    if (!line.module.startsWith("jsr:")) continue;
    const sub = line.module.replace("jsr:@kat/toolkit/", "./");
    assertEquals(
      config.exports[sub],
      `./${
        installLines(README).find((l) =>
          l.tool === line.tool && !l.module.startsWith("jsr:")
        )!.module
      }`,
    );
  }
});

Deno.test("the README's GitHub Actions workflow: its katcall steps run as written", async () => {
  const [workflowText] = blocks(
    "## Continuous integration and pre-commit",
    "yaml",
  );
  const workflow = parseYaml(workflowText);
  const steps: { name?: string; run?: string; uses?: string }[] =
    workflow.jobs.validate.steps;
  assertEquals(steps.map((s) => s.name ?? s.uses), [
    "actions/checkout@v4",
    "Install katcall",
    "Validate",
    "SARIF for code scanning",
    "github/codeql-action/upload-sarif@v3",
  ]);
  // A repository of quadlets: the examples, with katcall on the PATH.
  const repo = await tempDir("repo");
  await new Deno.Command("cp", { args: ["-r", `${REPO}examples/.`, repo] })
    .output();
  const bin = await tempDir("bin");
  await Deno.writeTextFile(
    `${bin}/katcall`,
    `#!/bin/sh\nexec '${Deno.execPath()}' run --quiet ${
      PERMISSIONS.katcall.join(" ")
    } '${REPO}src/cli/katcall_main.ts' "$@"\n`,
  );
  await Deno.chmod(`${bin}/katcall`, 0o755);
  const runnerTemp = await tempDir("runner");
  const step = async (name: string) => {
    const out = await new Deno.Command("bash", {
      args: ["-eo", "pipefail", "-c", steps.find((s) => s.name === name)!.run!],
      cwd: repo,
      env: {
        PATH: `${bin}:${Deno.env.get("PATH")}`,
        NO_COLOR: "1",
        RUNNER_TEMP: runnerTemp,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, out: text(out.stdout), err: text(out.stderr) };
  };
  assertEquals(await step("Validate"), {
    code: 0,
    out: "",
    err: "Summary: 9 files, 9 resources, 0 errors, 0 warnings\n",
  });
  await Deno.writeTextFile(
    `${repo}/web-service/workload.kat`,
    "kind: Workload\n",
  );
  const failing = await step("Validate");
  assertEquals(failing.code, 1);
  assertEquals(
    failing.out.startsWith(
      "::error file=web-service/workload.kat,line=1,col=1,",
    ),
    true,
    failing.out,
  );
  const sarif = await step("SARIF for code scanning");
  assertEquals(sarif.code, 0);
  const log = JSON.parse(
    await Deno.readTextFile(`${runnerTemp}/katcall.sarif`),
  );
  assertEquals(log.version, "2.1.0");
  assertEquals(
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
    "web-service/workload.kat",
  );
  // The install step installs the same tool as the README's install line.
  const installStep = steps.find((s) => s.name === "Install katcall")!.run!;
  assertEquals(installStep.split("\n")[0], "npm install -g deno@2.9.6");
});
