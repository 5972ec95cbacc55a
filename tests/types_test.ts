/**
 * The package's types, as a user's code meets them. Each `@ts-expect-error`
 * line must be an error: `deno check` (and `deno test`) fails when a type
 * regresses and the line compiles.
 */
import { assertEquals } from "./assert.ts";
import {
  API_VERSION,
  type ApiVersion,
  type Namespace,
  type NamespaceSpec,
  type Node,
  packQuadlets,
  untarQuadlets,
  WireError,
  type WireErrorCode,
} from "../mod.ts";
import { encodeBinary } from "../src/encode/binary.ts";

Deno.test("API_VERSION and every apiVersion, Node's too, are the literal", () => {
  const version: "kat.dws.rip/v1alpha1" = API_VERSION;
  const node: Node = { kind: "Node", apiVersion: API_VERSION };
  // @ts-expect-error another version is not an apiVersion
  const other: Node = { kind: "Node", apiVersion: "kat.dws.rip/v1" };
  // @ts-expect-error nor any string
  const wide: ApiVersion = String(API_VERSION);
  assertEquals([version, node.apiVersion, other.kind, wide], [
    API_VERSION,
    API_VERSION,
    "Node",
    API_VERSION,
  ]);
});

Deno.test("NamespaceSpec takes no key, written, assigned or read", () => {
  const empty: NamespaceSpec = {};
  // @ts-expect-error a key in a literal
  const literal: NamespaceSpec = { foo: 1 };
  const other = { foo: 1 };
  // @ts-expect-error an object with other keys
  const assigned: NamespaceSpec = other;
  // @ts-expect-error a key read
  const read = empty.foo;
  // @ts-expect-error a spec with a key
  const ns: Namespace = { kind: "Namespace", spec: { bar: "x" } };
  assertEquals([literal, assigned, read, ns.kind], [
    { foo: 1 },
    other,
    undefined,
    "Namespace",
  ]);
});

Deno.test("bytes the package returns are BlobPart and BodyInit without a cast", async () => {
  const archive: Uint8Array<ArrayBuffer> = await packQuadlets({ "a.kat": "x" });
  const files = await untarQuadlets(new Blob([archive]));
  const file: Uint8Array<ArrayBuffer> = files.get("a.kat")!;
  const wire: Uint8Array<ArrayBuffer> = encodeBinary({ kind: "Namespace" });
  const part: BlobPart = file;
  const body: BodyInit = wire;
  assertEquals([
    new Blob([part]).size,
    (await new Response(body).bytes()).length,
  ], [1, wire.length]);
});

Deno.test("WireError's code and reason are typed unions", () => {
  const e = new WireError("type", "x");
  const code: "wire.unknown_field" | "wire.type" | "wire.malformed" = e.code;
  const reason: WireErrorCode = e.reason;
  // @ts-expect-error a reason that is not one
  const bad = new WireError("wire.type", "x");
  // @ts-expect-error a code that is not one
  const wrong: typeof e.code = "wire.other";
  assertEquals([code, reason, bad.code, wrong], [
    "wire.type",
    "type",
    "wire.wire.type",
    "wire.other",
  ]);
});
