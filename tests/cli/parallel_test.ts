/**
 * The pool that checks quadlet directories on workers: whatever the split,
 * each directory's result is what checking it on this thread gives, asked
 * for in any order; workers start while directories are still being added;
 * a failing worker leaves its work to this thread, and a worker that fails
 * while checking prints nothing. A worker reads ahead: its results are still
 * each directory's own, in order.
 */
import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import {
  DirChecks,
  type DirJob,
  type DirSummary,
  summarizeDir,
  summarizeDirs,
  workersFromEnv,
} from "../../src/cli/parallel.ts";
import { collectTargets, type QuadletTarget } from "../../src/cli/targets.ts";
import { listDirectorySync } from "../../src/input/walk.ts";
import { tree, workload } from "./cli_helpers.ts";

const ENTRY = new URL("../../src/cli/katcall_main.ts", import.meta.url).href;
/** A worker module whose every check fails. */
const FAILING = new URL("./failing_worker.ts", import.meta.url).href;
/** A worker module whose results say `files: -1`. */
const MARKING = new URL("./marking_worker.ts", import.meta.url).href;

/** 60 quadlets, every seventh with an error. */
async function quadlets(): Promise<QuadletTarget[]> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) {
    files[`q${String(i).padStart(2, "0")}/workload.kat`] = workload(
      i % 7 === 0 ? `Bad_${i}` : `app-${i}`,
    );
  }
  const root = await tree(files);
  return collectTargets([root]).filter((t): t is QuadletTarget =>
    t.kind === "quadlet"
  );
}

function names(s: DirSummary): string[] {
  return s.diagnostics.map((d) => `${d.file.split("/").at(-2)} ${d.path}`);
}

Deno.test("read ahead: each directory's result, in order, however far it reads", async () => {
  const jobs: DirJob[] = await quadlets();
  // Named files (an invalid sibling that is not reported on), and a file
  // listed but gone by the time it is read.
  const q03 = jobs[3].dir;
  await Deno.writeTextFile(`${q03}/other.kat`, "kind: Nope\n");
  jobs[3] = {
    dir: q03,
    entries: listDirectorySync(q03),
    named: ["workload.kat"],
  };
  await Deno.remove(`${jobs[5].dir}/workload.kat`);
  const expected = jobs.map(summarizeDir);
  assertEquals(expected[3], { diagnostics: [], files: 1, resources: 1 });
  assertEquals(
    summarizeDir({ ...jobs[3], named: undefined }).diagnostics.length > 0,
    true,
  );
  assertEquals(names(expected[5]), ["q05 "]);
  assertEquals(expected.filter((s) => s.diagnostics.length > 0).length, 10);
  // A workload is 135 bytes: one directory at a time, eight, all.
  for (const bytes of [0, 1, 1_000, 100_000, undefined]) {
    assertEquals(summarizeDirs(jobs, bytes), expected, `${bytes}`);
  }
  assertEquals(summarizeDirs([]), []);
});

Deno.test("workers: every result is the one this thread gives, asked for in any order", async () => {
  const jobs = await quadlets();
  const expected = jobs.map(summarizeDir);
  assertEquals(expected.filter((s) => s.diagnostics.length > 0).length, 9);
  const checks = new DirChecks({
    workerUrl: ENTRY,
    workers: 2,
    threshold: 10,
    batch: 4,
    inFlight: 2,
  });
  for (const job of jobs) checks.add(job);
  try {
    // Backwards: results arrive in another order than they are taken.
    const order = jobs.map((_, i) => jobs.length - 1 - i);
    const got: DirSummary[] = [];
    for (const i of order) got[i] = await checks.result(jobs[i]);
    assertEquals(got.map(names), expected.map(names));
    assertEquals(got, expected);
  } finally {
    checks.close();
  }
});

Deno.test("workers: one worker alone gives every result this thread gives", async () => {
  const jobs = await quadlets();
  const checks = new DirChecks({
    workerUrl: ENTRY,
    workers: 1,
    threshold: 10,
    batch: 4,
  });
  for (const job of jobs) checks.add(job);
  try {
    for (const job of jobs) {
      assertEquals(await checks.result(job), summarizeDir(job));
    }
  } finally {
    checks.close();
  }
});

Deno.test("KAT_VALIDATE_WORKERS: a whole number up to 64, else the default", () => {
  assertEquals(
    ["0", "1", "2", "64", "65", "", "-1", "1.5", " 2", "100", undefined].map(
      workersFromEnv,
    ),
    [
      0,
      1,
      2,
      64,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ],
  );
});

