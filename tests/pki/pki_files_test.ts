import { assertEquals, assertRejects } from "../assert.ts";
import { readPkiFiles, writePkiFiles } from "../../src/pki/pki_files.ts";
import { PkiError } from "../../src/pki/pki_error.ts";
import { tempDir } from "../helpers.ts";

const mode = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("writePkiFiles writes ca.crt and node.crt 0644, node.key 0600, a pki directory 0700, and no ca.key unless given", async () => {
  const dir = await tempDir("pki");
  await writePkiFiles(dir, {
    caCert: "CA\n",
    nodeCert: "NODE\n",
    nodeKey: "KEY\n",
  });
  assertEquals(await mode(`${dir}/pki`), 0o700);
  assertEquals(await mode(`${dir}/pki/ca.crt`), 0o644);
  assertEquals(await mode(`${dir}/pki/node.crt`), 0o644);
  assertEquals(await mode(`${dir}/pki/node.key`), 0o600);
  assertEquals([...Deno.readDirSync(`${dir}/pki`)].map((e) => e.name).sort(), [
    "ca.crt",
    "node.crt",
    "node.key",
  ]);
  assertEquals(await readPkiFiles(dir), {
    caCert: "CA\n",
    nodeCert: "NODE\n",
    nodeKey: "KEY\n",
  });
});

Deno.test("writePkiFiles writes ca.key 0600 when given, and readPkiFiles reads it", async () => {
  const dir = await tempDir("pki");
  const files = {
    caCert: "CA",
    nodeCert: "NODE",
    nodeKey: "KEY",
    caKey: "CAKEY",
  };
  await writePkiFiles(dir, files);
  assertEquals(await mode(`${dir}/pki/ca.key`), 0o600);
  assertEquals(await readPkiFiles(dir), files);
});

Deno.test("writePkiFiles replaces a key file that was open to others with one of mode 0600", async () => {
  const dir = await tempDir("pki");
  await Deno.mkdir(`${dir}/pki`);
  await Deno.writeTextFile(`${dir}/pki/node.key`, "OLD", { mode: 0o644 });
  await Deno.chmod(`${dir}/pki/node.key`, 0o644);
  await writePkiFiles(dir, { caCert: "CA", nodeCert: "NODE", nodeKey: "NEW" });
  assertEquals(await mode(`${dir}/pki/node.key`), 0o600);
  assertEquals(await Deno.readTextFile(`${dir}/pki/node.key`), "NEW");
  assertEquals([...Deno.readDirSync(`${dir}/pki`)].length, 3);
});

Deno.test("readPkiFiles refuses a node.key or ca.key open to group or others as pki.key_exposed", async () => {
  for (
    const [file, chmod, shown] of [["node.key", 0o640, "0640"], [
      "node.key",
      0o604,
      "0604",
    ], ["ca.key", 0o620, "0620"]] as const
  ) {
    const dir = await tempDir("pki");
    await writePkiFiles(dir, {
      caCert: "CA",
      nodeCert: "NODE",
      nodeKey: "KEY",
      caKey: "CAKEY",
    });
    await Deno.chmod(`${dir}/pki/${file}`, chmod);
    const e = await assertRejects(() => readPkiFiles(dir), PkiError);
    assertEquals(
      [e.code, e.message],
      [
        "pki.key_exposed",
        `"${dir}/pki/${file}" has mode ${shown}: a private key must not be open to group or others (chmod 600)`,
      ],
    );
  }
});

Deno.test("readPkiFiles refuses a missing ca.crt, node.crt or node.key as pki.missing_file", async () => {
  for (const file of ["ca.crt", "node.crt", "node.key"]) {
    const dir = await tempDir("pki");
    await writePkiFiles(dir, {
      caCert: "CA",
      nodeCert: "NODE",
      nodeKey: "KEY",
    });
    await Deno.remove(`${dir}/pki/${file}`);
    const e = await assertRejects(() => readPkiFiles(dir), PkiError);
    assertEquals([e.code, e.message], [
      "pki.missing_file",
      `"${dir}/pki/${file}" does not exist`,
    ]);
  }
});
