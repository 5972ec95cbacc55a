/**
 * `kat-agent init` as a child process, for tests: started with the tool's
 * own permissions and `--log-format json`, its log lines parsed as they
 * arrive (with the time each arrived), killed however the test ends.
 *
 * @module
 */
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import { REPO } from "../helpers.ts";
import { freePort, sleep } from "../state/etcd_fixture.ts";

/** One JSON log line, with when the test received it. */
export interface LogLine {
  time: string;
  level: string;
  event: string;
  msg: string;
  [field: string]: unknown;
  /** `performance.now()` when the line arrived. */
  at: number;
}

/** How to run the tool: from source, or from a bundle as compiled. */
export interface Runner {
  /** `deno` arguments before the tool's own. */
  args: string[];
  /** The working directory. */
  cwd: string;
}

/** `deno run main.ts kat-agent` from the repository, as `deno task kat-agent`. */
export const FROM_SOURCE: Runner = {
  args: ["run", ...PERMISSIONS["kat-agent"], "main.ts", "kat-agent"],
  cwd: REPO,
};

/**
 * {@link FROM_SOURCE} run in `cwd` instead of the repository (relative paths
 * on the command line are then relative to `cwd`).
 */
export function fromSourceIn(cwd: string): Runner {
  return {
    args: [
      "run",
      `--config=${REPO}/deno.json`,
      ...PERMISSIONS["kat-agent"],
      `${REPO}/main.ts`,
      "kat-agent",
    ],
    cwd,
  };
}

/**
 * The arguments of an agent for `<dir>/cluster.kat` with its own etcd:
 * `--data-dir` (default `<dir>/data`) and `--node-name` (default `alpha`).
 */
export function localArgs(
  dir: string,
  options: { dataDir?: string; node?: string } = {},
): string[] {
  return [
    "--config",
    `${dir}/cluster.kat`,
    "--data-dir",
    options.dataDir ?? `${dir}/data`,
    "--node-name",
    options.node ?? "alpha",
  ];
}

/** A cluster.kat with the given etcd ports and timing fields. */
export function clusterKat(
  options: {
    clientPort?: number;
    peerPort?: number;
    agentTickSeconds?: number;
    nodeLossTimeoutSeconds?: number;
    agentPort?: number;
    apiPort?: number;
  } = {},
): string {
  return [
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata:",
    "  name: test-cluster",
    "spec:",
    "  clusterCIDR: 10.244.0.0/16",
    "  serviceCIDR: 10.96.0.0/12",
    `  etcdClientPort: ${options.clientPort ?? freePort()}`,
    `  etcdPeerPort: ${options.peerPort ?? freePort()}`,
    `  agentPort: ${options.agentPort ?? 9116}`,
    `  apiPort: ${options.apiPort ?? freePort()}`,
    `  agentTickSeconds: ${options.agentTickSeconds ?? 1}`,
    `  nodeLossTimeoutSeconds: ${options.nodeLossTimeoutSeconds ?? 2}`,
    "",
  ].join("\n");
}

/** Whether `event` is one of the cluster's own (see {@link Agent.events}). */
function isClusterEvent(event: string): boolean {
  return event === "etcd.insecure" ||
    /^(pki|api|admin|node|token|join|namespace)\./.test(event) ||
    /^etcd\.(member|quorum|no-quorum|endpoints)/.test(event);
}

/** A running `kat-agent init`. */
export class Agent {
  /** Every JSON log line so far. */
  readonly lines: LogLine[] = [];
  /** Every other line of standard error (Deno's own notes, diagnostics). */
  readonly other: string[] = [];
  readonly #process: Deno.ChildProcess;
  readonly #reading: Promise<void>;
  #wake: () => void = () => {};
  #status: Deno.CommandStatus | undefined;

  private constructor(process: Deno.ChildProcess) {
    this.#process = process;
    this.#reading = this.#read();
    process.status.then((s) => {
      this.#status = s;
    });
  }

  /**
   * Starts `kat-agent init ARGS --log-format json` (or another command than
   * `init`) with `runner`.
   */
  static start(
    args: string[],
    options: {
      runner?: Runner;
      env?: Record<string, string>;
      command?: "init" | "join";
    } = {},
  ): Agent {
    const runner = options.runner ?? FROM_SOURCE;
    const process = new Deno.Command(Deno.execPath(), {
      args: [
        ...runner.args,
        options.command ?? "init",
        ...args,
        "--log-format",
        "json",
      ],
      cwd: runner.cwd,
      env: { NO_COLOR: "1", ...options.env },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    return new Agent(process);
  }

  async #read() {
    const lines = this.#process.stderr.pipeThrough(new TextDecoderStream());
    let buffer = "";
    for await (const chunk of lines) {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const at = performance.now();
        try {
          const parsed = JSON.parse(line);
          if (parsed && typeof parsed.event === "string") {
            this.lines.push({ ...parsed, at });
          } else {
            this.other.push(line);
          }
        } catch {
          this.other.push(line);
        }
        this.#wake();
      }
    }
    if (buffer) this.other.push(buffer);
    this.#wake();
  }

