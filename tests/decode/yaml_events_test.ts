/**
 * The reading of the parser's events without a tree: which texts are one
 * plain document, scalar values, collections the tree builder would refuse,
 * the root's kind, and whether a path was written.
 */
import type { Event } from "js-yaml";
import {
  documentEvents,
  plainCollection,
  rootKind,
  scalarValue,
  writtenAt,
} from "../../src/decode/yaml_events.ts";
import { FieldPath } from "../../src/diagnostics/field_path.ts";
import { assertEquals } from "../assert.ts";

Deno.test("documentEvents: one document without directives, else undefined", () => {
  assertEquals(documentEvents("a: 1\n")?.length, 6);
  assertEquals(documentEvents("a: 1\n---\nb: 2\n")?.length, 12);
  assertEquals(documentEvents(""), undefined);
  assertEquals(documentEvents("# only a comment\n"), undefined);
  assertEquals(documentEvents("%YAML 1.2\n---\na: 1\n"), undefined);
  assertEquals(documentEvents("a: [1\n"), undefined);
  assertEquals(documentEvents("a: [1,\t2]\n"), undefined);
});

Deno.test("scalarValue: the core schema as the tree builder resolves it", () => {
  const text = "[~, '', 0x1F, '1', 1.5, yes, \"a\\tb\", !!str x, &a y, *a]\n";
  const events = documentEvents(text)!;
  const values = events.slice(2, -2).map((e) => scalarValue(text, e));
  assertEquals(values, [
    null,
    "",
    31n,
    "1",
    1.5,
    "yes",
    "a\tb",
    undefined,
    undefined,
    undefined,
  ]);
  assertEquals(scalarValue("a:\n", documentEvents("a:\n")![3]), null);
});

/** A block mapping or list event opening at `start`. */
function block(type: 2 | 3, start: number): Event {
  return {
    type,
    start,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style: 1,
  };
}

Deno.test("plainCollection: what the tree builder refuses of a block collection", () => {
  // A tab indenting a collection that starts on the line of a -, ? or :.
  assertEquals(plainCollection("-\tb: 1", block(3, 2)), false);
  assertEquals(plainCollection("? \t- 1", block(2, 3)), false);
  assertEquals(plainCollection("a:\t- 1", block(2, 3)), false);
  // A mapping on the line of its key.
  assertEquals(plainCollection("a: b: c", block(3, 3)), false);
  // Spaces alone, a list after a key, a tab after anything else.
  assertEquals(plainCollection("- b: 1", block(3, 2)), true);
  assertEquals(plainCollection("a:\n  b: 1", block(3, 5)), true);
  assertEquals(plainCollection("x\t\n  b: 1", block(3, 5)), true);
  assertEquals(plainCollection("b: 1", block(3, 0)), true);
  // Tags and anchors, and flow collections.
  const text = "a: !!map {b: 1}\nc: &x [1]\nd: [1]\n";
  const events = documentEvents(text)!;
  const collections = events.filter((e) => e.type === 2 || e.type === 3);
  assertEquals(collections.map((e) => plainCollection(text, e)), [
    true,
    false,
    false,
    true,
  ]);
  assertEquals(plainCollection(text, events[2]), false);
});

Deno.test("rootKind: the first kind key's string value", () => {
  const kind = (text: string) => rootKind(text, documentEvents(text)!);
  assertEquals(
    kind("a: {kind: x}\nkind: Namespace\nkind: Workload\n"),
    "Namespace",
  );
  assertEquals(kind("'kind': \"Workload\"\n"), "Workload");
  assertEquals(kind("kind: 1\n"), undefined);
  assertEquals(kind("kind: [Workload]\n"), undefined);
  assertEquals(kind("kind: !!str Workload\n"), undefined);
  assertEquals(kind("a: 1\n"), undefined);
  assertEquals(kind("- kind: Workload\n"), undefined);
});

Deno.test("writtenAt: keys and items, empty values included", () => {
  const text = "spec:\n  a: kind\n  ports: [{n: 1}, {}]\n  e:\nkind: x\n";
  const events = documentEvents(text)!;
  const spec = FieldPath.root().child("spec");
  const ports = spec.child("ports");
  const written = (p: FieldPath) => writtenAt(text, events, p);
  assertEquals(
    [
      written(spec),
      written(spec.child("a")),
      written(spec.child("e")),
      written(ports.index(0).child("n")),
      written(ports.index(1)),
      written(FieldPath.root().child("kind")),
    ],
    [true, true, true, true, true, true],
  );
  assertEquals(
    [
      written(spec.child("kind")),
      written(ports.index(2)),
      written(ports.index(1).child("n")),
      written(spec.child("a").child("b")),
      written(spec.index(0)),
      written(FieldPath.root().child("x")),
    ],
    [false, false, false, false, false, false],
  );
});
