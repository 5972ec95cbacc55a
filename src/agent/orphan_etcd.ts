/**
 * The node's own etcd left running by an earlier run of the agent: etcd runs
 * in a session of its own, so an agent killed outright (SIGKILL, SIGQUIT)
 * leaves it behind, holding the ports and the data. On start, an `etcd.pid`
 * in the data directory that names a live etcd on this very data directory
 * is that orphan, and it is stopped; a pid naming any other process (the pid
 * was reused) is left alone.
 *
 * A process is identified by procps' `pkill`, with the pid file (`-F`) and a
 * pattern on the command line (`-f`) that must both match: Deno lets no
 * program read `/proc` short of every permission, and signals only its own
 * children. Without `pkill` (procps not installed) the pid file cannot be
 * checked: the agent says so and starts etcd, which fails with its own port
 * error if an orphan really holds the ports.
 *
 * @module
 */
import { join as joinPath } from "../input/paths.ts";
import { EtcdProcessError } from "./etcd_process.ts";

/** `text` as an extended regular expression matching only itself. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The `pkill` pattern for an etcd on `dataDir`: the program `etcd` (bare or
 * with a path) with `--data-dir=<dataDir>/etcd` as one of its arguments.
 *
 * @example
 * ```ts
 * import { orphanPattern } from "./orphan_etcd.ts";
 * console.log(orphanPattern("/var/lib/kat")); // "^(\\S+/)?etcd .*--data-dir=/var/lib/kat/etcd( |$)"
 * ```
 */
export function orphanPattern(dataDir: string): string {
  return `^(\\S+/)?etcd .*--data-dir=${
    literal(joinPath(dataDir, "etcd"))
  }( |$)`;
}

/**
 * What {@link stopOrphanEtcd} found: no pid file, a pid that is not this data
 * directory's etcd (left alone), the orphan, stopped by `signal`, or a pid
 * that could not be checked because `pkill` is missing.
 *
 * @example
 * ```ts
 * import type { OrphanOutcome } from "./orphan_etcd.ts";
 * const o: OrphanOutcome = { found: "orphan", pid: 4242, signal: "SIGKILL" };
 * ```
 */
export type OrphanOutcome =
  | { found: "none" }
  | { found: "other"; pid: number }
  | { found: "orphan"; pid: number; signal: "SIGKILL" }
  | { found: "unchecked"; pid: number };

/** `pkill` could not be run at all (not on PATH). */
class PkillMissing extends Error {}

/** Runs `pkill -<signal> -F pidFile -f pattern`: whether it matched. */
async function pkill(
  signal: string,
  pidFile: string,
  pattern: string,
): Promise<boolean> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("pkill", {
      args: [`-${signal}`, "-F", pidFile, "-f", pattern],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new PkillMissing();
    throw e;
  }
  if (out.code === 0) return true;
  if (out.code === 1) return false;
  throw new Error(
    `pkill failed (code ${out.code}): ${
      new TextDecoder().decode(out.stderr).trim()
    }`,
  );
}

/** Polls until `alive()` is false or `ms` have passed: whether it ended. */
async function ended(alive: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await alive())) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !(await alive());
}

/**
 * Stops the etcd that `<dataDir>/etcd.pid` names when it is a live etcd on
 * `dataDir` (SIGKILL); leaves any other
 * process alone; `unchecked` when `pkill` is not installed. Throws an
 * {@link EtcdProcessError} `port-in-use` naming the orphan when it cannot be
 * checked or stopped otherwise.
 *
 * @example
 * ```ts
 * import { stopOrphanEtcd } from "./orphan_etcd.ts";
 * const outcome = await stopOrphanEtcd("/var/lib/kat");
 * if (outcome.found === "orphan") console.log(`stopped pid ${outcome.pid}`);
 * ```
 */
export async function stopOrphanEtcd(dataDir: string): Promise<OrphanOutcome> {
  const pidFile = joinPath(dataDir, "etcd.pid");
  const text = await Deno.readTextFile(pidFile).catch(() => "");
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return { found: "none" };
  const pattern = orphanPattern(dataDir);
  const alive = () => pkill("0", pidFile, pattern);
  const holder =
    `this node's own etcd from an earlier run (pid ${pid}, data directory ${dataDir})`;
  try {
    let running: boolean;
    try {
      running = await alive();
    } catch (e) {
      if (e instanceof PkillMissing) return { found: "unchecked", pid };
      throw e;
    }
    if (!running) return { found: "other", pid };
    // SIGKILL at once: a graceful stop would say goodbye (HTTP/2 GOAWAY)
    // to the client nodes connected to it, which Deno can abort on
    // (denoland/deno#36788); etcd is made to survive SIGKILL.
    await pkill("KILL", pidFile, pattern);
    if (await ended(alive, 2000)) {
      return { found: "orphan", pid, signal: "SIGKILL" };
    }
  } catch (e) {
    throw new EtcdProcessError(
      "port-in-use",
      `cannot check or stop ${holder}: ${(e as Error).message}`,
    );
  }
  throw new EtcdProcessError(
    "port-in-use",
    `${holder} still runs after SIGKILL`,
  );
}
