import { assertEquals, assertRejects } from "../assert.ts";
import {
  serversDiffer,
  updateKatconfigServers,
} from "../../src/katconfig/update_servers.ts";
import { KatconfigError } from "../../src/katconfig/katconfig_error.ts";
import { formatKatconfig } from "../../src/katconfig/write_katconfig.ts";
import type { Katconfig } from "../../src/katconfig/katconfig.ts";
import { withTempDir } from "../helpers.ts";

const CONFIG: Katconfig = {
  cluster: "homelab",
  servers: ["https://10.0.0.1:9115"],
  caCertificate:
    "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
  credential: `kat-${"0".repeat(64)}`,
};

Deno.test("serversDiffer compares sets of origins; an empty learned list never differs", () => {
  assertEquals(
    [
      serversDiffer(["https://a:1", "https://b:1"], [
        "https://b:1",
        "https://a:1",
      ]),
      serversDiffer(["https://A:1"], ["https://a:1"]),
      serversDiffer(["https://a:443"], ["https://a"]),
      serversDiffer(["https://a:1"], ["https://a:1", "https://b:1"]),
      serversDiffer(["https://a:1", "https://b:1"], ["https://a:1"]),
      serversDiffer(["https://a:1"], ["https://a:2"]),
      serversDiffer(["https://a:1"], []),
    ],
    [false, false, false, true, true, true, false],
  );
});

Deno.test("updateKatconfigServers rewrites a file whose servers differ, and no other", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, formatKatconfig(CONFIG), { mode: 0o600 });
    assertEquals(
      await updateKatconfigServers(path, CONFIG, ["https://10.0.0.1:9115"]),
      false,
    );
    const servers = ["https://10.0.0.2:9115", "https://10.0.0.1:9115"];
    assertEquals(await updateKatconfigServers(path, CONFIG, servers), true);
    assertEquals(
      await Deno.readTextFile(path),
      formatKatconfig({ ...CONFIG, servers }),
    );
  });
});

Deno.test("updateKatconfigServers: a path that is no regular file, or is gone, is katconfig.unwritable", async () => {
  await withTempDir(async (dir) => {
    const e = await assertRejects(
      () => updateKatconfigServers(dir, CONFIG, ["https://10.0.0.2:9115"]),
      KatconfigError,
    );
    assertEquals([e.code, e.message], [
      "katconfig.unwritable",
      `"${dir}" is not a regular file`,
    ]);
    const gone = await assertRejects(
      () =>
        updateKatconfigServers(`${dir}/gone`, CONFIG, [
          "https://10.0.0.2:9115",
        ]),
      KatconfigError,
    );
    assertEquals([gone.code, gone.message], [
      "katconfig.unwritable",
      `cannot find "${dir}/gone": no such file or directory`,
    ]);
  });
});
