/**
 * Micro-benchmarks of archives: pack and read back an example quadlet.
 * Run with `deno bench bench/`.
 *
 * @module
 */
import { packQuadlets, untarQuadlets } from "../src/archive/mod.ts";

const files = new Map<string, Uint8Array>();
for (const name of ["workload.kat", "VirtualLoadBalancer.kat"]) {
  files.set(
    name,
    await Deno.readFile(
      new URL(`../examples/web-service/${name}`, import.meta.url),
    ),
  );
}
const packed = await packQuadlets(files);

Deno.bench("packQuadlets of an example quadlet", async () => {
  await packQuadlets(files);
});

Deno.bench("untarQuadlets of an example quadlet", async () => {
  await untarQuadlets(new Blob([packed as BlobPart]).stream());
});
