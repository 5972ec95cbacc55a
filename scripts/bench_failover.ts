/**
 * The failover benchmark of `deno task bench failover`: a cluster of three
 * etcd members started for it on one machine (`kat-agent init`, then two
 * `kat-agent join`, each node on its own loopback address, tick 1 s so the
 * leader's lease TTL is 2 s, loss timeout 3 s), whose leading node is lost
 * again and again: its agent and its etcd SIGKILLed, as a machine that goes
 * away. Each round measures, from the kill:
 *
 * - the first `leader.elected` line of another node;
 * - the first `katcall get nodes` answered through the administrator's
 *   katconfig (run in process, tried every 50 ms);
 * - the first `katcall apply examples/team-namespace` accepted (the same).
 *
 * Each round also tells whether the killed node's etcd was etcd's raft leader
 * (asked of it with `etcdctl endpoint status` before the kill): only then
 * does etcd elect a new raft leader, which extends every lease. The killed
 * node is then started again with its data directory, and the next round
 * waits until it reports. For information: the figure each is set
 * against is the lease TTL + 2 s, the time within which a new leader is
 * expected.
 *
 * @module
 */
import { quote } from "../src/diagnostics/quote.ts";
import { readKatconfig, writeKatconfig } from "../src/katconfig/mod.ts";
import { Agent, clusterKat, withAgents } from "../tests/agent/agent_process.ts";
import {
  type ClusterNode,
  katAgent,
  katcall,
} from "../tests/agent/cluster_helpers.ts";
import { freePort, sleep } from "../tests/state/etcd_fixture.ts";
import { BenchArgsError } from "./bench_args.ts";
import { median } from "./bench_timing.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** The agents' tick, in seconds: the leader's lease TTL is twice this. */
const TICK = 1;
/** The cluster's node loss timeout, in seconds. */
const LOSS = 3;
/** How long katcall waits between two tries, in ms. */
const POLL_MS = 50;
/** How long any one step may take before the benchmark gives up, in ms. */
const STEP_MS = 60_000;
/** The example applied in each round: a namespace, small and idempotent. */
const EXAMPLE = `${ROOT}examples/team-namespace`;

/**
 * The environment variable that sets how many rounds `deno task bench
 * failover` runs (a whole number from 1 to 100; 5 without it).
 *
 * @example
 * ```ts
 * import { ROUNDS_VARIABLE } from "./bench_failover.ts";
 * console.log(ROUNDS_VARIABLE); // "KAT_BENCH_FAILOVER_ROUNDS"
 * ```
 */
export const ROUNDS_VARIABLE = "KAT_BENCH_FAILOVER_ROUNDS";

/** One row of the benchmark table. */
export interface FailoverRow {
  name: string;
  measured: string;
  floor: string;
  ratio: number;
}

/** What one round measured, in ms from the kill. */
export interface FailoverRound {
  /** The node that led and was killed. */
  killed: string;
  /** Whether the killed node's etcd was etcd's raft leader too. */
  raftLeader: boolean;
  /** The node whose `leader.elected` line came first. */
  elected: string;
  /** To that `leader.elected` line. */
  electedMs: number;
  /** To the first `katcall get nodes` answered. */
  getMs: number;
  /** To the first `katcall apply` accepted. */
  applyMs: number;
}

/** How {@link failoverRows} runs. */
export interface FailoverOptions {
  /** How many times the leading node is killed. Default 5. */
  rounds?: number;
  /** Called after each round, with what it measured. Default: nothing. */
  onRound?: (round: FailoverRound, index: number) => void;
}

/**
 * The number of rounds `value` (of {@link ROUNDS_VARIABLE}) asks for: 5 when
 * it is unset or empty.
 *
 * @throws {BenchArgsError} when it is not a whole number from 1 to 100.
 *
 * @example
 * ```ts
 * import { failoverRounds } from "./bench_failover.ts";
 * console.log(failoverRounds(undefined)); // 5
 * console.log(failoverRounds("12")); // 12
 * ```
 */
export function failoverRounds(value: string | undefined): number {
  if (value === undefined || value === "") return 5;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 100) {
    throw new BenchArgsError(
      `${ROUNDS_VARIABLE}=${
        quote(value)
      } is not a number of rounds: use a whole number from 1 to 100`,
    );
  }
  return n;
}

