/**
 * Real etcd servers for tests: each on free 127.0.0.1 ports with a temporary
 * data directory, removed (and the process killed) however the test ends.
 * Independent of the agent's own launcher, so that the two check each other.
 *
 * @module
 */

/** A port nothing listens on right now, found by binding port 0. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
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

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
    for (let attempt = 1;; attempt++) {
      const etcd = new TestEtcd(dir, freePort(), freePort());
      try {
        await etcd.restart();
        return etcd;
      } catch (e) {
        // Another process may take a free port before etcd binds it.
        await etcd.stop();
        if (attempt === 3) {
          await Deno.remove(dir, { recursive: true }).catch(() => {});
          throw e;
        }
        await Deno.remove(`${dir}/data`, { recursive: true }).catch(() => {});
      }
    }
  }

  /** The process id, while it runs. */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** (Re)starts etcd on the same ports and data; waits until it is healthy. */
  async restart(): Promise<void> {
    const peer = `http://127.0.0.1:${this.peerPort}`;
    this.#process = new Deno.Command("etcd", {
      args: [
        "--name=test",
        `--data-dir=${this.dir}/data`,
        `--listen-client-urls=${this.endpoint}`,
        `--advertise-client-urls=${this.endpoint}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=test=${peer}`,
        "--logger=zap",
        `--log-outputs=${this.dir}/etcd.log`,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const exited = this.#process.status.then(() => true);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (await Promise.race([exited, sleep(100).then(() => false)])) {
        throw new Error(`etcd exited at start:\n${await this.logTail()}`);
      }
      if (await this.healthy()) return;
    }
    throw new Error(`etcd not healthy after 30 s:\n${await this.logTail()}`);
  }

  /** Whether etcd answers its health check. */
  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.endpoint}/health`, {
        signal: AbortSignal.timeout(1000),
      });
      const body = await res.json();
      return res.ok && body.health === "true";
    } catch {
      return false;
    }
  }

  /** The last lines of etcd's log. */
  async logTail(lines = 20): Promise<string> {
    const text = await Deno.readTextFile(`${this.dir}/etcd.log`).catch(() =>
      ""
    );
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  }

  /** Sends `signal` to etcd (SIGSTOP freezes it, SIGCONT resumes it). */
  signal(signal: Deno.Signal): void {
    this.#process?.kill(signal);
  }

  /** Kills etcd with SIGKILL and waits for it to exit. */
  async kill(): Promise<void> {
    const p = this.#process;
    if (!p) return;
    this.#process = undefined;
    try {
      p.kill("SIGCONT");
      p.kill("SIGKILL");
    } catch {
      // already exited
    }
    await p.status;
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
