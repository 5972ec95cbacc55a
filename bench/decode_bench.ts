/**
 * Micro-benchmarks of one manifest: the whole check against YAML parsing
 * alone, by the event parser `.kat` files are read with. Run with
 * `deno bench bench/`.
 *
 * @module
 */
import { parseEvents } from "js-yaml";
import { parseManifest } from "../src/manifest/parse_manifest.ts";

const text = await Deno.readTextFile(
  new URL("../examples/web-service/workload.kat", import.meta.url),
);

Deno.bench("YAML events alone", { group: "workload", baseline: true }, () => {
  parseEvents(text, { maxDepth: 65 });
});

Deno.bench("parseManifest of a workload", { group: "workload" }, () => {
  parseManifest(text, { file: "workload.kat" });
});
