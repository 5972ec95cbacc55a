/**
 * The hook of `.pre-commit-hooks.yaml`, run by pre-commit itself
 * (`pre-commit try-repo`, Debian's `pre-commit`, which `.ci/run` installs)
 * in a repository of quadlets, with `katcall` installed as the README says.
 * It fails, never skips, without pre-commit.
 */
import { assertEquals } from "../assert.ts";
import { REPO, tempDir } from "../helpers.ts";
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import { loadBalancer, workload } from "./cli_helpers.ts";

async function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
) {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, out: text(out.stdout), err: text(out.stderr) };
}

/** A git repository in a temporary directory, with `files` committed. */
async function repository(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("git");
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  const git = (...args: string[]) =>
    run(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args],
      dir,
    );
  assertEquals((await git("init", "-q")).code, 0);
  await git("add", "-A");
  assertEquals((await git("commit", "-q", "-m", "files")).code, 0);
  return dir;
}

Deno.test({
  name:
    "pre-commit try-repo runs the hook: a file's quadlet is checked with it",
  sanitizeResources: false,
  async fn() {
    // katcall, installed as the README installs it (here into a temporary
    // root, with the usual Deno cache).
    const root = await tempDir("root");
    const install = await run(Deno.execPath(), [
      "install",
      "-g",
      "-f",
      "-n",
      "katcall",
      "--root",
      root,
      "--quiet",
      "--config",
      `${REPO}deno.json`,
      ...PERMISSIONS.katcall,
      `${REPO}src/cli/katcall_main.ts`,
    ], REPO);
    assertEquals([install.code, install.err], [0, ""]);

    const hooks = await repository({
      ".pre-commit-hooks.yaml": await Deno.readTextFile(
        `${REPO}.pre-commit-hooks.yaml`,
      ),
    });
    const work = await repository({
      "app/workload.kat": workload("web"),
      "app/VirtualLoadBalancer.kat": loadBalancer("webb"),
      "README.md": "not checked\n",
    });
    const env = {
      PATH: `${root}/bin:${Deno.env.get("PATH")}`,
      PRE_COMMIT_HOME: await tempDir("pre-commit"),
    };
    const tryRepo = (...args: string[]) =>
      run(
        "pre-commit",
        ["try-repo", hooks, "katcall-validate", ...args],
        work,
        env,
      );

    // Only workload.kat is handed over, as when only it changed; the
    // mismatch with the other file of its quadlet is still found, at it.
    const one = await tryRepo("--files", "app/workload.kat");
    assertEquals(one.code, 1, one.out + one.err);
    assertEquals(
      one.out.includes(
        `\napp/workload.kat:3:18: error: metadata.name: metadata.name "web" differs from the VirtualLoadBalancer's "webb" (app/VirtualLoadBalancer.kat) (hint: every resource of a quadlet is named like its Workload)\n`,
      ),
      true,
      one.out,
    );
    assertEquals(one.out.includes("katcall validate"), true);
    // README.md is not a .kat file: the hook never sees it.
    assertEquals(one.out.includes("README.md"), false);

    // Fixed, every file passes.
    await Deno.writeTextFile(
      `${work}/app/VirtualLoadBalancer.kat`,
      loadBalancer("web"),
    );
    const all = await tryRepo("--all-files");
    assertEquals(all.code, 0, all.out + all.err);
    assertEquals(/katcall validate\.+Passed/.test(all.out), true, all.out);
  },
});
