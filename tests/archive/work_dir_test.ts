import { assertEquals, assertRejects } from "../assert.ts";
import {
  inWorkDir,
  startProcess,
  type Worker,
} from "./differential/work_dir.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("the work directory is removed only after every worker has stopped, and the first failure is reported", async () => {
  const events: string[] = [];
  let workDir = "";
  const slow = (name: string): Worker => ({
    async stop() {
      events.push(`stop ${name}`);
      await new Promise((r) => setTimeout(r, 50));
      // Still writing until it has stopped.
      await Deno.writeTextFile(`${workDir}/${name}`, "late");
      events.push(`stopped ${name}`);
    },
  });
  const e = await assertRejects(
    () =>
      inWorkDir("kd-test", (dir, track) => {
        workDir = dir;
        track(slow("tar"));
        track(slow("python"));
        return Promise.reject(new Error("the real failure"));
      }),
    Error,
  );
  assertEquals(e.message, "the real failure");
  // Both are told to stop before either has stopped; they stop in any
  // order.
  assertEquals(events.slice(0, 2), ["stop tar", "stop python"]);
  assertEquals(events.slice(2).sort(), ["stopped python", "stopped tar"]);
  assertEquals(await exists(workDir), false);
});

Deno.test("a shell loop writing into the work directory is stopped before the directory goes", async () => {
  let workDir = "";
  const e = await assertRejects(
    () =>
      inWorkDir("kd-test", async (dir, track) => {
        workDir = dir;
        // Like the GNU tar loop: children of the shell write files until the
        // stop file appears.
        const loop = startProcess("sh", [
          "-c",
          `i=0; while [ ! -e "${dir}/stop" ]; do i=$((i+1)); mkdir -p "${dir}/t/$i" && (echo x > "${dir}/t/$i/f"); done`,
        ], { stopFile: `${dir}/stop` });
        track(loop);
        const python = startProcess("sh", [
          "-c",
          `while :; do echo y > "${dir}/p"; done`,
        ], { kill: true });
        track(python);
        while (!(await exists(`${dir}/t/20`))) {
          await new Promise((r) => setTimeout(r, 5));
        }
        throw new Error("the real failure");
      }),
    Error,
  );
  assertEquals(e.message, "the real failure");
  assertEquals(await exists(workDir), false);
});

Deno.test("a process that fails is reported with its standard error", async () => {
  const e = await assertRejects(
    () =>
      inWorkDir("kd-test", async (_dir, track) => {
        const p = startProcess("sh", ["-c", "echo broken >&2; exit 3"], {
          kill: true,
        });
        track(p);
        return await p.output;
      }),
    Error,
  );
  assertEquals(e.message, "sh failed (exit status 3): broken\n");
});

Deno.test("a directory that cannot be removed after a failure is added to that failure", async () => {
  let workDir = "";
  const e = await assertRejects(() =>
    inWorkDir("kd-test", async (dir) => {
      workDir = dir;
      await Deno.remove(dir);
      throw new Error("the real failure");
    }), Error);
  assertEquals(
    e.message.startsWith(
      `the real failure (then ${workDir} could not be removed: `,
    ),
    true,
    e.message,
  );
  assertEquals(e.cause instanceof Error, true);
});
