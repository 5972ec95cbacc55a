/**
 * The writers refuse what the proto does not have, as the wire format does,
 * instead of dropping it; an unknown kind is a `KatError` everywhere; what
 * they return goes into a `Blob` or a `Response` as it is.
 */
import { assertEquals } from "../assert.ts";
import { KatError } from "../../src/errors/kat_error.ts";
import { WireError } from "../../src/encode/wire_value.ts";
import { stringifyManifest } from "../../src/encode/manifest_yaml.ts";
import { toManifest } from "../../src/encode/to_manifest.ts";
import { encodeBinary } from "../../src/encode/binary.ts";
import { applyDefaults } from "../../src/kinds/apply_defaults.ts";
import type { Resource } from "../../src/gen/types.ts";

/** What `fn` throws: its class, `code` and message. */
function thrown(fn: () => unknown): [string, string, string] | undefined {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof KatError)) throw e;
    return [e.name, e.code, e.message];
  }
  return undefined;
}

const TYPO = {
  kind: "Workload",
  metadata: { name: "web" },
  spec: { replica: 3 },
} as unknown as Resource;

Deno.test("stringifyManifest and toManifest refuse a key the proto does not have, as encodeBinary does", () => {
  const expected: [string, string, string] = [
    "WireError",
    "wire.unknown_field",
    'spec.replica: WorkloadSpec has no field "replica"',
  ];
  assertEquals(thrown(() => encodeBinary(TYPO)), expected);
  assertEquals(thrown(() => stringifyManifest(TYPO)), expected);
  assertEquals(thrown(() => stringifyManifest([TYPO])), expected);
  assertEquals(thrown(() => toManifest(TYPO)), expected);
  const wrongType = {
    kind: "Workload",
    spec: { replicas: "three" },
  } as unknown as Resource;
  assertEquals(thrown(() => stringifyManifest(wrongType)), [
    "WireError",
    "wire.type",
    "spec.replicas: expected an integer, got string",
  ]);
});

Deno.test("an unknown kind is a KatError from applyDefaults, stringifyManifest, toManifest and encodeBinary", () => {
  const pod = { kind: "Pod", metadata: { name: "p" } } as unknown as Resource;
  const expected: [string, string, string] = [
    "WireError",
    "wire.type",
    'kind: "Pod" is not a kind',
  ];
  assertEquals(thrown(() => applyDefaults(pod)), expected);
  assertEquals(thrown(() => stringifyManifest(pod)), expected);
  assertEquals(thrown(() => toManifest(pod)), expected);
  assertEquals(thrown(() => encodeBinary(pod)), expected);
  const none = {} as unknown as Resource;
  assertEquals(
    thrown(() => applyDefaults(none))?.[2],
    "kind: undefined is not a kind",
  );
});

Deno.test("WireError: a typed reason and its code", () => {
  const e = new WireError("malformed", "x");
  assertEquals([e.code, e.reason, e instanceof KatError], [
    "wire.malformed",
    "malformed",
    true,
  ]);
});

Deno.test("encodeBinary's bytes are a Uint8Array of a plain ArrayBuffer, a Blob part and a body as they are", async () => {
  const bytes = encodeBinary({
    kind: "Namespace",
    metadata: { name: "team-a" },
  });
  assertEquals(bytes.buffer instanceof ArrayBuffer, true);
  const body = new Uint8Array(await new Response(bytes).arrayBuffer());
  assertEquals(body, bytes.slice());
  assertEquals(new Blob([bytes]).size, bytes.length);
});
