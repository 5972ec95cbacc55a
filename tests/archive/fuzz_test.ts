import fc from "fast-check";
import { assertEquals } from "../assert.ts";
import {
  ArchiveError,
  packQuadlets,
  untarQuadlets,
} from "../../src/archive/mod.ts";
import { parseQuadlet } from "../../src/quadlet/parse_quadlet.ts";
import { gzip, rawTar, streamOf } from "./tar_fixtures.ts";
import { REPO } from "../helpers.ts";

/** What the whole front door may do with any bytes. */
type Outcome = "diagnostics" | "archive-error";

/** Bytes -> untar -> parse, bounded in time; anything but the two outcomes throws. */
async function frontDoor(bytes: Uint8Array): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("hang: no answer within 10 s")),
      10_000,
    );
  });
  const run = (async (): Promise<Outcome> => {
    try {
      const files = await untarQuadlets(streamOf(bytes));
      const result = parseQuadlet(files);
      if (!Array.isArray(result.diagnostics)) throw new Error("no diagnostics");
      return "diagnostics";
    } catch (e) {
      if (e instanceof ArchiveError) return "archive-error";
      throw e;
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function exampleArchive(): Promise<Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(`${REPO}examples/web-service`)) {
    files.set(
      e.name,
      await Deno.readFile(`${REPO}examples/web-service/${e.name}`),
    );
  }
  return packQuadlets(files);
}

Deno.test("fuzz: arbitrary bytes give diagnostics or an ArchiveError", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
      await frontDoor(bytes);
    }),
    { numRuns: 150, seed: 42 },
  );
});

Deno.test("fuzz: gzip streams of arbitrary bytes give diagnostics or an ArchiveError", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
      await frontDoor(await gzip(bytes));
    }),
    { numRuns: 150, seed: 7 },
  );
});

Deno.test("fuzz: mutated and truncated valid archives never escape the two outcomes", async () => {
  const valid = await exampleArchive();
  assertEquals(await frontDoor(valid), "diagnostics");
  const flips = fc.array(
    fc.record({
      at: fc.nat(valid.length - 1),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
    {
      minLength: 1,
      maxLength: 8,
    },
  );
  await fc.assert(
    fc.asyncProperty(
      flips,
      fc.option(fc.nat(valid.length)),
      async (changes, cut) => {
        const bytes = valid.slice(0, cut ?? valid.length);
        for (const { at, bit } of changes) {
          if (at < bytes.length) {
            bytes[at] ^= 1 << bit;
          }
        }
        await frontDoor(bytes);
      },
    ),
    { numRuns: 200, seed: 1 },
  );
});

Deno.test("fuzz: hand-made tars with odd names, types and YAML bodies", async () => {
  const entry = fc.record({
    name: fc.oneof(
      fc.constantFrom(
        "workload.kat",
        "a/b.kat",
        "../x",
        "/etc/x",
        "./w.kat",
        "dir/",
        "x.txt",
      ),
      fc.string({ maxLength: 120 }),
    ),
    type: fc.constantFrom(
      "0",
      "0",
      "0",
      "1",
      "2",
      "3",
      "5",
      "6",
      "7",
      "x",
      "g",
      "L",
      "K",
      "Z",
    ),
    body: fc.oneof(
      fc.constantFrom(
        "apiVersion: kat.dws.rip/v1alpha1\nkind: Workload\nmetadata: {name: w}\nspec: {type: JOB, source: {image: x}, container: {}}\n",
        "kind: Namespace\n",
        "a: &a [*a]\n",
        "{{{{",
      ),
      fc.string({ maxLength: 300 }),
    ),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(entry, { maxLength: 6 }), async (entries) => {
      await frontDoor(await gzip(rawTar(entries)));
    }),
    { numRuns: 200, seed: 3 },
  );
});
