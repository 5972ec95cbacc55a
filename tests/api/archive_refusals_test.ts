import { assertEquals, assertTrue } from "../assert.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { tempDir } from "../helpers.ts";
import { gzipZeroFile, gzipZeros } from "../archive/bomb.ts";
import { HOSTILE } from "../archive/differential/hostile.ts";
import {
  rawPost,
  readAnswer,
  storedResources,
  type TestApi,
  withApi,
} from "./api_fixture.ts";

const GiB = 1024 ** 3;

/** The archive refusals that are a limit passed. */
const LIMITS = [
  "compressed_too_large",
  "metadata_too_large",
  "too_many_entries",
  "file_too_large",
  "total_too_large",
];

/** The API still reads after a refusal. */
async function stillAnswers(api: TestApi) {
  const r = await api.get("/v1alpha1/namespaces/default");
  assertEquals([r.status, r.body.metadata.name], [200, "default"]);
}

Deno.test("every hostile archive is refused as katcall validate refuses it, and nothing is stored", async () => {
  const refused = HOSTILE.filter((c) => typeof c.expect === "string");
  assertTrue(refused.length > 100, `${refused.length} hostile archives`);
  const dir = await tempDir("api-hostile");
  await withApi(async (api) => {
    const before = await storedResources(api.store);
    for (const [i, c] of refused.entries()) {
      const what = `${c.group}: ${c.name}`;
      const archive = await c.make();
      const file = `${dir}/case-${i}.tar.gz`;
      await Deno.writeFile(file, archive);
      const io = memoryIo();
      assertEquals(
        await runKatcall(["validate", "--format", "json", file], io),
        1,
        what,
      );
      const validated = JSON.parse(io.outText());
      const r = await api.apply(new Uint8Array(archive), {
        "kat-archive-name": file,
      });
      const body = await r.json();
      assertEquals(
        [what, r.status, body.error.code],
        [
          what,
          LIMITS.includes(c.expect as string) ? 413 : 400,
          `archive.${c.expect}`,
        ],
      );
      assertEquals(body.error.diagnostics, validated.diagnostics, what);
    }
    assertEquals(await storedResources(api.store), before);
    await stillAnswers(api);
  });
});

/** A body that counts what the server pulled, in chunks of 4 KiB. */
function counted(bytes: Uint8Array): {
  body: ReadableStream<Uint8Array>;
  pulled: () => number;
} {
  let at = 0;
  return {
    body: new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        const end = Math.min(at + 4096, bytes.length);
        controller.enqueue(bytes.slice(at, end));
        at = end;
      },
    }, { highWaterMark: 0 }),
    pulled: () => at,
  };
}

for (
  const [kind, make, code] of [
    ["zeros", () => gzipZeros(GiB), "archive.total_too_large"],
    ["one file", () => gzipZeroFile("bomb.kat", GiB), "archive.file_too_large"],
  ] as const
) {
  Deno.test(`a 1 GiB gzip bomb (${kind}) sent over HTTPS is 413 ${code}, with its diagnostic`, async () => {
    const bomb = await make();
    await withApi(async (api) => {
      const before = await storedResources(api.store);
      const { body, pulled } = counted(bomb);
      const r = await api.request("POST", "/v1alpha1/quadlets", {
        body,
        headers: { "content-type": "application/gzip" },
      });
      const answer = await r.json();
      assertEquals([r.status, answer.error.code], [413, code]);
      assertEquals(
        answer.error.diagnostics.map((d: { file: string }) => d.file),
        [
          "quadlet.tar.gz",
        ],
      );
      assertTrue(pulled() > 0);
      assertEquals(await storedResources(api.store), before);
      await stillAnswers(api);
    });
  });
}

Deno.test("a 1 GiB gzip bomb is answered 413 after its first 64 KiB, and its connection closed", async () => {
  for (
    const [bomb, code] of [
      [await gzipZeros(GiB), "archive.total_too_large"],
      [await gzipZeroFile("bomb.kat", GiB), "archive.file_too_large"],
    ] as const
  ) {
    await withApi(async (api) => {
      const before = await storedResources(api.store);
      // The head announces the whole bomb; only 64 KiB of it are sent.
      const conn = await rawPost(api, bomb.length, bomb.subarray(0, 65536));
      const text = await readAnswer(conn);
      assertTrue(text.startsWith("HTTP/1.1 413 "), text);
      assertTrue(text.includes(`"code": "${code}"`), text);
      // The rest is never received: the connection is closed after the
      // answer (a read ends; without the close it would wait).
      assertTrue(/\r\nconnection: close\r\n/i.test(text), text);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const after = await Promise.race([
        conn.read(new Uint8Array(16)).catch(() => null),
        new Promise<"open">((r) => timer = setTimeout(() => r("open"), 3000)),
      ]);
      clearTimeout(timer);
      assertEquals(after, null);
      conn.close();
      assertEquals(await storedResources(api.store), before);
      await stillAnswers(api);
    });
  }
});
