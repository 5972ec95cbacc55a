import { assertEquals } from "../assert.ts";
import { lines, tempDir } from "../helpers.ts";
import {
  formatKatconfig,
  writeKatconfig,
} from "../../src/katconfig/write_katconfig.ts";
import { readKatconfig } from "../../src/katconfig/read_katconfig.ts";
import type { Katconfig } from "../../src/katconfig/katconfig.ts";
import { testPki } from "../client/api_server.ts";

const CREDENTIAL = `kat-${"ab".repeat(32)}`;

Deno.test("a katconfig is written as YAML: apiVersion, kind, then the fields, the CA as a literal block", () => {
  assertEquals(
    formatKatconfig({
      cluster: "homelab",
      servers: ["https://10.0.0.1:9115", "https://[fd00::1]:9115"],
      caCertificate:
        "-----BEGIN CERTIFICATE-----\nMIIB\nAA==\n-----END CERTIFICATE-----\n",
      credential: CREDENTIAL,
    }),
    lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: KatConfig",
      "cluster: homelab",
      "servers:",
      "  - https://10.0.0.1:9115",
      "  - https://[fd00::1]:9115",
      "caCertificate: |",
      "  -----BEGIN CERTIFICATE-----",
      "  MIIB",
      "  AA==",
      "  -----END CERTIFICATE-----",
      `credential: ${CREDENTIAL}`,
    ),
  );
});

Deno.test("a katconfig is written with mode 0600, replaces a file open to others, and reads back", async () => {
  const dir = await tempDir("katconfig");
  const path = `${dir}/admin.katconfig`;
  const config: Katconfig = {
    cluster: "homelab",
    servers: ["https://127.0.0.1:9115"],
    caCertificate: (await testPki()).ca,
    credential: CREDENTIAL,
  };
  await writeKatconfig(path, config);
  assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
  assertEquals(await readKatconfig(path), config);
  await Deno.writeTextFile(path, "old", { mode: 0o644 });
  await Deno.chmod(path, 0o644);
  await writeKatconfig(path, { ...config, cluster: "other" });
  assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
  assertEquals((await readKatconfig(path)).cluster, "other");
  // No temporary file is left behind.
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), [
    "admin.katconfig",
  ]);
});
