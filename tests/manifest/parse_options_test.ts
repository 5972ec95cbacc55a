/**
 * What `parseManifest` and `loadManifest` read besides one `.kat` file: the
 * several documents that `stringifyManifest([...])` writes, and resources as
 * written, without defaults.
 */
import { assertEquals } from "../assert.ts";
import { brief, lines, tempDir } from "../helpers.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { stringifyManifest } from "../../src/encode/manifest_yaml.ts";
import { loadManifest } from "../../src/input/load.ts";
import type { Resource } from "../../src/gen/types.ts";

const NAMESPACE = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: Namespace",
  "metadata: {name: team-a}",
);
const WORKLOAD = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: Workload",
  "metadata: {name: web}",
  "spec: {type: SERVICE, source: {image: nginx:1.27}, container: {}}",
);

Deno.test("parseManifest reads back the documents stringifyManifest([...]) writes, each a resource", () => {
  const written = [NAMESPACE, WORKLOAD].map((t) =>
    parseManifest(t).resources[0].resource
  );
  const text = stringifyManifest(written);
  const result = parseManifest(text, { multiDocument: true, file: "all.yaml" });
  assertEquals(result.diagnostics, []);
  assertEquals(result.resources.map((r) => [r.kind, r.file]), [
    ["Namespace", "all.yaml"],
    ["Workload", "all.yaml"],
  ]);
  assertEquals(
    result.resources.map((r) => r.resource),
    written as Resource[],
  );
});

Deno.test("without multiDocument a second document is still an error, as in a .kat file", () => {
  const result = parseManifest(NAMESPACE + "---\n" + WORKLOAD);
  assertEquals(brief(result.diagnostics), [
    "4:1 : a .kat file holds exactly one YAML document, found 2",
  ]);
  assertEquals(result.resources, []);
});

Deno.test("multiDocument: each document's problems at their own lines; empty documents skipped", () => {
  const result = parseManifest(
    "---\n" + NAMESPACE + "---\n---\n" + WORKLOAD.replace("web", "Web"),
    { multiDocument: true },
  );
  assertEquals(brief(result.diagnostics), [
    `9:18 metadata.name: "Web" is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit`,
  ]);
  assertEquals(result.valid, false);
  assertEquals(result.resources.map((r) => r.kind), ["Namespace", "Workload"]);
  assertEquals(
    brief(parseManifest("---\n---\n", { multiDocument: true }).diagnostics),
    ["1:1 : the file holds no YAML document"],
  );
});

Deno.test("multiDocument: anchors belong to their document", () => {
  const result = parseManifest(
    "kind: Namespace\nmetadata: &m {name: a}\n---\nkind: Namespace\nmetadata: *m\n",
    { multiDocument: true },
  );
  assertEquals(
    brief(result.diagnostics).filter((d) => d.includes("alias")),
    ["5:11 metadata: the alias *m names no anchor"],
  );
});

Deno.test("applyDefaults: false gives what was written, checked all the same", () => {
  const [defaulted] = parseManifest(WORKLOAD).resources;
  const written = parseManifest(WORKLOAD, { applyDefaults: false });
  assertEquals(written.valid, true);
  assertEquals(written.resources[0].resource, {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "Workload",
    metadata: { name: "web" },
    spec: { type: "SERVICE", source: { image: "nginx:1.27" }, container: {} },
  });
  if (defaulted.kind !== "Workload") throw new Error("not a Workload");
  assertEquals(defaulted.resource.spec?.replicas, 1);
  assertEquals(
    brief(
      parseManifest(WORKLOAD.replace("{}", "{name: Bad_Name}"), {
        applyDefaults: false,
      }).diagnostics,
    ).length,
    1,
  );
});

Deno.test("loadManifest takes parseManifest's options", async () => {
  const dir = await tempDir("load-options");
  try {
    const path = `${dir}/all.yaml`;
    await Deno.writeTextFile(path, NAMESPACE + "---\n" + WORKLOAD);
    const one = await loadManifest(path);
    assertEquals(one.diagnostics.map((d) => [d.file, d.line]), [[path, 4]]);
    const both = await loadManifest(path, {
      multiDocument: true,
      applyDefaults: false,
      file: "shown.yaml",
    });
    assertEquals(both.valid, true);
    assertEquals(both.resources.map((r) => [r.kind, r.file]), [
      ["Namespace", "shown.yaml"],
      ["Workload", "shown.yaml"],
    ]);
    assertEquals(both.resources[0].resource.metadata?.namespace, undefined);
    const missing = await loadManifest(`${dir}/nope.kat`, { file: "x.kat" });
    assertEquals(missing.diagnostics.map((d) => [d.file, d.message]), [
      ["x.kat", "cannot read: no such file or directory"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("multiDocument: each document is read as a file of its own; empty ones are skipped", () => {
  const many = (source: string) => {
    const r = parseManifest(source, { file: "m.kat", multiDocument: true });
    return {
      resources: r.resources.length,
      said: r.diagnostics.map((d) =>
        `${d.line}:${d.column} ${d.path}: ${d.message}`
      ),
    };
  };
  /** What one file holding `source` says, moved down by `lines` lines. */
  const single = (source: string, lines: number) =>
    parseManifest(source, { file: "m.kat" }).diagnostics.map((d) =>
      `${d.line + lines}:${d.column} ${d.path}: ${d.message}`
    );
  const none = {
    resources: 0,
    said: ["1:1 : the file holds no YAML document"],
  };
  assertEquals(many("---\n---\n"), none);
  assertEquals(many(""), none);
  assertEquals(many(NAMESPACE + "---\n# nothing\n---\n" + NAMESPACE), {
    resources: 2,
    said: [],
  });
  assertEquals(many(NAMESPACE + "---\n"), { resources: 1, said: [] });
  // A `~` or scalar document: what one file holding it says, at its line.
  const after = NAMESPACE.split("\n").length;
  for (const doc of ["~\n", "hello\n"]) {
    const got = many(NAMESPACE + "---\n" + doc);
    assertEquals(got.resources, 1);
    assertEquals(got.said, single(doc, after));
    assertEquals(got.said.length > 0, true);
  }
});
