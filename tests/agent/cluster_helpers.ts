/**
 * What the cluster tests (and the failover benchmark) share: the tools run
 * in process or as commands, a node as the tests see it, and how a node is
 * lost as a machine is.
 *
 * @module
 */
import { memoryIo } from "../../src/cli/io.ts";
import { runKatAgent } from "../../src/cli/kat_agent.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import type { Agent } from "./agent_process.ts";

/** What a command printed, and its exit code. */
export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs command `cmd` (etcdctl, openssl, curl, bash…), in `cwd` if given. */
export async function run(
  cmd: string,
  args: string[],
  cwd?: string,
): Promise<Ran> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { ETCDCTL_API: "3" },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, out: text(out.stdout), err: text(out.stderr) };
}

/** `kat-agent ARGS` in process. */
export async function katAgent(args: string[]): Promise<Ran> {
  const io = memoryIo();
  const code = await runKatAgent(args, io);
  return { code, out: io.outText(), err: io.errText() };
}

/** `katcall ARGS` in process. */
export async function katcall(args: string[]): Promise<Ran> {
  const io = memoryIo();
  const code = await runKatcall(args, io);
  return { code, out: io.outText(), err: io.errText() };
}

/** A node as `katcall get nodes -o json` shows it. */
export interface NodeView {
  metadata: { name: string; uid: string; creationTimestamp: string };
  spec: { overlaySubnet: string; advertiseAddress: string };
  status?: {
    conditions?: { type: string; status: string }[];
    lastHeartbeatTime?: string;
    capacity?: { cpu?: string; memory?: string };
  };
}

/** The status of a node's `Ready` condition, or "" without one. */
export function ready(node: NodeView | undefined): string {
  return node?.status?.conditions?.find((c) => c.type === "Ready")?.status ??
    "";
}

/** One node of a cluster: how to start it again, and its agent now. */
export interface ClusterNode {
  name: string;
  address: string;
  /** Its data directory. */
  dir: string;
  args: string[];
  command: "init" | "join";
  agent: Agent;
}

/**
 * SIGKILL of a node as a machine is lost: its agent and its etcd (from
 * `<dir>/etcd.pid`); resolves once the agent has exited.
 */
export async function killNode(n: ClusterNode): Promise<void> {
  const etcdPid = Number((await Deno.readTextFile(`${n.dir}/etcd.pid`)).trim());
  n.agent.signal("SIGKILL");
  Deno.kill(etcdPid, "SIGKILL");
  await n.agent.exit();
}

/**
 * The lines `openssl x509 -ext EXT` prints of the certificate at `path`,
 * without their headings: e.g. the extended key usage, then the names.
 */
export async function certificateLines(
  path: string,
  ext = "extendedKeyUsage,subjectAltName",
): Promise<string[]> {
  const r = await run("openssl", ["x509", "-in", path, "-noout", "-ext", ext]);
  return r.out.split("\n").map((l) => l.trim()).filter((l) =>
    l && !l.startsWith("X509v3")
  );
}

/**
 * The HTTP status (`000`: the TLS handshake was refused) of etcd's peer
 * endpoint `/members` at `url` for the node whose data directory is
 * `nodeDir`, trusting the CA in `caDir`.
 */
export async function peerStatus(
  url: string,
  caDir: string,
  nodeDir: string,
): Promise<string> {
  return (await run("curl", [
    "-s",
    "--http1.1",
    "-o",
    "/dev/null",
    "-w",
    "%{http_code}",
    "--cacert",
    `${caDir}/pki/ca.crt`,
    "--cert",
    `${nodeDir}/pki/node.crt`,
    "--key",
    `${nodeDir}/pki/node.key`,
    `${url}/members`,
  ])).out;
}
