/**
 * Checks many quadlet directories on every core: workers read and check
 * batches of directories, from the first ones the walk finds, while the
 * caller takes the results as it reports them.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import {
  checkQuadletDir,
  checkQuadletRead,
  type QuadletRead,
  readQuadletForCheck,
  type TargetResult,
} from "./check_target.ts";
import type { DirectoryEntry } from "../input/walk.ts";
import { readAhead } from "./read_ahead.ts";

/** A quadlet directory to check, as a worker receives it. */
export interface DirJob {
  /** The directory. */
  dir: string;
  /** Its listing. */
  entries: DirectoryEntry[];
  /** The files of it reported on, when it was named by files (default: all). */
  named?: string[];
}

/**
 * What checking one directory found, as a worker sends it back: no
 * resources, only what a report needs.
 *
 * @example
 * ```ts
 * import type { DirSummary } from "./parallel.ts";
 * const ok: DirSummary = { diagnostics: [], files: 2, resources: 2 };
 * ```
 */
export interface DirSummary {
  /** Every problem, sorted. */
  diagnostics: Diagnostic[];
  /** `.kat` files checked and reported on (those named, if any). */
  files: number;
  /** Resources decoded. */
  resources: number;
}

interface Request {
  id: number;
  jobs: DirJob[];
}

/**
 * A worker's answer: the results of a request, or why it could not check
 * them (then this thread checks what is left, and meets the error itself).
 */
type Reply =
  | { id: number; results: DirSummary[]; failure?: undefined }
  | { id: number; results?: undefined; failure: string };

/**
 * Checks one directory and keeps only what a report needs.
 *
 * @example
 * ```ts
 * import { summarizeDir } from "./parallel.ts";
 * import { collectTargets } from "./targets.ts";
 * const [t] = collectTargets(["examples/git-app"]);
 * if (t.kind === "quadlet") console.log(summarizeDir(t).resources); // 3
 * ```
 */
export function summarizeDir(job: DirJob): DirSummary {
  return summary(checkQuadletDir(job.dir, job.entries, { named: job.named }));
}

function summary(r: TargetResult): DirSummary {
  return {
    diagnostics: r.diagnostics,
    files: r.files,
    resources: r.resources.length,
  };
}

/**
 * Bytes of files a worker reads ahead, at most (past the directory that
 * reaches it), before checking what it has read.
 */
export const READ_AHEAD_BYTES = 1 << 20;

/**
 * Checks directories as {@link summarizeDir} does, one result each, but
 * reads several before checking them: the directories of a batch are read,
 * up to {@link READ_AHEAD_BYTES} of files, then checked one after another.
 * Checking a file right after the system calls that read it cost a fifth
 * more time than checking it among others already read (see
 * docs/performance.md).
 *
 * @param jobs The directories, in order.
 * @param bytes Bytes read ahead at most (past the directory that reaches
 * it); default {@link READ_AHEAD_BYTES}.
 * @returns Their results, in the same order.
 *
 * @example
 * ```ts
 * import { summarizeDirs } from "./parallel.ts";
 * import { collectTargets } from "./targets.ts";
 * const jobs = collectTargets(["examples/"]).flatMap((t) => t.kind === "quadlet" ? [t] : []);
 * console.log(summarizeDirs(jobs).map((s) => s.files)); // [1, 3, 2, 1, 2]
 * ```
 */
export function summarizeDirs(
  jobs: readonly DirJob[],
  bytes: number = READ_AHEAD_BYTES,
): DirSummary[] {
  return readAhead(jobs, {
    read: (job) => readQuadletForCheck(job.dir, job.entries),
    size: bytesRead,
    process: (job, read) =>
      summary(checkQuadletRead(job.dir, read, { named: job.named })),
    bytes,
  });
}

function bytesRead(read: QuadletRead): number {
  let bytes = 0;
  if ("files" in read) {
    for (const b of read.files.values()) {
      bytes += b.length;
    }
  }
  return bytes;
}

/**
 * Whether this code runs inside a worker.
 *
 * @example
 * ```ts
 * import { inWorker } from "./parallel.ts";
 * console.log(inWorker()); // false
 * ```
 */
export function inWorker(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown })
    .WorkerGlobalScope !== "undefined";
}

