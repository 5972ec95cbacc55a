/**
 * The benchmark suite: each measurement is set against a floor measured in the
 * same run on the same machine, so the ratios mean something on shared,
 * noisy machines where absolute times do not. Prints a table; with `--write`,
 * also writes it to docs/benchmarks.md. Not part of the tests.
 *
 * Run with `deno task bench` (about three minutes on 2 cores), `deno task bench
 * --write` to update docs/benchmarks.md, or `deno task bench NAME...` for
 * some benchmarks only (see scripts/bench_args.ts). `failover` kills the
 * leading node 5 times; `KAT_BENCH_FAILOVER_ROUNDS=N` sets another number
 * (see scripts/bench_failover.ts). `trees` sets `KAT_VALIDATE_WORKERS` for
 * its own runs of `katcall validate` (one worker against two); it is not a
 * setting of the bench.
 *
 * @module
 */
import { parseEvents } from "js-yaml";
import { packTar } from "modern-tar";
import { parseManifest } from "../src/manifest/parse_manifest.ts";
import { untarQuadlets } from "../src/archive/mod.ts";
import { PERMISSIONS } from "../src/cli/permissions.ts";
import { WORKERS_VARIABLE } from "../src/cli/parallel.ts";
import { buildBundles, bundleArgs, runtimeFlags } from "./compile.ts";
import { BenchArgsError, parseBenchArgs } from "./bench_args.ts";
import { applyRows } from "./bench_apply.ts";
import {
  failoverRounds,
  failoverRows,
  ROUNDS_VARIABLE,
} from "./bench_failover.ts";
import { alternate, median } from "./bench_timing.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const WORKLOAD = await Deno.readTextFile(
  `${ROOT}examples/web-service/workload.kat`,
);
const VLB = await Deno.readTextFile(
  `${ROOT}examples/web-service/VirtualLoadBalancer.kat`,
);

interface Row {
  name: string;
  measured: string;
  floor: string;
  ratio: number;
  /** The most the ratio may be; rows without one are for information. */
  goal?: number;
}

/** "met", "missed", or "info" for a row without a goal. */
function verdict(row: Row): string {
  if (row.goal === undefined) return "info";
  return row.ratio <= row.goal ? "met" : "missed";
}

/**
 * 1. In-process validation of single files against `js-yaml`'s event parser
 * alone on the same text: at most 1.5x, so that scanning, decoding, formats,
 * defaults and rules together cost at most half again what parsing alone
 * does. (Plainly written files are scanned by our own scanner, which gives
 * the same events; the floor stays `js-yaml`.)
 */
async function validation(): Promise<Row> {
  const files: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const base = i % 2 === 0 ? WORKLOAD : VLB;
    files.push(
      base.replaceAll("name: web", `name: web-${i}`).replace(
        "replicas: 3",
        `replicas: ${i % 7}`,
      ),
    );
  }
  const bytes = files.reduce((n, f) => n + f.length, 0);
  let invalid = 0;
  // A round of each to warm up, then rounds in turn: both sides see the
  // same moments of a shared machine.
  const [ours, floor] = await alternate(
    7,
    () => {
      for (const f of files) if (!parseManifest(f).valid) invalid++;
    },
    () => {
      for (const f of files) parseEvents(f, { maxDepth: 65 });
    },
  );
  if (invalid) throw new Error(`${invalid} generated files are invalid`);
  return {
    name: `validate 10,000 .kat files (${
      (bytes / 1e6).toFixed(1)
    } MB) in process vs js-yaml's event parser alone on the same text`,
    measured: `${ours.toFixed(0)} ms`,
    floor: `${floor.toFixed(0)} ms`,
    ratio: ours / floor,
    goal: 1.5,
  };
}

/** Writes `entries` as a tar.gz at `path`; returns the tar's size. */
async function writeTarGz(
  path: string,
  entries: {
    header: { name: string; size: number; type: "file" };
    body: Uint8Array;
  }[],
): Promise<number> {
  const tar = await packTar(entries);
  const gz = await new Response(
    new Blob([tar]).stream().pipeThrough(
      new CompressionStream("gzip") as unknown as TransformStream<
        Uint8Array,
        Uint8Array
      >,
    ),
  ).arrayBuffer();
  await Deno.writeFile(path, new Uint8Array(gz));
  return tar.length;
}

