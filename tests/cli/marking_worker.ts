/**
 * A worker module for the pool's tests whose results are marked
 * (`files: -1`), so that a test can tell the directories a worker checked
 * from those the other thread checked.
 *
 * @module
 */
import {
  inWorker,
  serveChecks,
  summarizeDirs,
} from "../../src/cli/parallel.ts";

if (inWorker()) {
  serveChecks((jobs) =>
    summarizeDirs(jobs).map((summary) => ({ ...summary, files: -1 }))
  );
}
