/**
 * A worker module whose every check fails, for the pool's tests. Run as a
 * program, it checks the examples' quadlets on two such workers and prints
 * `same N` when the N results are those checking on this thread gives:
 *
 * ```sh
 * deno run --allow-read tests/cli/failing_worker.ts          # workers that fail while checking
 * deno run --allow-read tests/cli/failing_worker.ts start    # workers that cannot start
 * ```
 *
 * @module
 */
import {
  DirChecks,
  inWorker,
  serveChecks,
  summarizeDir,
} from "../../src/cli/parallel.ts";
import { collectTargets, type QuadletTarget } from "../../src/cli/targets.ts";
import { REPO } from "../helpers.ts";

if (inWorker()) {
  serveChecks(() => {
    throw new Error("cannot check");
  });
} else if (import.meta.main) {
  // A module that throws as it loads: the runtime prints that error itself.
  const cannotStart = URL.createObjectURL(
    new Blob(["throw new Error('cannot start');"], {
      type: "text/javascript",
    }),
  );
  const jobs = collectTargets([`${REPO}examples`]).filter((
    t,
  ): t is QuadletTarget => t.kind === "quadlet");
  const checks = new DirChecks({
    workerUrl: Deno.args[0] === "start" ? cannotStart : import.meta.url,
    workers: 2,
    threshold: 1,
    batch: 1,
  });
  for (const job of jobs) checks.add(job);
  let same = 0;
  for (const job of jobs) {
    const got = JSON.stringify(await checks.result(job));
    if (got === JSON.stringify(summarizeDir(job))) same++;
  }
  checks.close();
  console.log(same === jobs.length ? `same ${same}` : `differ ${same}`);
}