/** A ~200 MB tar.gz of 2,000 files of 100 kB. */
async function bigArchive(
  path: string,
): Promise<{ files: number; bytes: number }> {
  const line =
    "    - name: http-port\n      containerPort: 8080 # a realistic manifest line\n";
  const body = new TextEncoder().encode(
    line.repeat(Math.ceil(100_000 / line.length)).slice(0, 100_000),
  );
  const count = 2_000;
  const entries = Array.from({ length: count }, (_, i) => {
    const b = body.slice();
    new DataView(b.buffer).setUint32(0, i);
    return {
      header: { name: `f${i}.kat`, size: b.length, type: "file" as const },
      body: b,
    };
  });
  return { files: count, bytes: await writeTarGz(path, entries) };
}

/**
 * A tar.gz of 100,000 real-sized Workload manifests (about 1 kB each), each
 * with its own names, digests, tokens and numbers, so that gzip cannot make
 * them trivially small.
 */
async function manyArchive(
  path: string,
): Promise<{ files: number; bytes: number }> {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const hex = (n: number) =>
    Array.from({ length: n }, () => "0123456789abcdef"[(random() * 16) | 0])
      .join("");
  const words = [
    "web",
    "api",
    "cache",
    "db",
    "queue",
    "worker",
    "auth",
    "search",
    "mail",
    "static",
    "proxy",
    "metrics",
    "log",
    "batch",
    "edge",
  ];
  const w = () => words[(random() * words.length) | 0];
  const int = (n: number) => (random() * n) | 0;
  const manifest = (i: number) => {
    const name = `${w()}-${w()}-${i}`;
    return [
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Workload",
      "metadata:",
      `  name: ${name}`,
      `  namespace: ${w()}`,
      "  labels:",
      `    app.kubernetes.io/name: ${name}`,
      `    tier: ${w()}`,
      `    build: "${hex(12)}"`,
      "  annotations:",
      `    owner: "team ${w()} <${w()}@example.com>"`,
      `    commit: "${hex(40)}"`,
      "spec:",
      "  type: SERVICE",
      "  source:",
      `    image: ghcr.io/${w()}/${w()}:${int(20)}.${int(50)}.${
        int(100)
      }@sha256:${hex(64)}`,
      `  replicas: ${int(10)}`,
      "  updateStrategy:",
      "    type: Rolling",
      `    maxSurge: ${int(100) + 1}%`,
      "  container:",
      `    name: ${w()}`,
      `    command: [${w()}]`,
      `    args: ["--port", "${1000 + int(60000)}", "--token", "${hex(32)}"]`,
      "    env:",
      `      - name: ${w().toUpperCase()}_URL`,
      `        value: "https://${w()}.${w()}.example.com:${int(65535)}/${
        hex(8)
      }"`,
      `      - name: SECRET_${w().toUpperCase()}`,
      `        value: "${hex(48)}"`,
      "    resources:",
      "      requests:",
      `        cpu: ${int(900) + 100}m`,
      `        memory: ${int(900) + 64}Mi`,
      "      limits:",
      `        cpu: ${int(4) + 1}`,
      `        memory: ${int(4) + 1}Gi`,
      "  volumes:",
      `    - name: ${w()}`,
      "      simpleClusterStorage: {}",
      "",
    ].join("\n");
  };
  const count = 100_000;
  const encoder = new TextEncoder();
  const entries = Array.from({ length: count }, (_, i) => {
    const body = encoder.encode(manifest(i));
    return {
      header: { name: `f${i}.kat`, size: body.length, type: "file" as const },
      body,
    };
  });
  return { files: count, bytes: await writeTarGz(path, entries) };
}

/**
 * 2a. Reading an archive against GNU tar: `untarQuadlets` (limits raised to
 * fit) and `tar -xzf - -O > /dev/null` on the same file, in turn.
 */
async function archive(
  dir: string,
  kind: "big" | "many",
): Promise<Row> {
  const path = `${dir}/${kind}.tar.gz`;
  const { files, bytes } = await (kind === "big" ? bigArchive : manyArchive)(
    path,
  );
  const limits = {
    maxEntries: files,
    maxFileBytes: 1 << 20,
    maxTotalBytes: 512 << 20,
  };
  const [ours, floor] = await alternate(
    5,
    async () => {
      const map = await untarQuadlets((await Deno.open(path)).readable, limits);
      if (map.size !== files) throw new Error("wrong file count");
    },
    async () => {
      const out = await new Deno.Command("sh", {
        args: ["-c", `tar -xzf - -O < '${path}' > /dev/null`],
      }).output();
      if (!out.success) throw new Error("tar failed");
    },
  );
  const compressed = (await Deno.stat(path)).size;
  return {
    name: `untarQuadlets of ${files.toLocaleString("en")} files, ${
      (bytes / 1e6).toFixed(0)
    } MB (${
      (compressed / 1e6).toFixed(0)
    } MB compressed) vs tar -xzf - -O > /dev/null`,
    measured: `${ours.toFixed(0)} ms`,
    floor: `${floor.toFixed(0)} ms`,
    ratio: ours / floor,
    goal: 1.0,
  };
}