/**
 * Serves check requests from the thread that started this worker. Called by
 * the entry module when it finds itself in a worker.
 *
 * An error while checking is caught here and sent back as a failure, after
 * which the other thread stops using the workers and checks the rest itself.
 * Left uncaught, the runtime would print it ("Uncaught (in worker …)") even
 * though the other thread handles the worker's error event.
 *
 * @param check Checks the directories of a request, one result each, in
 * order; {@link summarizeDirs} by default.
 *
 * @example
 * ```ts
 * // In the module a worker runs:
 * import { inWorker, serveChecks } from "./parallel.ts";
 * if (inWorker()) serveChecks();
 * ```
 */
export function serveChecks(
  check: (jobs: DirJob[]) => DirSummary[] = summarizeDirs,
): void {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent<Request>) => void) | null;
    postMessage(reply: Reply): void;
  };
  scope.onmessage = (e) => {
    const { id, jobs } = e.data;
    let reply: Reply;
    try {
      reply = { id, results: check(jobs) };
    } catch (error) {
      reply = {
        id,
        failure: error instanceof Error ? error.message : String(error),
      };
    }
    scope.postMessage(reply);
  };
}

/**
 * The environment variable that sets how many workers `katcall validate`
 * starts, for the benchmarks that compare one worker with two. Read only
 * when its permission was granted (the binaries do not grant it).
 */
export const WORKERS_VARIABLE = "KAT_VALIDATE_WORKERS";

/**
 * The worker count {@link WORKERS_VARIABLE} sets: a whole number from 0 to
 * 64, or undefined (the default count) when unset or anything else.
 *
 * @example
 * ```ts
 * import { workersFromEnv } from "./parallel.ts";
 * console.log(workersFromEnv("1"), workersFromEnv(undefined), workersFromEnv("x")); // 1 undefined undefined
 * ```
 */
export function workersFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]{1,2}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 64 ? n : undefined;
}

/** Options of {@link DirChecks}. */
export interface DirChecksOptions {
  /**
   * URL of a module that calls {@link serveChecks} in a worker (the tools'
   * entry module); without it, everything runs on this thread.
   */
  workerUrl?: string;
  /**
   * Workers to start; 0 means none. This thread only walks and reports
   * while they check, so a single worker gains nothing over checking here:
   * by default there are none on a single core. One worker is for measuring
   * how checking scales with workers (see {@link workersFromEnv}).
   * @default {navigator.hardwareConcurrency, or 0 on a single core}
   */
  workers?: number;
  /**
   * Workers start when this many directories have been added; fewer are
   * checked on this thread, where they cost less than starting a worker.
   * @default {200}
   */
  threshold?: number;
  /**
   * Directories per message to a worker.
   * @default {32}
   */
  batch?: number;
  /**
   * Most messages a worker holds unanswered. Replies are only received when
   * this thread waits, so while it is still walking the tree this is how
   * much work each worker can be given; once all is given out, it is also
   * how unevenly the last messages can fall.
   * @default {8}
   */
  inFlight?: number;
}

/** Directories sent to a worker in one message, and what it found. */
interface Batch {
  id: number;
  jobs: DirJob[];
  /** open: may take more jobs; queued: waits for a worker; sent. */
  state: "open" | "queued" | "sent";
  results?: DirSummary[];
  /** Results not yet taken. */
  left: number;
}

/**
 * Checks quadlet directories on every core, starting as soon as they are
 * found: {@link DirChecks.add} each directory as the walk meets it, then
 * take each one's {@link DirChecks.result}, in any order. Workers start once
 * enough directories were added, so they check the first ones while the walk
 * goes on; when a worker fails, or after {@link DirChecks.close}, what is
 * left is checked on this thread. Results that arrive before they are asked
 * for are held until then.
 *
 * @example
 * ```ts
 * import { DirChecks } from "./parallel.ts";
 * import { collectTargets } from "./targets.ts";
 * const checks = new DirChecks();
 * const jobs = collectTargets(["examples/"]).flatMap((t) => t.kind === "quadlet" ? [t] : []);
 * for (const job of jobs) checks.add(job);
 * let files = 0;
 * for (const job of jobs) files += (await checks.result(job)).files;
 * checks.close();
 * console.log(files); // 9
 * ```
 */
export class DirChecks {
  readonly #workerUrl?: string;
  readonly #workerCount: number;
  readonly #threshold: number;
  readonly #batchSize: number;
  readonly #inFlight: number;
  readonly #batches: Batch[] = [];
  readonly #batchOf = new Map<DirJob, Batch>();
  /** Batches waiting for a worker, oldest first. */
  readonly #queue: Batch[] = [];
  readonly #workers: { worker: Worker; busy: Set<Batch> }[] = [];
  readonly #waiting: (() => void)[] = [];
  #added = 0;
  /** Set when a worker failed or the pool was closed: no more replies. */
  #stopped = false;

