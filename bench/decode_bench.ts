/**
 * Micro-benchmarks of one manifest: the whole check against YAML parsing alone.
 * Run with `deno bench bench/`.
 *
 * @module
 */
import { LineCounter, parseAllDocuments } from "yaml";
import { parseManifest } from "../src/manifest/parse_manifest.ts";
import { YAML_OPTIONS } from "../src/decode/yaml_document.ts";

const text = await Deno.readTextFile(
  new URL("../examples/web-service/workload.kat", import.meta.url),
);

Deno.bench("yaml parsing alone, with the options .kat files use", {
  group: "workload",
  baseline: true,
}, () => {
  parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: new LineCounter() });
});

Deno.bench("parseManifest of a workload", { group: "workload" }, () => {
  parseManifest(text, { file: "workload.kat" });
});
