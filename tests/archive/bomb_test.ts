import { assertEquals, assertRejects } from "../assert.ts";
import { ArchiveError, untarQuadlets } from "../../src/archive/mod.ts";
import { gzipZeroFile, gzipZeros } from "./bomb.ts";

const GiB = 1024 ** 3;

Deno.test("a 1 GiB gzip bomb of zeros stops at the byte budget", async () => {
  const bomb = await gzipZeros(GiB);
  assertEquals(bomb.length < 2 * 1024 * 1024, true);
  const e = await assertRejects(
    () => untarQuadlets(new Blob([bomb as BlobPart]).stream()),
    ArchiveError,
  );
  assertEquals([e.reason, e.message], [
    "total_too_large",
    "the archive expands to more than 10.6 MiB of tar data, more than its limits allow",
  ]);
});

Deno.test("a 1 GiB file in a gzip bomb is refused from its header", async () => {
  const bomb = await gzipZeroFile("bomb.kat", GiB);
  const e = await assertRejects(
    () => untarQuadlets(new Blob([bomb as BlobPart]).stream()),
    ArchiveError,
  );
  assertEquals([e.reason, e.entry], ["file_too_large", "bomb.kat"]);
});

Deno.test({
  name:
    "rejecting a gzip bomb costs memory near the limit, not the bomb's size",
  ignore: Deno.build.os !== "linux",
  async fn() {
    for (const kind of ["zeros", "file"]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          new URL("./bomb_probe.ts", import.meta.url).pathname,
          kind,
        ],
        stderr: "inherit",
      }).output();
      assertEquals(out.success, true);
      const r = JSON.parse(new TextDecoder().decode(out.stdout).trim());
      assertEquals(
        r.code,
        kind === "zeros" ? "archive.total_too_large" : "archive.file_too_large",
      );
      if (r.peakAboveIdle !== null) {
        assertEquals(
          r.peakAboveIdle < 48 * 1024 * 1024,
          true,
          `peak ${r.peakAboveIdle} bytes above idle`,
        );
      }
    }
  },
});

Deno.test({
  name:
    "every hand-made hostile archive is read or refused within 2 s and 100 MB above idle",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./bomb_probe.ts", import.meta.url).pathname,
        "hostile",
      ],
      stderr: "inherit",
    }).output();
    assertEquals(out.success, true);
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n")
      .map((l) => JSON.parse(l));
    assertEquals(lines.length > 150, true);
    const over = lines.filter((r) =>
      r.ms >= 2000 ||
      (r.peakAboveIdle !== null && r.peakAboveIdle >= 100 * 1000 * 1000)
    );
    assertEquals(over, []);
  },
});