/**
 * Whether the etcd member at `endpoint` is its raft leader, as `etcdctl
 * endpoint status` tells, with the certificates of the node in `dir`.
 */
async function raftLeader(endpoint: string, dir: string): Promise<boolean> {
  const out = await new Deno.Command("etcdctl", {
    args: [
      `--endpoints=${endpoint}`,
      `--cacert=${dir}/pki/ca.crt`,
      `--cert=${dir}/pki/node.crt`,
      `--key=${dir}/pki/node.key`,
      "--command-timeout=3s",
      "endpoint",
      "status",
      "-w",
      "json",
    ],
    env: { ETCDCTL_API: "3" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  // Member ids are 64-bit: compared as text, never as JSON numbers.
  const member = /"member_id":(\d+)/.exec(text)?.[1];
  const leader = /"leader":(\d+)/.exec(text)?.[1];
  if (!out.success || member === undefined || leader === undefined) {
    throw new Error(
      `etcdctl endpoint status ${endpoint} failed: ${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return member === leader;
}

/**
 * Runs katcall `args` every {@link POLL_MS} ms until it succeeds; gives
 * `performance.now()` when it did, and its output.
 */
async function firstSuccess(
  args: string[],
): Promise<{ at: number; out: string }> {
  const deadline = performance.now() + STEP_MS;
  while (true) {
    const r = await katcall(args);
    if (r.code === 0) return { at: performance.now(), out: r.out };
    if (performance.now() > deadline) {
      throw new Error(
        `katcall ${args.join(" ")} failed for ${STEP_MS} ms; last: ${r.err}`,
      );
    }
    await sleep(POLL_MS);
  }
}

/**
 * The failover rows, measured on a cluster of three members started in a
 * temporary directory and stopped after (every agent and etcd, however the
 * benchmark ends; the directory removed).
 *
 * @param options The number of rounds (default 5) and a report of each.
 * @returns Three rows: to a new leader, to katcall get nodes, to katcall
 * apply; median and max of the rounds, against the lease TTL + 2 s.
 *
 * @example
 * ```ts
 * import { failoverRows } from "./bench_failover.ts";
 * for (const row of await failoverRows({ rounds: 1 })) console.log(row.name);
 * ```
 */
export async function failoverRows(
  options: FailoverOptions = {},
): Promise<FailoverRow[]> {
  const rounds = options.rounds ?? 5;
  const measured: FailoverRound[] = [];
  let ttl = 2 * TICK;
  await withAgents(async (dir, agents) => {
    const apiPort = freePort();
    const clientPort = freePort();
    await Deno.writeTextFile(
      `${dir}/cluster.kat`,
      clusterKat({
        apiPort,
        clientPort,
        agentTickSeconds: TICK,
        nodeLossTimeoutSeconds: LOSS,
      }),
    );
    const katconfig = `${dir}/node-1/admin.katconfig`;
    const k = ["--katconfig", katconfig];
    const start = (n: Omit<ClusterNode, "agent">): ClusterNode => {
      const agent = Agent.start(n.args, { command: n.command });
      agents.push(agent);
      return { ...n, agent };
    };
    const address = (i: number) => `127.0.0.${i}`;
    const first = start({
      name: "node-1",
      address: address(1),
      dir: `${dir}/node-1`,
      command: "init",
      args: [
        "--config",
        `${dir}/cluster.kat`,
        "--data-dir",
        `${dir}/node-1`,
        "--node-name",
        "node-1",
        "--advertise-address",
        address(1),
      ],
    });
    await first.agent.waitFor("admin.katconfig-written", { ms: STEP_MS });
    const created = await katAgent(["token", "create", ...k]);
    if (created.code !== 0) {
      throw new Error(`kat-agent token create failed: ${created.err}`);
    }
    const [, leaderUrl, token, hash] =
      /^kat-agent join --leader (\S+) --token (\S+) --ca-cert-hash (\S+)\n$/
        .exec(created.out)!;
    const joining = (i: number): ClusterNode =>
      start({
        name: `node-${i}`,
        address: address(i),
        dir: `${dir}/node-${i}`,
        command: "join",
        args: [
          "--leader",
          leaderUrl,
          "--token",
          token,
          "--ca-cert-hash",
          hash,
          "--node-name",
          `node-${i}`,
          "--data-dir",
          `${dir}/node-${i}`,
          "--advertise-address",
          address(i),
        ],
      });
    const members = [first];
    for (const i of [2, 3]) {
      const n = joining(i);
      await n.agent.waitFor("node.reporting", { ms: STEP_MS });
      members.push(n);
    }

    // katcall works, and its katconfig names every member's API.
    await firstSuccess(["get", "nodes", ...k]);
    const servers = [1, 2, 3].map((i) => `https://${address(i)}:${apiPort}`);
    const config = await readKatconfig(katconfig);
    if (servers.some((s) => !config.servers.includes(s))) {
      await writeKatconfig(katconfig, {
        ...config,
        servers: [...new Set([...config.servers, ...servers])],
      });
    }
    // The namespace exists before the first round: each round's apply is
    // the same request.
    await firstSuccess(["apply", ...k, EXAMPLE]);

    const leaderName = async () => {
      const deadline = performance.now() + STEP_MS;
      while (true) {
        const { out } = await firstSuccess(["get", "nodes", ...k]);
        const row = out.split("\n").find((l) => /\sleader\s/.test(l));
        if (row) return row.split(/\s+/)[0];
        if (performance.now() > deadline) {
          throw new Error(`katcall get nodes names no leader:\n${out}`);
        }
        await sleep(100);
      }
    };

    for (let round = 0; round < rounds; round++) {
      const leading = await leaderName();
      const victim = members.find((m) => m.name === leading);
      if (!victim) throw new Error(`${leading} leads, not a member`);
      const others = members.filter((m) => m !== victim);
      const marks = others.map((m) => m.agent.lines.length);
      const raft = await raftLeader(
        `https://${victim.address}:${clientPort}`,
        victim.dir,
      );
      const etcdPid = Number(
        (await Deno.readTextFile(`${victim.dir}/etcd.pid`)).trim(),
      );
      const t0 = performance.now();
      victim.agent.signal("SIGKILL");
      Deno.kill(etcdPid, "SIGKILL");
      const [elected, got, applied] = await Promise.all([
        Promise.any(
          others.map((m, i) =>
            m.agent.waitFor("leader.elected", { from: marks[i], ms: STEP_MS })
          ),
        ).catch((e: AggregateError) => {
          throw new Error(
            `no other node logged leader.elected:\n${
              e.errors.map((x) => (x as Error).message).join("\n")
            }`,
          );
        }),
        firstSuccess(["get", "nodes", ...k]),
        firstSuccess(["apply", ...k, EXAMPLE]),
      ]);
      await victim.agent.exit();
      if (typeof elected.leaseTtl === "number") ttl = elected.leaseTtl;
      const result: FailoverRound = {
        killed: victim.name,
        raftLeader: raft,
        elected: String(elected.node),
        electedMs: elected.at - t0,
        getMs: got.at - t0,
        applyMs: applied.at - t0,
      };
      measured.push(result);
      options.onRound?.(result, round);
      if (round + 1 < rounds) {
        // Back with its data directory, reporting before the next round.
        const again = start(victim);
        members.splice(members.indexOf(victim), 1, again);
        await again.agent.waitFor("node.reporting", { ms: STEP_MS });
      }
    }
  });

  const bound = (ttl + 2) * 1000;
  const row = (what: string, ms: number[]): FailoverRow => ({
    name:
      `kill -9 of the leading node of three etcd members (agent and etcd), to ${what} (${rounds} rounds; ratio: the slowest against the lease TTL + 2 s)`,
    measured: `median ${median(ms).toFixed(0)} ms, max ${
      Math.max(...ms).toFixed(0)
    } ms`,
    floor: `lease TTL ${ttl} s; TTL + 2 s = ${bound} ms`,
    ratio: Math.max(...ms) / bound,
  });
  return [
    row(
      "another node's leader.elected",
      measured.map((r) => r.electedMs),
    ),
    row(
      `the first katcall get nodes answered through the katconfig (in process, tried every ${POLL_MS} ms)`,
      measured.map((r) => r.getMs),
    ),
    row(
      "the first katcall apply examples/team-namespace accepted (the same)",
      measured.map((r) => r.applyMs),
    ),
  ];
}
