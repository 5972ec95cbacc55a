/**
 * The start-up floor the YAML parser sets: reads the `.kat` files of the
 * quadlet directories given and parses them with the options `katcall
 * validate` uses, and does nothing else. `scripts/bench.ts` bundles it exactly
 * as the tools are bundled and runs it beside `katcall validate`.
 *
 * Usage: `deno run --allow-read --allow-env bench/yaml_only.ts examples/web-service`
 *
 * @module
 */
import { LineCounter, parseAllDocuments } from "yaml";
import { YAML_OPTIONS } from "../src/decode/yaml_document.ts";

let documents = 0;
for (const dir of Deno.args) {
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".kat")) continue;
    const text = Deno.readTextFileSync(`${dir}/${entry.name}`);
    const lineCounter = new LineCounter();
    documents += parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter })
      .length;
  }
}
if (documents === 0) {
  console.error("no documents parsed");
  Deno.exitCode = 1;
}
