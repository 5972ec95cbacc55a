/**
 * Run as a subprocess: rejects a ~1 GiB gzip bomb under the default limits and
 * prints JSON with the outcome and the peak memory above idle.
 *
 * Usage: deno run -A bomb_probe.ts zeros|file (reading /proc/self needs -A)
 *
 * @module
 */
import { untarQuadlets } from "../../src/archive/mod.ts";
import { gzipZeroFile, gzipZeros } from "./bomb.ts";

const GiB = 1024 ** 3;

function status(field: string): number {
  const text = Deno.readTextFileSync("/proc/self/status");
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) * 1024 : NaN;
}

const kind = Deno.args[0] ?? "zeros";
const bomb = kind === "file"
  ? await gzipZeroFile("bomb.kat", GiB)
  : await gzipZeros(GiB);
// Warm up the code paths once on a small archive, then measure from here.
await untarQuadlets(new Blob([await gzipZeros(2048) as BlobPart]).stream())
  .catch(() => {});
let resetPeak = true;
try {
  Deno.writeTextFileSync("/proc/self/clear_refs", "5");
} catch {
  resetPeak = false;
}
const idle = status("VmRSS");
const start = performance.now();
let code = "accepted";
try {
  await untarQuadlets(new Blob([bomb as BlobPart]).stream());
} catch (e) {
  code = (e as { code?: string }).code ?? String(e);
}
const ms = performance.now() - start;
console.log(JSON.stringify({
  code,
  compressedBytes: bomb.length,
  ms: Math.round(ms),
  peakAboveIdle: resetPeak ? status("VmHWM") - idle : null,
}));
