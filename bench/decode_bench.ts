/**
 * Micro-benchmarks of one manifest: the whole check against YAML parsing alone.
 * Run with `deno bench bench/`.
 *
 * @module
 */
import { parseDocument } from "yaml";
import { parseManifest } from "../src/manifest/parse_manifest.ts";

const text = await Deno.readTextFile(
  new URL("../examples/web-service/workload.kat", import.meta.url),
);

Deno.bench("yaml.parseDocument of a workload", {
  group: "workload",
  baseline: true,
}, () => {
  parseDocument(text);
});

Deno.bench("parseManifest of a workload", { group: "workload" }, () => {
  parseManifest(text, { file: "workload.kat" });
});