/** 2b. Peak memory while rejecting a 1 GiB gzip bomb under default limits. */
async function bomb(): Promise<Row> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}tests/archive/bomb_probe.ts`, "zeros"],
    cwd: ROOT,
  }).output();
  const r = JSON.parse(new TextDecoder().decode(out.stdout).trim());
  const mib = r.peakAboveIdle / (1 << 20);
  return {
    name: `reject a 1 GiB gzip bomb (${
      (r.compressedBytes / 1e6).toFixed(1)
    } MB compressed): peak memory above idle`,
    measured: `${mib.toFixed(1)} MiB in ${r.ms} ms`,
    floor: "32 MiB budget",
    ratio: mib / 32,
    goal: 1.0,
  };
}

/** Runs a Deno command line and fails loudly if it does not succeed. */
function denoRun(args: string[]): () => Promise<void> {
  return run(Deno.execPath(), args);
}

/** The bundles the binaries embed and the yaml-only program, built once. */
let built: Promise<{ bundle: string; yamlOnly: string }> | undefined;
function bundles(dir: string): Promise<{ bundle: string; yamlOnly: string }> {
  built ??= (async () => {
    const bundle = `${dir}/bundle`;
    await buildBundles(new URL("../", import.meta.url), bundle);
    const yamlOnly = `${dir}/yaml_only`;
    await denoRun(bundleArgs(yamlOnly, "bench/yaml_only.ts"))();
    return { bundle, yamlOnly };
  })();
  return built;
}

/**
 * Writes quadlets `from` to `to` (exclusive), two files each (the web-service
 * example, renamed), under `root`, with extension `ext`.
 */
async function writeTree(root: string, from: number, to: number, ext: string) {
  for (let i = from; i < to; i++) {
    const dir = `${root}/q${String(i).padStart(5, "0")}`;
    await Deno.mkdir(dir, { recursive: true });
    const name = (text: string) =>
      text.replaceAll("name: web", `name: web-${i}`).replace(
        "replicas: 3",
        `replicas: ${i % 7}`,
      );
    await Deno.writeTextFile(`${dir}/workload.${ext}`, name(WORKLOAD));
    await Deno.writeTextFile(`${dir}/VirtualLoadBalancer.${ext}`, name(VLB));
  }
}

/**
 * Writes the same files as {@link writeTree} (quadlets `from` to `to`) into
 * the one directory `root`, each name prefixed with its quadlet's:
 * `q00000-workload.yaml`.
 */
async function writeFlat(root: string, from: number, to: number, ext: string) {
  await Deno.mkdir(root, { recursive: true });
  for (let i = from; i < to; i++) {
    const q = `${root}/q${String(i).padStart(5, "0")}`;
    const name = (text: string) =>
      text.replaceAll("name: web", `name: web-${i}`).replace(
        "replicas: 3",
        `replicas: ${i % 7}`,
      );
    await Deno.writeTextFile(`${q}-workload.${ext}`, name(WORKLOAD));
    await Deno.writeTextFile(`${q}-VirtualLoadBalancer.${ext}`, name(VLB));
  }
}

/**
 * ajv-cli 5 as its users run it: from PATH, or else installed with npm into
 * `dir`. Undefined when neither works.
 */
async function findAjv(dir: string): Promise<string | undefined> {
  const works = async (cmd: string) => {
    try {
      return (await new Deno.Command(cmd, {
        args: ["help"],
        stdout: "null",
        stderr: "null",
      })
        .output()).success;
    } catch {
      return false;
    }
  };
  if (await works("ajv")) return "ajv";
  try {
    const out = await new Deno.Command("npm", {
      args: ["install", "--prefix", `${dir}/ajv`, "--silent", "ajv-cli@5"],
      stdout: "null",
      stderr: "null",
    }).output();
    const bin = `${dir}/ajv/node_modules/.bin/ajv`;
    return out.success && await works(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a command line and fails loudly if it does not succeed. */
function run(cmd: string, args: string[]): () => Promise<void> {
  return async () => {
    const out = await new Deno.Command(cmd, {
      args,
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `failed: ${cmd} ${args.join(" ")}\n${
          new TextDecoder().decode(out.stderr).slice(0, 2000)
        }`,
      );
    }
  };
}

/**
 * Peak resident memory of a command (all its threads), as the kernel counts
 * it for a finished child (`ru_maxrss`), asked of Python, which can; undefined
 * without Python 3.
 */
async function peakMemory(
  cmd: string,
  args: string[],
): Promise<number | undefined> {
  const probe = "import resource, subprocess, sys\n" +
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n" +
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("python3", {
      args: ["-c", probe, cmd, ...args],
      cwd: ROOT,
      stdout: "piped",
      stderr: "null",
    }).output();
  } catch {
    return undefined;
  }
  const [code, kib] = new TextDecoder().decode(out.stdout).trim().split(" ")
    .map(Number);
  if (!out.success || code !== 0) {
    throw new Error(`failed: ${cmd} ${args.join(" ")}`);
  }
  return kib * 1024;
}

/**
 * 3. `katcall validate` of a tree of 10,000 files, as compiled, against the
 * peer a user could use instead: ajv-cli validating the same bytes (as
 * `.yaml`) against `katcall schema`, at its fastest setting that accepts the
 * schema, in two layouts of its input, in the same run: the same tree of
 * directories (`**\/*.yaml`), and one flat directory of the same files
 * (`*.yaml`), which ajv-cli globs faster. `katcall` is given the tree in both
 * rows: a directory is one quadlet, so the flat directory would be a single
 * quadlet of 5,000 Workloads, refused with 14,997 errors by the rules between
 * files, not the 5,000 valid quadlets ajv-cli's files stand for.
 * For information: a program that only parses them with the YAML
 * parser, on one thread, bundled and run the same way. Then how checking
 * scales from one worker to two (the same tree, the worker count forced with
 * `KAT_VALIDATE_WORKERS`, an internal knob that only a process granted
 * `--allow-env=KAT_VALIDATE_WORKERS` reads; the binaries are not), with the
 * most the cores allow (one worker's time against the two workers' CPU
 * shared by the cores), and the peak memory of `katcall validate` at ten
 * times the files.
 */
