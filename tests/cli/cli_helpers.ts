/**
 * Helpers of the command-line tests: running `katcall` in-process or as the
 * process a user starts, and building trees of quadlets in temporary
 * directories.
 *
 * @module
 */
import { memoryIo } from "../../src/cli/io.ts";
import { type KatcallOptions, runKatcall } from "../../src/cli/katcall.ts";
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import { lines, REPO, tempDir } from "../helpers.ts";

/** What a run of a tool printed and returned. */
export interface Run {
  code: number;
  out: string;
  err: string;
  bytes: Uint8Array;
}

/** Runs `katcall ARGS` in-process with captured output. */
export async function katcall(
  args: string[],
  options: {
    stdin?: Uint8Array | string;
    env?: Record<string, string>;
    terminal?: boolean;
    /** Options of the tool itself (the clock of `get`, the timeout). */
    tool?: KatcallOptions;
  } = {},
): Promise<Run> {
  const stdin = typeof options.stdin === "string"
    ? new TextEncoder().encode(options.stdin)
    : options.stdin;
  const io = memoryIo({ stdin, env: options.env, terminal: options.terminal });
  const code = await runKatcall(args, io, options.tool);
  return { code, out: io.outText(), err: io.errText(), bytes: io.out() };
}

/**
 * Runs `katcall ARGS` as a process, from the entry module `deno install`
 * installs, with the permissions the tools are given; `shell` redirections
 * (`> /dev/full`) go after the arguments.
 */
export async function katcallProcess(
  args: string[],
  options: {
    redirect?: string;
    stdin?: string;
    cwd?: string;
    /** Seconds after which `timeout` ends the tool (exit code 124). */
    timeout?: number;
  } = {},
): Promise<{ code: number; out: string; err: string }> {
  const quoted = [
    ...(options.timeout ? ["timeout", String(options.timeout)] : []),
    Deno.execPath(),
    "run",
    "--quiet",
    ...PERMISSIONS.katcall,
    `${REPO}src/cli/katcall_main.ts`,
    ...args,
  ].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  const out = await new Deno.Command("bash", {
    args: ["-c", `${quoted} ${options.redirect ?? ""}`],
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (options.stdin !== undefined) {
    const w = out.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const done = await out.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: done.code, out: text(done.stdout), err: text(done.stderr) };
}

/**
 * A temporary directory holding `files` (paths relative to it; parent
 * directories are made); resolves to its path.
 */
export async function tree(
  files: Record<string, string | Uint8Array>,
): Promise<string> {
  const root = await tempDir("tree");
  for (const [name, content] of Object.entries(files)) {
    const path = `${root}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
  return root;
}

/** A valid Workload named `name`, in `namespace` if given. */
export function workload(name: string, extra: string[] = []): string {
  return lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: Workload",
    `metadata: {name: ${name}}`,
    "spec:",
    "  type: SERVICE",
    "  source: {image: nginx}",
    "  container: {}",
    ...extra,
  );
}

/** A valid VirtualLoadBalancer named `name`. */
export function loadBalancer(name: string): string {
  return lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: VirtualLoadBalancer",
    `metadata: {name: ${name}}`,
    "spec: {ports: [{name: http, containerPort: 80}]}",
  );
}

/** A valid ClusterConfiguration named `name`. */
export function clusterConfig(name: string): string {
  return lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    `metadata: {name: ${name}}`,
    "spec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}",
  );
}

/** A Workload with one unused volume: valid, with one warning. */
export function warnedWorkload(name: string): string {
  return workload(name, [
    "  volumes: [{name: spare, simpleClusterStorage: {}}]",
  ]);
}