Deno.test("workers: a directory asked for while others are still being added", async () => {
  const jobs = await quadlets();
  const checks = new DirChecks({
    workerUrl: ENTRY,
    workers: 2,
    threshold: 5,
    batch: 3,
  });
  try {
    // The first ten are added, one is taken (closing nothing: its batch is
    // full), then the rest are added.
    for (const job of jobs.slice(0, 10)) checks.add(job);
    assertEquals(await checks.result(jobs[0]), summarizeDir(jobs[0]));
    // The tenth is alone in an open batch: asking for it sends that batch.
    assertEquals(await checks.result(jobs[9]), summarizeDir(jobs[9]));
    for (const job of jobs.slice(10)) checks.add(job);
    for (const job of [...jobs.slice(1, 9), ...jobs.slice(10)]) {
      assertEquals(await checks.result(job), summarizeDir(job));
    }
  } finally {
    checks.close();
  }
});

Deno.test("workers: a batch checked on this thread before any worker started is not sent to one", async () => {
  const jobs = await quadlets();
  const checks = new DirChecks({
    workerUrl: MARKING,
    workers: 1,
    threshold: 9,
    batch: 4,
    inFlight: 1,
  });
  try {
    // Two full batches, waiting for a worker; the first is asked for and
    // checked here.
    for (const job of jobs.slice(0, 8)) checks.add(job);
    assertEquals(await checks.result(jobs[0]), summarizeDir(jobs[0]));
    // The ninth starts the worker, which may hold one batch: the second,
    // since the first is done.
    checks.add(jobs[8]);
    assertEquals((await checks.result(jobs[4])).files, -1);
    for (const job of jobs.slice(1, 4)) {
      assertEquals(await checks.result(job), summarizeDir(job));
    }
  } finally {
    checks.close();
  }
});

Deno.test("workers: a worker that fails leaves its directories to this thread", async () => {
  const jobs = await quadlets();
  const checks = new DirChecks({
    workerUrl: FAILING,
    workers: 2,
    threshold: 1,
    batch: 4,
  });
  try {
    for (const job of jobs) checks.add(job);
    for (const job of jobs) {
      assertEquals(await checks.result(job), summarizeDir(job));
    }
  } finally {
    checks.close();
  }
});

/** Runs tests/cli/failing_worker.ts as a program. */
async function failingWorkers(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", new URL(FAILING).pathname, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, out: text(out.stdout), err: text(out.stderr) };
}

Deno.test("workers: a worker that fails while checking prints nothing", async () => {
  // Its error is sent back as a message: left uncaught in the worker, the
  // runtime would print "error: Uncaught (in worker …)" on standard error.
  const run = await failingWorkers();
  assertEquals(run, { code: 0, out: "same 5\n", err: "" });
});

Deno.test("workers: a worker that cannot start leaves its directories to this thread", async () => {
  // The runtime prints the worker's error itself: here, into a pipe. A
  // worker still loading when this thread has checked everything and closes
  // the pool is ended before it throws (a busy machine): one or two errors.
  const run = await failingWorkers("start");
  assertEquals([run.code, run.out], [0, "same 5\n"]);
  const errors = run.err.match(/Uncaught.*cannot start/g)?.length ?? 0;
  assertTrue(errors === 1 || errors === 2, run.err);
});

Deno.test("no worker URL, or too few directories: all is checked on this thread", async () => {
  const jobs = await quadlets();
  for (
    const options of [{ workers: 2, threshold: 1 }, {
      workerUrl: ENTRY,
      workers: 2,
      threshold: 61,
    }, { workerUrl: ENTRY, workers: 0, threshold: 1 }]
  ) {
    const checks = new DirChecks(options);
    for (const job of jobs) checks.add(job);
    for (const job of jobs) {
      assertEquals(await checks.result(job), summarizeDir(job));
    }
    checks.close();
  }
});

Deno.test("a result is given once, for a directory that was added", async () => {
  const [job, other] = await quadlets();
  const checks = new DirChecks();
  checks.add(job);
  await checks.result(job);
  for (const j of [job, other]) {
    const e = await assertRejects(() => checks.result(j), Error);
    assertEquals(e.message, "DirChecks.result: not an added directory");
  }
  checks.close();
});
