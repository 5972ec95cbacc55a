/**
 * Checks many quadlet directories on every core: workers read and check
 * batches of directories while the caller receives the results in the order
 * of the targets, holding only those that arrived early.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { checkQuadletDir } from "./check_target.ts";
import type { DirEntry } from "./targets.ts";

/** A quadlet directory to check, as a worker receives it. */
export interface DirJob {
  /** The directory. */
  dir: string;
  /** Its listing. */
  entries: DirEntry[];
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
  /** `.kat` files checked. */
  files: number;
  /** Resources decoded. */
  resources: number;
}

interface Request {
  id: number;
  jobs: DirJob[];
}

interface Reply {
  id: number;
  results: DirSummary[];
}

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
  const r = checkQuadletDir(job.dir, job.entries);
  return {
    diagnostics: r.diagnostics,
    files: r.files,
    resources: r.resources.length,
  };
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
 */
export function serveChecks(): void {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent<Request>) => void) | null;
    postMessage(reply: Reply): void;
  };
  scope.onmessage = (e) => {
    const { id, jobs } = e.data;
    scope.postMessage({ id, results: jobs.map(summarizeDir) });
  };
}

/** Options of {@link checkDirs}. */
export interface CheckDirsOptions {
  /**
   * URL of a module that calls {@link serveChecks} in a worker (the tools'
   * entry module); without it, everything runs on this thread.
   */
  workerUrl?: string;
  /**
   * Most workers.
   * @default {navigator.hardwareConcurrency}
   */
  workers?: number;
  /**
   * Fewer directories than this are checked on this thread: starting a
   * worker costs more than they do.
   * @default {200}
   */
  threshold?: number;
  /**
   * Directories per message to a worker.
   * @default {32}
   */
  batch?: number;
}

/**
 * Checks `jobs`, yielding one summary per job in their order. With a worker
 * URL and enough jobs, the work is spread over workers; a worker that cannot
 * start leaves its share to this thread.
 *
 * @example
 * ```ts
 * import { checkDirs } from "./parallel.ts";
 * import { collectTargets } from "./targets.ts";
 * const jobs = collectTargets(["examples/"]).flatMap((t) => t.kind === "quadlet" ? [t] : []);
 * let files = 0;
 * for await (const s of checkDirs(jobs)) files += s.files;
 * console.log(files); // 8
 * ```
 */
export async function* checkDirs(
  jobs: readonly DirJob[],
  options: CheckDirsOptions = {},
): AsyncGenerator<DirSummary> {
  const threshold = options.threshold ?? 200;
  const count = Math.min(
    options.workers ?? navigator.hardwareConcurrency ?? 1,
    Math.ceil(jobs.length / threshold),
  );
  if (!options.workerUrl || count < 2) {
    for (const job of jobs) yield summarizeDir(job);
    return;
  }
  const size = options.batch ?? 32;
  const batches: DirJob[][] = [];
  for (let i = 0; i < jobs.length; i += size) {
    batches.push(jobs.slice(i, i + size));
  }
  const done = new Map<number, DirSummary[]>();
  let next = 0;
  let wake: (() => void) | undefined;
  const settle = () => {
    wake?.();
    wake = undefined;
  };
  let failed = false;
  const workers: Worker[] = [];
  const feed = (w: Worker) => {
    if (next >= batches.length) return;
    const id = next++;
    w.postMessage({ id, jobs: batches[id] } satisfies Request);
  };
  for (let i = 0; i < count; i++) {
    const w = new Worker(options.workerUrl, { type: "module" });
    w.onmessage = (e: MessageEvent<Reply>) => {
      done.set(e.data.id, e.data.results);
      feed(w);
      settle();
    };
    w.onerror = (e) => {
      e.preventDefault();
      failed = true;
      settle();
    };
    workers.push(w);
    // Two batches in flight keep a worker busy while its reply travels.
    feed(w);
    feed(w);
  }
  try {
    for (let id = 0; id < batches.length; id++) {
      while (!done.has(id) && !failed) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const results = done.get(id) ?? batches[id].map(summarizeDir);
      done.delete(id);
      yield* results;
    }
  } finally {
    for (const w of workers) w.terminate();
  }
}
