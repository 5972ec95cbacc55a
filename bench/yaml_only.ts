/**
 * The floor the YAML parser sets: reads the `.kat` files under the
 * directories given (walking them) and parses them with the event parser
 * `katcall validate` uses, on one thread, and does nothing else.
 * `scripts/bench.ts` bundles it exactly as the tools are bundled and runs it
 * beside `katcall validate`.
 *
 * Usage: `deno run --allow-read --allow-env bench/yaml_only.ts examples/`
 *
 * @module
 */
import { parseEvents } from "js-yaml";

let documents = 0;
const stack = [...Deno.args];
while (stack.length > 0) {
  const dir = stack.pop()!;
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) stack.push(path);
    if (!entry.isFile || !entry.name.endsWith(".kat")) continue;
    const text = Deno.readTextFileSync(path);
    documents += parseEvents(text, { maxDepth: 65 }).filter((e) => e.type === 1)
      .length;
  }
}
if (documents === 0) {
  console.error("no documents parsed");
  Deno.exitCode = 1;
}
