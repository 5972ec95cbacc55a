/**
 * A real etcd cluster of several members for tests: plain HTTP on free
 * 127.0.0.1 ports, one temporary directory per member, short raft timings so
 * that elections take a fraction of a second. Each member can be killed and
 * restarted with its data, to take the cluster's quorum away and back.
 *
 * @module
 */
import {
  etcdHealthy,
  etcdInstalled,
  freePort,
  killEtcd,
  spawnEtcd,
} from "./etcd_fixture.ts";

/** Raft timings: a heartbeat every 50 ms, an election after 500 ms. */
const RAFT_ARGS = ["--heartbeat-interval=50", "--election-timeout=500"];

/** One member of a {@link TestEtcdCluster}. */
export class ClusterMember {
  /** Its member name: `m1`, `m2`… */
  readonly name: string;
  /** Its client URL: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Its peer port. */
  readonly peerPort: number;
  /** A temporary directory holding `data/` and `etcd.log`. */
  readonly dir: string;
  readonly #initialCluster: string;
  #process: Deno.ChildProcess | undefined;

  constructor(
    name: string,
    dir: string,
    clientPort: number,
    peerPort: number,
    initialCluster: string,
  ) {
    this.name = name;
    this.dir = dir;
    this.endpoint = `http://127.0.0.1:${clientPort}`;
    this.peerPort = peerPort;
    this.#initialCluster = initialCluster;
  }

  /** Whether it runs. */
  get running(): boolean {
    return this.#process !== undefined;
  }

  /**
   * (Re)starts it on the same ports and data; resolves once it answers its
   * health check, which needs a leader: a quorum of the members running.
   */
  async start(): Promise<void> {
    this.#process = await spawnEtcd({
      dir: this.dir,
      endpoint: this.endpoint,
      peerPort: this.peerPort,
      name: this.name,
      initialCluster: this.#initialCluster,
      extraArgs: RAFT_ARGS,
      healthy: () => this.healthy(),
    });
  }

  /** Whether it answers its health check (`/health`: it knows a leader). */
  healthy(): Promise<boolean> {
    return etcdHealthy(this.endpoint);
  }

  /** Kills it with SIGKILL and waits for it to exit; its data stays. */
  async kill(): Promise<void> {
    const p = this.#process;
    this.#process = undefined;
    await killEtcd(p);
  }
}

/** An etcd cluster run by a test. */
export class TestEtcdCluster {
  /** Its members, in the order of `--initial-cluster`. */
  readonly members: readonly ClusterMember[];
  /** The temporary directory holding one directory per member. */
  readonly dir: string;

  private constructor(dir: string, members: readonly ClusterMember[]) {
    this.dir = dir;
    this.members = members;
  }

  /**
   * Starts a cluster of `size` members (default 3) on free ports in a new
   * temporary directory; resolves once every member is healthy. Tried three
   * times: another process may take a free port before etcd binds it.
   */
  static async start(size = 3): Promise<TestEtcdCluster> {
    if (!etcdInstalled()) {
      throw new Error(
        "etcd is not installed: apt-get install etcd-server etcd-client (as .ci/run does)",
      );
    }
    for (let attempt = 1;; attempt++) {
      const dir = await Deno.makeTempDir({ prefix: "kat-test-etcd-cluster-" });
      const cluster = await TestEtcdCluster.#create(dir, size);
      try {
        // Every start settles (a member's process is known, to be killed)
        // before a failed one is reported.
        const started = await Promise.allSettled(
          cluster.members.map((m) => m.start()),
        );
        for (const s of started) if (s.status === "rejected") throw s.reason;
        return cluster;
      } catch (e) {
        await cluster.dispose();
        if (attempt === 3) throw e;
      }
    }
  }

  static async #create(dir: string, size: number): Promise<TestEtcdCluster> {
    const ports = Array.from({ length: size }, () => [freePort(), freePort()]);
    const names = ports.map((_, i) => `m${i + 1}`);
    const initialCluster = names
      .map((name, i) => `${name}=http://127.0.0.1:${ports[i][1]}`)
      .join(",");
    const members: ClusterMember[] = [];
    for (const [i, name] of names.entries()) {
      const memberDir = `${dir}/${name}`;
      await Deno.mkdir(memberDir);
      members.push(
        new ClusterMember(
          name,
          memberDir,
          ...ports[i] as [number, number],
          initialCluster,
        ),
      );
    }
    return new TestEtcdCluster(dir, members);
  }

  /** Kills every member and removes the cluster's directory. */
  async dispose(): Promise<void> {
    await Promise.all(this.members.map((m) => m.kill()));
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** Runs `fn` with a fresh cluster, which is disposed of however `fn` ends. */
export async function withEtcdCluster(
  fn: (cluster: TestEtcdCluster) => Promise<void>,
  size = 3,
): Promise<void> {
  const cluster = await TestEtcdCluster.start(size);
  try {
    await fn(cluster);
  } finally {
    await cluster.dispose();
  }
}
