/**
 * The archive suite of `deno task fuzz`: many more mutations than the tests
 * run, in batches, each disagreement written to `regressions.json` so that it
 * becomes a fixed test case.
 *
 * @module
 */
import { base64, differential } from "./differential.ts";
import { mutatedArchives } from "./mutate.ts";

const REGRESSIONS = new URL("./regressions.json", import.meta.url);

/** Options of a fuzz suite. */
export interface FuzzOptions {
  /** How many inputs to try. */
  runs: number;
  /** The first seed; batch `i` uses `seed + i`. */
  seed: number;
}

/** Runs the suite; resolves to the number of disagreements found. */
export async function fuzzArchives(options: FuzzOptions): Promise<number> {
  const batch = 2000;
  let failures = 0;
  let accepted = 0;
  let over = 0;
  for (let done = 0, i = 0; done < options.runs; done += batch, i++) {
    const n = Math.min(batch, options.runs - done);
    const t0 = performance.now();
    const archives = await mutatedArchives(n, options.seed + i);
    const t1 = performance.now();
    const verdicts = await differential(archives);
    const t2 = performance.now();
    const found: { name: string; note: string; base64: string }[] = [];
    for (const [j, v] of verdicts.entries()) {
      if (!v.ours.refused) accepted++;
      if (v.overRefusal) over++;
      if (v.disagreement) {
        found.push({
          name: `mutation ${j} of seed ${options.seed + i}`,
          note: v.disagreement.slice(0, 500),
          base64: base64(archives[j]),
        });
      }
    }
    if (found.length > 0) {
      const known = JSON.parse(await Deno.readTextFile(REGRESSIONS));
      await Deno.writeTextFile(
        REGRESSIONS,
        JSON.stringify([...known, ...found], null, 2) + "\n",
      );
      for (const f of found) console.error(`DISAGREEMENT ${f.name}: ${f.note}`);
    }
    failures += found.length;
    console.log(
      `archive: seed ${options.seed + i}: ${n} archives (made in ${
        ((t1 - t0) / 1000).toFixed(1)
      } s, checked in ${
        ((t2 - t1) / 1000).toFixed(1)
      } s), ${found.length} disagreements`,
    );
  }
  console.log(
    `archive: ${options.runs} archives, ${accepted} accepted, ${over} refused although both references extract the same files, ${failures} disagreements`,
  );
  return failures;
}
