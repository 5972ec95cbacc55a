/**
 * Real etcd servers for tests: each on free 127.0.0.1 ports with a temporary
 * data directory, removed (and the process killed) however the test ends.
 * Independent of the agent's own launcher, so that the two check each other.
 *
 * @module
 */

/** Ports {@link freePort} has given in this process. */
const given = new Set<number>();

/**
 * A port nothing listens on right now, found by binding port 0, and never
 * one given before in this process: the system may hand out a port it has
 * just handed out, and two ports of one configuration (etcd's client and
 * peer ports, the API's) must differ.
 */
export function freePort(): number {
  for (;;) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
}

let installed: boolean | undefined;

/** Whether the `etcd` binary is on PATH. */
export function etcdInstalled(): boolean {
  return installed ??= probeEtcd();
}

function probeEtcd(): boolean {
  try {
    const out = new Deno.Command("etcd", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Whether the etcd at `endpoint` (`http://…`) answers its health check,
 * within a second: it runs and knows a leader.
 */
export async function etcdHealthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, {
      signal: AbortSignal.timeout(1000),
    });
    const body = await res.json();
    return res.ok && body.health === "true";
  } catch {
    return false;
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last `lines` lines of the etcd log in `dir`. */
async function logTail(dir: string, lines = 20): Promise<string> {
  const text = await Deno.readTextFile(`${dir}/etcd.log`).catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Where and how {@link spawnEtcd} runs one etcd member. */
export interface EtcdLaunch {
  /** Holds `data/` and `etcd.log`. */
  dir: string;
  /** The client URL it listens on and advertises. */
  endpoint: string;
  /** The peer port, on 127.0.0.1. */
  peerPort: number;
  /** Its member name. Default: `test`. */
  name?: string;
  /**
   * `--initial-cluster`: every member's `name=peerURL`, comma-separated.
   * Default: this member alone.
   */
  initialCluster?: string;
  /** More arguments (TLS files and flags). Default: none. */
  extraArgs?: readonly string[];
  /** Whether it answers; asked every 100 ms. */
  healthy: () => Promise<boolean>;
}

/**
 * Spawns an etcd member (by default of a one-member cluster) and resolves to its process once `healthy` says
 * so. If it exits first, or is not healthy after 30 s, it is killed and this
 * throws with the end of its log.
 */
export async function spawnEtcd(
  launch: EtcdLaunch,
): Promise<Deno.ChildProcess> {
  const { dir, endpoint } = launch;
  const peer = `http://127.0.0.1:${launch.peerPort}`;
  const name = launch.name ?? "test";
  const child = new Deno.Command("etcd", {
    args: [
      `--name=${name}`,
      `--data-dir=${dir}/data`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=${launch.initialCluster ?? `${name}=${peer}`}`,
      ...(launch.extraArgs ?? []),
      "--logger=zap",
      `--log-outputs=${dir}/etcd.log`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const exited = child.status.then(() => true);
  let problem = "not healthy after 30 s";
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await Promise.race([exited, sleep(100).then(() => false)])) {
      problem = "exited at start";
      break;
    }
    if (await launch.healthy()) return child;
  }
  await killEtcd(child);
  throw new Error(`etcd ${problem}:\n${await logTail(dir)}`);
}

/** Kills etcd (resumed first, should it be stopped) and waits for it to exit. */
export async function killEtcd(
  child: Deno.ChildProcess | undefined,
): Promise<void> {
  if (!child) return;
  try {
    child.kill("SIGCONT");
    child.kill("SIGKILL");
  } catch {
    // already exited
  }
  await child.status;
}

/**
 * `start` on two free ports (client, peer), tried three times: another
 * process may take a free port before etcd binds it. The data left in `dir`
 * by a failed try is removed before the next.
 */
export async function onFreePorts<T>(
  dir: string,
  start: (clientPort: number, peerPort: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await start(freePort(), freePort());
    } catch (e) {
      if (attempt === 3) throw e;
      await Deno.remove(`${dir}/data`, { recursive: true }).catch(() => {});
    }
  }
}

/** One etcd server run by a test. */
export class TestEtcd {
  /** Its client URL: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The client port. */
  readonly clientPort: number;
  /** The peer port. */
  readonly peerPort: number;
  /** A temporary directory holding `data/` and `etcd.log`. */
  readonly dir: string;
  #process: Deno.ChildProcess | undefined;

  private constructor(dir: string, clientPort: number, peerPort: number) {
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.endpoint = `http://127.0.0.1:${clientPort}`;
  }

  /** Starts etcd on free ports in a new temporary directory. */
  static async start(): Promise<TestEtcd> {
    if (!etcdInstalled()) {
      // The etcd tests never skip: a machine without etcd fails them.
      throw new Error(
        "etcd is not installed: apt-get install etcd-server etcd-client (as .ci/run does)",
      );
    }
    const dir = await Deno.makeTempDir({ prefix: "kat-test-etcd-" });
    try {
      return await onFreePorts(dir, async (clientPort, peerPort) => {
        const etcd = new TestEtcd(dir, clientPort, peerPort);
        await etcd.restart();
        return etcd;
      });
    } catch (e) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw e;
    }
  }

  /** The process id, while it runs. */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** (Re)starts etcd on the same ports and data; waits until it is healthy. */
  async restart(): Promise<void> {
    this.#process = await spawnEtcd({
      dir: this.dir,
      endpoint: this.endpoint,
      peerPort: this.peerPort,
      healthy: () => this.healthy(),
    });
  }

  /** Whether etcd answers its health check. */
  healthy(): Promise<boolean> {
    return etcdHealthy(this.endpoint);
  }

  /** Sends `signal` to etcd (SIGSTOP freezes it, SIGCONT resumes it). */
  signal(signal: Deno.Signal): void {
    this.#process?.kill(signal);
  }

  /** Kills etcd with SIGKILL and waits for it to exit. */
  async kill(): Promise<void> {
    const p = this.#process;
    this.#process = undefined;
    await killEtcd(p);
  }

  /** Stops etcd (SIGKILL: tests need no graceful stop). */
  async stop(): Promise<void> {
    await this.kill();
  }

  /** Stops etcd and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** Runs `fn` with a fresh etcd, which is disposed of however `fn` ends. */
export async function withEtcd(
  fn: (etcd: TestEtcd) => Promise<void>,
): Promise<void> {
  const etcd = await TestEtcd.start();
  try {
    await fn(etcd);
  } finally {
    await etcd.dispose();
  }
}
