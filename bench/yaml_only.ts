/**
 * The start-up floor the YAML parser sets: reads the `.kat` files of the
 * quadlet directories given and parses them with the event parser `katcall
 * validate` uses, and does nothing else. `scripts/bench.ts` bundles it exactly
 * as the tools are bundled and runs it beside `katcall validate`.
 *
 * Usage: `deno run --allow-read --allow-env bench/yaml_only.ts examples/web-service`
 *
 * @module
 */
import { parseEvents } from "js-yaml";

let documents = 0;
for (const dir of Deno.args) {
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".kat")) continue;
    const text = Deno.readTextFileSync(`${dir}/${entry.name}`);
    documents += parseEvents(text, { maxDepth: 65 }).filter((e) => e.type === 1)
      .length;
  }
}
if (documents === 0) {
  console.error("no documents parsed");
  Deno.exitCode = 1;
}