  /** The process id. */
  get pid(): number {
    return this.#process.pid;
  }

  /**
   * The lifecycle events logged so far, in order: the election, etcd, the
   * configuration, starting and stopping. The cluster's own events (the PKI,
   * the API, the administrator's katconfig, nodes, tokens, joins, namespaces,
   * `etcd.insecure` and etcd's membership and quorum) are left out: the API, the reports and the leader's
   * duties run beside the lifecycle, so their place among its events varies.
   * {@link Agent.allEvents} has them all. From line `from` on, when given.
   */
  events(from = 0): string[] {
    return this.allEvents().slice(from).filter((e) => !isClusterEvent(e));
  }

  /** Every event logged so far, in order. */
  allEvents(): string[] {
    return this.lines.map((l) => l.event);
  }

  /**
   * The first line (from index `from` on) with `event` and, if given,
   * matching `fields`; waits up to `ms` for it.
   */
  async waitFor(
    event: string,
    options: { ms?: number; from?: number; fields?: Record<string, unknown> } =
      {},
  ): Promise<LogLine> {
    const deadline = performance.now() + (options.ms ?? 20_000);
    const matches = (l: LogLine) =>
      l.event === event &&
      Object.entries(options.fields ?? {}).every(([k, v]) => l[k] === v);
    while (true) {
      const found = this.lines.slice(options.from ?? 0).find(matches);
      if (found) return found;
      if (this.#status !== undefined) {
        await this.#reading;
        const late = this.lines.slice(options.from ?? 0).find(matches);
        if (late) return late;
        throw new Error(
          `agent exited (${this.#status.code}) without ${event}; log:\n${this.dump()}`,
        );
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Error(
          `no ${event} within ${options.ms ?? 20_000} ms; log:\n${this.dump()}`,
        );
      }
      await Promise.race([
        new Promise<void>((r) => this.#wake = r),
        sleep(Math.min(left, 200)),
      ]);
    }
  }

  /** The log so far, for failure messages. */
  dump(): string {
    return [
      ...this.lines.map(({ at: _at, ...l }) => JSON.stringify(l)),
      ...this.other,
    ].join("\n");
  }

  /** Sends `signal`. */
  signal(signal: Deno.Signal): void {
    try {
      this.#process.kill(signal);
    } catch {
      // already exited
    }
  }

  /** Waits (up to `ms`) for the exit, after reading the whole log. */
  async exit(ms = 20_000): Promise<Deno.CommandStatus> {
    const status = await Promise.race([
      this.#process.status,
      sleep(ms).then(() => undefined),
    ]);
    if (!status) throw new Error(`agent still running after ${ms} ms`);
    await this.#reading;
    return status;
  }

  /** Stops the agent however it is: SIGTERM, then SIGKILL. */
  async dispose(): Promise<void> {
    if (this.#status === undefined) {
      this.signal("SIGTERM");
      const done = await Promise.race([
        this.#process.status,
        sleep(10_000).then(() => undefined),
      ]);
      if (!done) this.signal("SIGKILL");
    }
    await this.#process.status;
    await this.#reading.catch(() => {});
  }
}

/**
 * Writes `<dir>/cluster.kat` (`config`) and starts an agent with its own
 * etcd ({@link localArgs}), added to `agents`; resolves once it has stored
 * the configuration as leader, with its etcd's pid.
 */
export async function startLeader(
  dir: string,
  agents: Agent[],
  config: string,
): Promise<{ agent: Agent; etcdPid: number }> {
  await Deno.writeTextFile(`${dir}/cluster.kat`, config);
  const agent = Agent.start(localArgs(dir));
  agents.push(agent);
  const started = await agent.waitFor("etcd.started");
  await agent.waitFor("config.stored");
  return { agent, etcdPid: started.pid as number };
}

/**
 * Runs `fn` with a temporary directory and a list of agents to dispose of;
 * every agent is stopped, any etcd it left behind (its pid file) killed, and
 * the directory removed, however `fn` ends.
 */
export async function withAgents(
  fn: (dir: string, agents: Agent[]) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kat-agent-test-" });
  const agents: Agent[] = [];
  try {
    await fn(dir, agents);
  } finally {
    await Promise.all(agents.map((a) => a.dispose()));
    for await (const entry of walkPidFiles(dir)) {
      const pid = Number((await Deno.readTextFile(entry)).trim());
      try {
        if (pid > 0) Deno.kill(pid, "SIGKILL");
      } catch {
        // not running
      }
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function* walkPidFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walkPidFiles(path);
    else if (entry.name === "etcd.pid") yield path;
  }
}