  /**
   * A pool with no workers yet.
   *
   * @param options Where workers come from and how work is split.
   */
  constructor(options: DirChecksOptions = {}) {
    this.#workerUrl = options.workerUrl;
    const cores = navigator.hardwareConcurrency ?? 1;
    this.#workerCount = options.workers ?? (cores < 2 ? 0 : cores);
    this.#threshold = options.threshold ?? 200;
    this.#batchSize = options.batch ?? 32;
    this.#inFlight = options.inFlight ?? 8;
  }

  /**
   * Adds a directory to check; its listing must not change afterwards.
   *
   * @param job The directory and its listing.
   */
  add(job: DirJob): void {
    let open = this.#batches.at(-1);
    if (open?.state !== "open") {
      open = { id: this.#batches.length, jobs: [], state: "open", left: 0 };
      this.#batches.push(open);
    }
    open.jobs.push(job);
    open.left++;
    this.#batchOf.set(job, open);
    if (open.jobs.length === this.#batchSize) this.#enqueue(open);
    if (++this.#added === this.#threshold) this.#start();
  }

  /**
   * What checking `job` found: checked on this thread, with the rest of its
   * batch, when no worker has it.
   *
   * @param job A directory given to {@link DirChecks.add}.
   * @returns Its diagnostics and counts.
   */
  async result(job: DirJob): Promise<DirSummary> {
    const batch = this.#batchOf.get(job);
    if (!batch) throw new Error("DirChecks.result: not an added directory");
    this.#batchOf.delete(job);
    // Asking for a job of the last batch, not yet full, closes that batch.
    if (batch.state === "open") this.#enqueue(batch);
    while (batch.state === "sent" && !batch.results && !this.#stopped) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    if (!batch.results) {
      // Checked here, the whole batch at once; it is not sent as well.
      const queued = this.#queue.indexOf(batch);
      if (queued >= 0) this.#queue.splice(queued, 1);
      batch.results = summarizeDirs(batch.jobs);
    }
    const summary = batch.results[batch.jobs.indexOf(job)];
    if (--batch.left === 0) batch.results = undefined;
    return summary;
  }

  /** Ends the workers; results not yet taken are then checked here. */
  close(): void {
    this.#stopped = true;
    for (const { worker } of this.#workers) worker.terminate();
    this.#workers.length = 0;
    this.#settle();
  }

  #enqueue(batch: Batch): void {
    batch.state = "queued";
    this.#queue.push(batch);
    this.#feed();
  }

  #start(): void {
    if (!this.#workerUrl || this.#workerCount < 1 || this.#stopped) return;
    for (let i = 0; i < this.#workerCount; i++) {
      const worker = new Worker(this.#workerUrl, { type: "module" });
      const slot = { worker, busy: new Set<Batch>() };
      worker.onmessage = (e: MessageEvent<Reply>) => {
        const batch = this.#batches[e.data.id];
        slot.busy.delete(batch);
        if (e.data.failure !== undefined) {
          this.close();
          return;
        }
        batch.results = e.data.results;
        this.#feed();
        this.#settle();
      };
      // A worker that cannot start (its module fails to load or throws):
      // the runtime prints the error itself, whatever is done here.
      worker.onerror = (e) => {
        e.preventDefault();
        this.close();
      };
      this.#workers.push(slot);
    }
    this.#feed();
  }

  /** Gives queued batches to the workers with the fewest unanswered. */
  #feed(): void {
    if (this.#stopped || this.#workers.length === 0) return;
    while (this.#queue.length > 0) {
      const slot = this.#workers.reduce((a, b) =>
        b.busy.size < a.busy.size ? b : a
      );
      if (slot.busy.size >= this.#inFlight) return;
      const batch = this.#queue.shift()!;
      batch.state = "sent";
      slot.busy.add(batch);
      slot.worker.postMessage(
        {
          id: batch.id,
          jobs: batch.jobs.map(({ dir, entries, named }) => ({
            dir,
            entries,
            named,
          })),
        } satisfies Request,
      );
    }
  }

  #settle(): void {
    for (const wake of this.#waiting.splice(0)) wake();
  }
}
