import { assertEquals, assertRejects } from "../assert.ts";
import { lines, tempDir } from "../helpers.ts";
import { readKatconfig } from "../../src/katconfig/read_katconfig.ts";
import { KatconfigError } from "../../src/katconfig/katconfig_error.ts";
import { testPki } from "../client/api_server.ts";

const CREDENTIAL = `kat-${"cd".repeat(32)}`;

/** The CA as the lines of a literal block under `caCertificate: |`. */
async function caBlock(): Promise<string[]> {
  return (await testPki()).ca.trimEnd().split("\n").map((l) => `  ${l}`);
}

/** A katconfig file holding `text`, with `mode`; resolves to its path. */
async function file(text: string, mode = 0o600): Promise<string> {
  const path = `${await tempDir("katconfig")}/config`;
  await Deno.writeTextFile(path, text, { mode });
  await Deno.chmod(path, mode);
  return path;
}

/** What reading `text` is refused with: reason and message. */
async function refusal(text: string, mode = 0o600) {
  const path = await file(text, mode);
  const e = await assertRejects(() => readKatconfig(path), KatconfigError);
  return [e.code, e.message.replace(path, "FILE")];
}

async function valid(change: Record<string, string[]> = {}): Promise<string[]> {
  const fields: Record<string, string[]> = {
    apiVersion: ["apiVersion: kat.dws.rip/v1alpha1"],
    kind: ["kind: KatConfig"],
    cluster: ["cluster: homelab"],
    servers: ["servers:", "  - https://127.0.0.1:9115"],
    caCertificate: ["caCertificate: |", ...await caBlock()],
    credential: [`credential: ${CREDENTIAL}`],
    ...change,
  };
  return Object.values(fields).flat();
}

Deno.test("a valid katconfig reads as its fields", async () => {
  const path = await file(lines(...await valid()));
  assertEquals(await readKatconfig(path), {
    cluster: "homelab",
    servers: ["https://127.0.0.1:9115"],
    caCertificate: (await testPki()).ca,
    credential: CREDENTIAL,
  });
});

Deno.test("a katconfig open to group or others is refused, with chmod 600 said", async () => {
  for (const mode of [0o644, 0o640, 0o604, 0o660]) {
    const path = await file(lines(...await valid()), mode);
    const e = await assertRejects(() => readKatconfig(path), KatconfigError);
    assertEquals([e.code, e.message], [
      "katconfig.exposed",
      `"${path}" has mode 0${
        mode.toString(8)
      }: it holds the administrator's credential and must not be open to group or others (chmod 600 ${path})`,
    ]);
  }
  // Owner-only modes are fine.
  const path = await file(lines(...await valid()), 0o400);
  assertEquals((await readKatconfig(path)).cluster, "homelab");
});

Deno.test("a katconfig with a field missing names the field at the mapping", async () => {
  for (
    const field of [
      "apiVersion",
      "kind",
      "cluster",
      "servers",
      "caCertificate",
      "credential",
    ]
  ) {
    assertEquals(await refusal(lines(...await valid({ [field]: [] }))), [
      "katconfig.invalid",
      `FILE:1:1: ${field}: missing`,
    ]);
  }
});

Deno.test("unknown, repeated and wrong fields are refused with their line, column and field", async () => {
  assertEquals(
    await refusal(
      lines(...await valid({ cluster: ["cluster: homelab", "sever: x"] })),
    ),
    [
      "katconfig.invalid",
      "FILE:4:1: sever: unknown field (did you mean servers?)",
    ],
  );
  assertEquals(
    await refusal(
      lines(...await valid({ cluster: ["cluster: a", "cluster: b"] })),
    ),
    ["katconfig.invalid", "FILE:4:1: cluster: given twice"],
  );
  assertEquals(
    await refusal(lines(...await valid({ kind: ["kind: Config"] }))),
    ["katconfig.invalid", 'FILE:2:7: kind: must be KatConfig, not "Config"'],
  );
  assertEquals(
    await refusal(lines(...await valid({ cluster: ["cluster: 7"] }))),
    ["katconfig.invalid", "FILE:3:10: cluster: must be a string"],
  );
  assertEquals(
    await refusal(
      lines(
        ...await valid({
          servers: [
            "servers:",
            "  - https://127.0.0.1:9115",
            "  - http://10.0.0.2:9115",
          ],
        }),
      ),
    ),
    [
      "katconfig.invalid",
      'FILE:6:5: servers[1]: "http://10.0.0.2:9115" is not an https URL (https://HOST:PORT)',
    ],
  );
  assertEquals(
    await refusal(
      lines(
        ...await valid({ servers: ["servers: https://10.0.0.2:9115/api"] }),
      ),
    ),
    [
      "katconfig.invalid",
      "FILE:4:10: servers: must be a list of one or more https://HOST:PORT",
    ],
  );
  assertEquals(
    await refusal(
      lines(
        ...await valid({ servers: ["servers: [https://10.0.0.2:9115/api]"] }),
      ),
    ),
    [
      "katconfig.invalid",
      'FILE:4:11: servers[0]: "https://10.0.0.2:9115/api" must be https://HOST:PORT, without a path, query or fragment',
    ],
  );
  assertEquals(
    await refusal(lines(...await valid({ servers: ["servers: []"] }))),
    [
      "katconfig.invalid",
      "FILE:4:10: servers: must be a list of one or more https://HOST:PORT",
    ],
  );
  assertEquals(await refusal("servers: [\n"), [
    "katconfig.invalid",
    "FILE:1:10: this [ is never closed",
  ]);
  assertEquals(await refusal("- a\n"), [
    "katconfig.invalid",
    "FILE:1:1: a katconfig is a mapping: apiVersion, kind, cluster, servers, caCertificate, credential",
  ]);
});

Deno.test("a CA that is not a PEM certificate is refused", async () => {
  const key = (await Deno.readTextFile(`${(await testPki()).dir}/ca.key`))
    .trimEnd().split("\n").map((l) => `  ${l}`);
  const cases: [string[], string][] = [
    [
      ["caCertificate: not a certificate"],
      "is not a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)",
    ],
    [
      ["caCertificate: |", ...key],
      "holds a PEM block of type PRIVATE KEY, not CERTIFICATE",
    ],
    [[
      "caCertificate: |",
      "  -----BEGIN CERTIFICATE-----",
      "  AAAA",
      "  -----END CERTIFICATE-----",
    ], "holds a PEM block that is not a DER certificate"],
  ];
  for (const [field, message] of cases) {
    assertEquals(
      await refusal(lines(...await valid({ caCertificate: field }))),
      ["katconfig.invalid", `FILE:6:16: caCertificate: ${message}`],
    );
  }
});

Deno.test("the credential is never quoted back", async () => {
  const [code, message] = await refusal(
    lines(...await valid({ credential: ["credential: kat-secret value"] })),
  );
  assertEquals([code, message], [
    "katconfig.invalid",
    `FILE:${
      7 + (await caBlock()).length
    }:13: credential: must be printable ASCII without spaces`,
  ]);
});

Deno.test("a katconfig that is not there or not readable says so in one line", async () => {
  const dir = await tempDir("katconfig");
  let e = await assertRejects(
    () => readKatconfig(`${dir}/none`),
    KatconfigError,
  );
  assertEquals([e.code, e.message], [
    "katconfig.not_found",
    `"${dir}/none" does not exist`,
  ]);
  await Deno.chmod(dir, 0o700);
  e = await assertRejects(() => readKatconfig(dir), KatconfigError);
  assertEquals(e.code, "katconfig.unreadable");
  assertEquals(e.message.startsWith(`cannot read "${dir}": `), true);
});
