/**
 * One data directory, one agent: `kat-agent init` holds an exclusive lock
 * (`flock`) on `<data-dir>/agent.lock` while it runs, with its pid and node
 * name written in the file, so that a second agent on the same directory
 * refuses to start and names the holder. The kernel releases the lock when
 * the holder exits, however it exits.
 *
 * @module
 */
import { join as joinPath } from "../input/paths.ts";
import { EtcdProcessError } from "./etcd_process.ts";

/** The lock file's name in the data directory. */
export const LOCK_FILE = "agent.lock";

/**
 * A held lock on a data directory.
 *
 * @example
 * ```ts
 * import { DataDirLock } from "./data_dir_lock.ts";
 * const lock = await DataDirLock.acquire("/var/lib/kat", "alpha");
 * lock.release();
 * ```
 */
export class DataDirLock {
  readonly #file: Deno.FsFile;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /**
   * Creates `dataDir` if needed (mode 0700) and locks it for this process,
   * writing `pid <pid> node <node>` into the lock file. Throws an
   * {@link EtcdProcessError}: `data-dir-in-use` naming the holder when another
   * process holds the lock, `data-dir` naming the directory when it cannot be
   * made, or the lock file when it cannot be opened.
   */
  static async acquire(dataDir: string, node: string): Promise<DataDirLock> {
    const path = joinPath(dataDir, LOCK_FILE);
    let file: Deno.FsFile;
    try {
      await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new EtcdProcessError(
        "data-dir",
        `cannot create the data directory ${dataDir}: ${(e as Error).message}`,
      );
    }
    try {
      file = await Deno.open(path, {
        read: true,
        write: true,
        create: true,
        mode: 0o600,
      });
    } catch (e) {
      throw new EtcdProcessError(
        "data-dir",
        `cannot open the lock file ${path}: ${(e as Error).message}`,
      );
    }
    if (!(await file.tryLock(true))) {
      file.close();
      const holder = await Deno.readTextFile(path).catch(() => "");
      const m = /^pid (\d+) node (\S+)/.exec(holder);
      throw new EtcdProcessError(
        "data-dir-in-use",
        `the data directory ${dataDir} is in use by another kat-agent (${
          m ? `pid ${m[1]}, node ${m[2]}` : "pid unknown"
        }); one data directory serves one agent`,
      );
    }
    await file.truncate(0);
    await file.write(
      new TextEncoder().encode(`pid ${Deno.pid} node ${node}\n`),
    );
    return new DataDirLock(file);
  }

  /**
   * Releases the lock (the file stays, naming the last holder).
   *
   * @example
   * ```ts
   * import type { DataDirLock } from "./data_dir_lock.ts";
   * declare const lock: DataDirLock;
   * lock.release();
   * ```
   */
  release(): void {
    try {
      this.#file.close();
    } catch {
      // already closed
    }
  }
}
