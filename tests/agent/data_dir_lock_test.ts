import { assertEquals, assertRejects } from "../assert.ts";
import { withTempDir } from "../helpers.ts";
import { DataDirLock } from "../../src/agent/data_dir_lock.ts";
import { EtcdProcessError } from "../../src/agent/etcd_process.ts";

Deno.test("data dir lock: a lock file that cannot be opened is named as the lock file, not as the directory", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/agent.lock`);
    const e = await assertRejects(
      () => DataDirLock.acquire(dir, "alpha"),
      EtcdProcessError,
    );
    assertEquals(e.code, "data-dir");
    assertEquals(
      e.message.startsWith(`cannot open the lock file ${dir}/agent.lock: `),
      true,
      e.message,
    );
  });
});

Deno.test("data dir lock: a directory that cannot be made is named as the directory", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/file`, "");
    const e = await assertRejects(
      () => DataDirLock.acquire(`${dir}/file/data`, "alpha"),
      EtcdProcessError,
    );
    assertEquals(e.code, "data-dir");
    assertEquals(
      e.message.startsWith(
        `cannot create the data directory ${dir}/file/data: `,
      ),
      true,
      e.message,
    );
  });
});
