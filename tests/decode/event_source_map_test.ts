/**
 * The source map of a document decoded from its events: `has` reads the
 * events, and the tree is built once, only when a position is asked.
 */
import { EventSourceMap } from "../../src/decode/event_source_map.ts";
import { documentEvents } from "../../src/decode/yaml_events.ts";
import { parseYamlFile } from "../../src/decode/yaml_file.ts";
import { FieldPath } from "../../src/diagnostics/field_path.ts";
import {
  parseManifest,
  sourceMapOf,
} from "../../src/manifest/parse_manifest.ts";
import { parseQuadlet } from "../../src/quadlet/parse_quadlet.ts";
import { assertEquals, assertTrue } from "../assert.ts";
import { REPO } from "../helpers.ts";

Deno.test("EventSourceMap: has() builds no tree; the first position builds it once", () => {
  const text = "spec:\n  replicas: 3\n  ports: [80]\n";
  const yaml = parseYamlFile(text, "x.kat");
  let built = 0;
  const map = new EventSourceMap(text, documentEvents(text)!, () => {
    built++;
    return yaml.root!;
  }, yaml.lines);
  const spec = FieldPath.root().child("spec");
  assertEquals(
    [
      map.has(spec.child("replicas")),
      map.has(spec.child("ports").index(0)),
      map.has(spec.child("image")),
    ],
    [true, true, false],
  );
  assertEquals(built, 0);
  assertEquals(map.locate(spec.child("replicas")), { line: 2, column: 13 });
  assertEquals(map.locate(spec.child("image")), { line: 2, column: 3 });
  assertEquals(map.documentStart, { line: 1, column: 1 });
  assertEquals(built, 1);
});

Deno.test("a valid quadlet is read from its events: every file's source map is an event one", () => {
  const dir = `${REPO}examples/web-service`;
  const files = new Map<string, string>();
  for (const e of Deno.readDirSync(dir)) {
    if (e.name.endsWith(".kat")) {
      files.set(e.name, Deno.readTextFileSync(`${dir}/${e.name}`));
    }
  }
  const result = parseQuadlet(files);
  assertEquals(result.diagnostics, []);
  assertTrue(result.resources.length >= 2, "too few resources");
  for (const r of result.resources) {
    assertTrue(sourceMapOf(r) instanceof EventSourceMap, `${r.file}: a tree`);
  }
  // A file with an anchor is read by the tree.
  const anchored = parseManifest(
    "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: &n a}\n",
  );
  assertEquals(anchored.valid, true);
  assertEquals(
    sourceMapOf(anchored.resources[0]) instanceof EventSourceMap,
    false,
  );
});
