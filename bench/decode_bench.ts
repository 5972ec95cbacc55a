/**
 * Micro-benchmarks of the manifest pipeline's stages on the example
 * workload, each against YAML parsing alone by the event parser `.kat` files
 * are read with. Run with `deno bench bench/`.
 *
 * @module
 */
import { parseEvents } from "js-yaml";
import { parseYamlFile } from "../src/decode/yaml_file.ts";
import { parseManifest } from "../src/manifest/parse_manifest.ts";

const text = await Deno.readTextFile(
  new URL("../examples/web-service/workload.kat", import.meta.url),
);
const bytes = new TextEncoder().encode(text);

Deno.bench("YAML events alone", { group: "workload", baseline: true }, () => {
  parseEvents(text, { maxDepth: 67 });
});

Deno.bench("the positioned tree", { group: "workload" }, () => {
  parseYamlFile(text, "workload.kat");
});

Deno.bench("parseManifest", { group: "workload" }, () => {
  parseManifest(text, { file: "workload.kat" });
});

Deno.bench("parseManifest of UTF-8 bytes", { group: "workload" }, () => {
  parseManifest(bytes, { file: "workload.kat" });
});