async function trees(dir: string): Promise<Row[]> {
  const { bundle, yamlOnly } = await bundles(dir);
  const asCompiled = ["run", "--no-config", ...runtimeFlags("katcall")];
  const katcall = (...paths: string[]) => [
    ...asCompiled,
    `${bundle}/main.js`,
    "katcall",
    "validate",
    "--quiet",
    ...paths,
  ];
  // One tree of 40,000 files in three parts: 4,000 files, 10,000 with the
  // second, 40,000 with the third.
  const trees = `${dir}/trees`;
  const parts = [`${trees}/a`, `${trees}/b`, `${trees}/c`];
  await writeTree(parts[0], 0, 2_000, "kat");
  await writeTree(parts[1], 2_000, 5_000, "kat");
  await writeTree(parts[2], 5_000, 20_000, "kat");
  const yaml = `${dir}/yaml`;
  await writeTree(yaml, 0, 5_000, "yaml");
  const flat = `${dir}/flat`;
  await writeFlat(flat, 0, 5_000, "yaml");
  const schema = await new Deno.Command(Deno.execPath(), {
    args: [...asCompiled, `${bundle}/main.js`, "katcall", "schema"],
    cwd: ROOT,
    stdout: "piped",
  }).output();
  await Deno.writeFile(`${dir}/schema.json`, schema.stdout);
  const rows: Row[] = [];
  const ajv = await findAjv(dir);
  const ajvArgs = (glob: string) => [
    "validate",
    "--spec=draft2020",
    "--strict=false",
    "-s",
    `${dir}/schema.json`,
    "-d",
    glob,
  ];
  const ms = (t: number) => `${(t / 1000).toFixed(2)} s`;
  if (ajv) {
    const [ours, peer, flatPeer, parser] = await alternate(
      5,
      denoRun(katcall(parts[0], parts[1])),
      run(ajv, ajvArgs(`${yaml}/**/*.yaml`)),
      run(ajv, ajvArgs(`${flat}/*.yaml`)),
      denoRun([
        ...asCompiled,
        `${yamlOnly}/yaml_only.js`,
        parts[0],
        parts[1],
      ]),
    );
    rows.push({
      name:
        "katcall validate of 10,000 .kat files (5,000 quadlets) as compiled vs ajv-cli 5 validating the same bytes, in the same tree (**/*.yaml), against katcall schema (--spec=draft2020 --strict=false)",
      measured: ms(ours),
      floor: ms(peer),
      ratio: ours / peer,
      goal: 0.6,
    }, {
      name:
        "the same katcall validate vs ajv-cli 5 on the same bytes in one flat directory (*.yaml; katcall keeps its tree: a directory is one quadlet)",
      measured: ms(ours),
      floor: ms(flatPeer),
      ratio: ours / flatPeer,
      goal: 0.6,
    }, {
      name:
        "the same katcall validate vs only reading and parsing the files with js-yaml, on one thread, bundled and run the same way",
      measured: ms(ours),
      floor: ms(parser),
      ratio: ours / parser,
    });
  } else {
    console.error("ajv-cli not found and could not be installed: row skipped");
  }
  // The worker count forced, as only a process granted its variable reads.
  const withWorkers = (workers: number) => {
    const args = katcall(parts[0], parts[1]).map((a) =>
      a.startsWith("--allow-env=") ? `${a},${WORKERS_VARIABLE}` : a
    );
    // The CPU time of all its threads, from Python's rusage, beside the
    // wall time that `alternate` takes: on a shared machine the wall time
    // depends on what else runs, the CPU time much less.
    const cpu: number[] = [];
    const probe = "import resource, subprocess, sys\n" +
      "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n" +
      "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n" +
      "print(r.returncode, u.ru_utime + u.ru_stime)";
    const step = async () => {
      const out = await new Deno.Command("python3", {
        args: ["-c", probe, Deno.execPath(), ...args],
        cwd: ROOT,
        env: { [WORKERS_VARIABLE]: String(workers) },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const [code, seconds] = new TextDecoder().decode(out.stdout).trim()
        .split(" ").map(Number);
      if (!out.success || code !== 0) {
        throw new Error(
          `failed with ${workers} workers: ${
            new TextDecoder().decode(out.stderr).slice(0, 2000)
          }`,
        );
      }
      cpu.push(seconds * 1000);
    };
    return { step, cpu };
  };
  const [w1, w2] = [withWorkers(1), withWorkers(2)];
  const [one, two] = await alternate(5, w1.step, w2.step);
  // What the cores allow: the CPU two workers' run spends, on every thread,
  // cannot take less wall time than that CPU shared by the cores, and one
  // worker's time against that is the most the speed-up can be here.
  const cores = navigator.hardwareConcurrency;
  const shared = median(w2.cpu) / cores;
  rows.push({
    name:
      `katcall validate of the same 10,000 files as compiled with two workers vs one (${WORKERS_VARIABLE}; ${cores} cores): goal a speed-up of at least 1.7x`,
    measured: `${ms(two)}, CPU ${ms(median(w2.cpu))} (speed-up ${
      (one / two).toFixed(2)
    }x; at most ${
      (one / shared).toFixed(2)
    }x on ${cores} cores, where that CPU takes at least ${ms(shared)})`,
    floor: `${ms(one)}, CPU ${ms(median(w1.cpu))}`,
    ratio: two / one,
    goal: 0.59,
  });
  const peaks = async (path: string) => {
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await peakMemory(Deno.execPath(), katcall(path));
      if (p === undefined) return undefined;
      xs.push(p);
    }
    return median(xs);
  };
  const [few, many] = [await peaks(parts[0]), await peaks(trees)];
  if (few !== undefined && many !== undefined) {
    const mb = (b: number) => `${(b / (1 << 20)).toFixed(0)} MiB`;
    rows.push({
      name:
        "peak memory of katcall validate (as compiled) of 40,000 .kat files vs 4,000",
      measured: mb(many),
      floor: mb(few),
      ratio: many / few,
      goal: 1.5,
    });
  }
  return rows;
}

/**
 * 4. Start-up of `katcall validate` against an empty Deno script: the code the
 * binaries embed (the bundle `deno task compile` builds), run by the same
 * runtime with the binaries' V8 flags. For information, also: a program that
 * only parses the same files with `js-yaml` (bundled and run the same way), the
 * floor the parser sets; and `katcall` run from source (`deno task katcall`).
 */
async function startup(dir: string): Promise<Row[]> {
  const empty = `${dir}/empty.ts`;
  await Deno.writeTextFile(empty, "");
  const { bundle, yamlOnly } = await bundles(dir);
  const quadlet = "examples/web-service";
  const asCompiled = ["run", "--no-config", ...runtimeFlags("katcall")];
  const floor = denoRun(["run", "--no-config", empty]);
  const [binary, parser, base] = await alternate(
    21,
    denoRun([
      ...asCompiled,
      `${bundle}/main.js`,
      "katcall",
      "validate",
      quadlet,
    ]),
    denoRun([...asCompiled, `${yamlOnly}/yaml_only.js`, quadlet]),
    floor,
  );
  const [source, base2] = await alternate(
    11,
    denoRun([
      "run",
      ...PERMISSIONS.katcall,
      "main.ts",
      "katcall",
      "validate",
      quadlet,
    ]),
    floor,
  );
  const ms = (t: number) => `${t.toFixed(0)} ms`;
  return [{
    name:
      `katcall validate ${quadlet}, as compiled (the bundle the binaries embed, their V8 flags) vs deno run of an empty script`,
    measured: ms(binary),
    floor: ms(base),
    ratio: binary / base,
    goal: 2.0,
  }, {
    name:
      `only parsing the same files with js-yaml, bundled and run the same way, vs deno run of an empty script`,
    measured: ms(parser),
    floor: ms(base),
    ratio: parser / base,
  }, {
    name:
      `katcall validate ${quadlet} as compiled vs only parsing with js-yaml`,
    measured: ms(binary),
    floor: ms(parser),
    ratio: binary / parser,
  }, {
    name:
      `katcall validate ${quadlet} from source (deno task katcall: main.ts, npm packages resolved by Deno) vs deno run of an empty script`,
    measured: ms(source),
    floor: ms(base2),
    ratio: source / base2,
  }];
}

const benches: Record<string, (dir: string) => Promise<Row | Row[]>> = {
  validation: () => validation(),
  "archive-big": (dir) => archive(dir, "big"),
  "archive-many": (dir) => archive(dir, "many"),
  bomb: () => bomb(),
  trees: (dir) => trees(dir),
  startup: (dir) => startup(dir),
  apply: (dir) => applyRows(dir),
  failover: () =>
    failoverRows({
      rounds,
      onRound: (r, i) =>
        console.log(
          `       round ${i + 1}: ${r.killed} killed (${
            r.raftLeader ? "etcd's raft leader too" : "not etcd's raft leader"
          }); ${r.elected} elected after ${
            r.electedMs.toFixed(0)
          } ms, get nodes ${r.getMs.toFixed(0)} ms, apply ${
            r.applyMs.toFixed(0)
          } ms`,
        ),
    }),
};
let chosen: string[];
let write: boolean;
let rounds: number;
try {
  ({ names: chosen, write } = parseBenchArgs(Deno.args, Object.keys(benches)));
  rounds = failoverRounds(Deno.env.get(ROUNDS_VARIABLE));
} catch (e) {
  if (!(e instanceof BenchArgsError)) throw e;
  console.error(`bench: ${e.message}`);
  Deno.exit(2);
}
const dir = await Deno.makeTempDir({ prefix: "kat-bench-" });
const started = performance.now();
const rows: Row[] = [];
try {
  for (const name of chosen) {
    for (const row of [await benches[name](dir)].flat()) {
      rows.push(row);
      console.log(
        `${verdict(row).padEnd(6)} ${row.ratio.toFixed(2)}x (${
          row.goal === undefined ? "no goal" : `goal ${row.goal}x`
        })  ${row.name}: ${row.measured} vs ${row.floor}`,
      );
    }
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
const total = (performance.now() - started) / 1000;

const table = [
  "| benchmark | measured | floor | ratio | goal | |",
  "| --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) =>
    `| ${r.name} | ${r.measured} | ${r.floor} | ${r.ratio.toFixed(2)}x | ${
      r.goal === undefined ? "—" : `${r.goal}x`
    } | ${verdict(r)} |`
  ),
].join("\n");
const doc = `# Benchmarks

Written by \`deno task bench --write\` (${
  new Date().toISOString().slice(0, 10)
}, Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, ${
  total.toFixed(0)
} s in all).
Each line sets a measurement against a floor taken in the same run on the same machine;
only the ratios are meaningful. Times are medians of several rounds.

${table}

What the numbers mean, and what was done about misses: [performance.md](performance.md).
`;
if (!write) {
  console.log(
    `\n${total.toFixed(0)} s; docs/benchmarks.md is written with --write`,
  );
  Deno.exit(0);
}
await Deno.mkdir(`${ROOT}docs`, { recursive: true });
await Deno.writeTextFile(`${ROOT}docs/benchmarks.md`, doc);
console.log(`\nwrote docs/benchmarks.md (${total.toFixed(0)} s)`);
