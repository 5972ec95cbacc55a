/**
 * `untarQuadlets` takes the archive as bytes, a `Blob` or a stream, with its
 * limits, and stops when its signal is aborted.
 */
import { assertEquals, assertRejects } from "../assert.ts";
import { ArchiveError } from "../../src/archive/archive_error.ts";
import { packQuadlets } from "../../src/archive/pack.ts";
import { untarQuadlets } from "../../src/archive/untar.ts";

const FILES = { "namespace.kat": "kind: Namespace\n", "a.kat": "x" };

Deno.test("untarQuadlets reads bytes, a Blob and a stream alike", async () => {
  const bytes = await packQuadlets(FILES);
  const decoder = new TextDecoder();
  for (
    const input of [
      bytes,
      bytes.buffer,
      new Blob([bytes]),
      new Blob([bytes]).stream(),
    ]
  ) {
    const files = await untarQuadlets(input);
    assertEquals(
      [...files].map(([name, body]) => [name, decoder.decode(body)]),
      [["a.kat", "x"], ["namespace.kat", "kind: Namespace\n"]],
    );
    // The contents go into a Blob as they are.
    assertEquals(new Blob([files.get("a.kat")!]).size, 1);
  }
  const empty = await assertRejects(
    () => untarQuadlets(new Uint8Array()),
    ArchiveError,
  );
  assertEquals(empty.code, "archive.empty");
});

Deno.test("untarQuadlets keeps its limits with every kind of input", async () => {
  const bytes = await packQuadlets(FILES);
  for (const input of [bytes, new Blob([bytes])]) {
    const e = await assertRejects(
      () => untarQuadlets(input, { maxFileBytes: 8 }),
      ArchiveError,
    );
    assertEquals(e.code, "archive.file_too_large");
  }
});

Deno.test("an aborted signal rejects with its reason and cancels the stream", async () => {
  const bytes = await packQuadlets(FILES);
  const before = AbortSignal.abort(new Error("stop"));
  const early = await assertRejects(
    () => untarQuadlets(bytes, { signal: before }),
    Error,
  );
  assertEquals(early.message, "stop");
  // A stream given with a signal aborted already is cancelled, not left open.
  let cancelledFirst: unknown = "not cancelled";
  const unread = new ReadableStream<Uint8Array>({
    cancel(reason) {
      cancelledFirst = reason;
    },
  });
  const first = await assertRejects(
    () => untarQuadlets(unread, { signal: before }),
    Error,
  );
  assertEquals([first.message, cancelledFirst], ["stop", before.reason]);

  // A stream that sends its first bytes, then nothing: aborting ends the wait.
  let cancelled: unknown = "not cancelled";
  const stalled = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 600));
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  const controller = new AbortController();
  const pending = untarQuadlets(stalled, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const e = await assertRejects(() => pending, DOMException);
  assertEquals([e.name, cancelled], ["AbortError", undefined]);
});

Deno.test("an input of another type is a TypeError that says what is taken", async () => {
  for (
    const [input, what] of [
      [null, "null"],
      ["bytes", "string"],
      [[1, 2], "Array"],
      [new DataView(new ArrayBuffer(1)), "DataView"],
    ] as const
  ) {
    const e = await assertRejects(
      // @ts-expect-error: not an archive input, as untyped callers may pass
      () => untarQuadlets(input),
      TypeError,
    );
    assertEquals(
      e.message,
      `an archive is a Uint8Array, an ArrayBuffer, a Blob or a ReadableStream, not ${what}`,
    );
  }
});
