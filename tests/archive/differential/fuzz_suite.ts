/**
 * The archive suite of `deno task fuzz`: many more mutations than the tests
 * run, in batches. Each disagreement is printed; with `write`, it is also
 * added to `regressions.json`, so that it becomes a fixed test case.
 *
 * @module
 */
import { base64, differential, type Verdict } from "./differential.ts";
import { mutatedArchives } from "./mutate.ts";

const REGRESSIONS = new URL("./regressions.json", import.meta.url);

/** Options of a fuzz suite. */
export interface FuzzOptions {
  /** How many inputs to try. */
  runs: number;
  /** The first seed; batch `i` uses `seed + i`. */
  seed: number;
  /**
   * Add what is found to the tracked regression cases (`--write`); otherwise
   * it is only printed. Default false.
   */
  write?: boolean;
}

/** A disagreement, as the regressions file keeps it. */
export interface Regression {
  name: string;
  note: string;
  base64: string;
}

/** What {@link fuzzArchives} uses; replaced in its own tests. */
export interface FuzzDeps {
  /** The differential check. Default: {@link differential}. */
  check?: (archives: readonly Uint8Array[]) => Promise<Verdict[]>;
  /** The regressions file. Default: `regressions.json` beside this module. */
  regressions?: URL | string;
  /** Where progress goes. Default: `console.log`. */
  log?: (line: string) => void;
  /** Where disagreements go. Default: `console.error`. */
  report?: (line: string) => void;
}

/**
 * Runs the suite; resolves to the number of disagreements found.
 *
 * @example
 * ```ts
 * import { fuzzArchives } from "./fuzz_suite.ts";
 * const failures = await fuzzArchives({ runs: 100, seed: 1 });
 * ```
 */
export async function fuzzArchives(
  options: FuzzOptions,
  deps: FuzzDeps = {},
): Promise<number> {
  const check = deps.check ?? ((a) => differential(a));
  const regressions = deps.regressions ?? REGRESSIONS;
  const log = deps.log ?? console.log;
  const report = deps.report ?? console.error;
  const batch = 2000;
  let accepted = 0;
  let over = 0;
  const found: Regression[] = [];
  for (let done = 0, i = 0; done < options.runs; done += batch, i++) {
    const n = Math.min(batch, options.runs - done);
    const t0 = performance.now();
    const archives = await mutatedArchives(n, options.seed + i);
    const t1 = performance.now();
    const verdicts = await check(archives);
    const t2 = performance.now();
    let here = 0;
    for (const [j, v] of verdicts.entries()) {
      if (!v.ours.refused) accepted++;
      if (v.overRefusal) over++;
      if (v.disagreement) {
        const f = {
          name: `mutation ${j} of seed ${options.seed + i}`,
          note: v.disagreement.slice(0, 500),
          base64: base64(archives[j]),
        };
        report(`DISAGREEMENT ${f.name}: ${f.note}`);
        found.push(f);
        here++;
      }
    }
    log(
      `archive: seed ${options.seed + i}: ${n} archives (made in ${
        ((t1 - t0) / 1000).toFixed(1)
      } s, checked in ${
        ((t2 - t1) / 1000).toFixed(1)
      } s), ${here} disagreements`,
    );
  }
  log(
    `archive: ${options.runs} archives, ${accepted} accepted, ${over} refused although both references extract the same files, ${found.length} disagreements`,
  );
  if (found.length > 0) {
    const file = typeof regressions === "string"
      ? regressions
      : regressions.pathname;
    if (options.write) {
      const known: Regression[] = JSON.parse(
        await Deno.readTextFile(regressions),
      );
      await Deno.writeTextFile(
        regressions,
        JSON.stringify([...known, ...found], null, 2) + "\n",
      );
      log(`archive: added ${found.length} regression cases to ${file}`);
    } else {
      log(
        `archive: would add these ${found.length} regression cases to ${file} (run with --write to add them):`,
      );
      log(JSON.stringify(found, null, 2));
    }
  }
  return found.length;
}
