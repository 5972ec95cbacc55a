/**
 * The test task's check that the tests leave nothing behind in the
 * temporary directory: a test module that leaves a directory fails the run
 * (naming it), one that cleans up passes, and one made with the helpers of
 * tests/helpers.ts is cleaned up even when it does not remove anything.
 */
import { assertEquals } from "../assert.ts";
import { REPO, withTempDir } from "../helpers.ts";

/** Runs scripts/run_tests.ts on a test module holding `source`. */
function runOn(source: string) {
  return withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/probe_test.ts`, source);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        "--allow-env",
        `${REPO}scripts/run_tests.ts`,
        "--quiet",
        "--allow-read",
        "--allow-write",
        `${dir}/probe_test.ts`,
      ],
      cwd: REPO,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    return { code: out.code, err, dir };
  }, "run-tests");
}

Deno.test("a test that leaves a temporary directory behind fails the run, which names it", async () => {
  const run = await runOn(
    'Deno.test("leaks", () => { Deno.makeTempDirSync({ prefix: "leaked-" }); });\n',
  );
  assertEquals(run.code, 1);
  const named = run.err.split("\n").filter((l) => l.startsWith("  "));
  assertEquals(named.length, 1);
  assertEquals(
    named[0].startsWith("  leaked-") && named[0].endsWith("/"),
    true,
  );
  assertEquals(
    run.err.includes(
      "error: the tests left 1 entry behind in their temporary directory:\n",
    ),
    true,
  );
});

Deno.test("a test that removes what it made passes the run", async () => {
  const run = await runOn(
    'Deno.test("cleans", () => { Deno.removeSync(Deno.makeTempDirSync()); });\n',
  );
  assertEquals([run.code, run.err], [0, ""]);
});

Deno.test("what tempDir and tempFile make is removed when the module ends", async () => {
  const helpers = `${REPO}tests/helpers.ts`;
  const run = await runOn(
    `import { tempDir, tempFile } from ${JSON.stringify(helpers)};\n` +
      'Deno.test("uses the helpers", async () => {\n' +
      '  await Deno.writeTextFile(`${await tempDir("x")}/f`, "x");\n' +
      "  await tempFile();\n" +
      "});\n",
  );
  assertEquals([run.code, run.err], [0, ""]);
});

Deno.test("deno task test runs the tests through scripts/run_tests.ts", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}deno.json`));
  const steps = (config.tasks.test as string).split(" && ");
  assertEquals(
    steps.at(-1),
    "deno run --allow-read --allow-write --allow-run --allow-env scripts/run_tests.ts --allow-read --allow-write --allow-run --allow-env --allow-net=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6",
  );
  assertEquals(steps.filter((s) => s.startsWith("deno test")), []);
});
