/**
 * Run as a subprocess: reads hostile archives under the default limits and
 * prints, per archive, a JSON line with the outcome, the time taken and the
 * peak memory above idle.
 *
 * Usage: deno run -A bomb_probe.ts zeros|file|hostile (reading /proc/self
 * needs -A). `zeros` is a 1 GiB gzip bomb of zeros, `file` one whose single
 * entry claims 1 GiB, `hostile` every hand-made hostile archive.
 *
 * @module
 */
import { untarQuadlets } from "../../src/archive/mod.ts";
import { gzipZeroFile, gzipZeros } from "./bomb.ts";
import { HOSTILE } from "./differential/hostile.ts";

const GiB = 1024 ** 3;

function status(field: string): number {
  const text = Deno.readTextFileSync("/proc/self/status");
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Resets the peak (VmHWM) to the current size, where the kernel allows it. */
function resetPeak(): boolean {
  try {
    Deno.writeTextFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

async function measure(name: string, archive: Uint8Array) {
  const reset = resetPeak();
  const idle = status("VmRSS");
  const start = performance.now();
  let code = "accepted";
  try {
    await untarQuadlets(new Blob([archive as BlobPart]).stream());
  } catch (e) {
    code = (e as { code?: string }).code ?? String(e);
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({
    name,
    code,
    compressedBytes: archive.length,
    ms: Math.round(ms),
    peakAboveIdle: reset ? status("VmHWM") - idle : null,
  }));
}

const kind = Deno.args[0] ?? "zeros";
// Warm up the code paths once on a small archive, then measure from here.
await untarQuadlets(new Blob([await gzipZeros(2048) as BlobPart]).stream())
  .catch(() => {});
if (kind === "hostile") {
  for (const c of HOSTILE) {
    const archive = await c.make();
    await measure(`${c.group}: ${c.name}`, archive);
  }
} else {
  const bomb = kind === "file"
    ? await gzipZeroFile("bomb.kat", GiB)
    : await gzipZeros(GiB);
  await measure(kind, bomb);
}
