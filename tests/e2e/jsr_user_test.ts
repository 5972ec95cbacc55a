/**
 * The package as a JSR user meets it: a project of its own that links the
 * package (`links` in its deno.json) and imports `@kat/toolkit` and its
 * subpaths, nothing else. In-memory jobs run with no permission at all; the
 * file jobs with read access to the examples only.
 */
import { assertEquals } from "../assert.ts";
import { REPO } from "../helpers.ts";
import { linkedProject } from "./user_project.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { memoryIo } from "../../src/cli/io.ts";

const MEMORY_JOBS = `
import {
  applyDefaults, KatError, packQuadlets,
  parseClusterConfiguration, parseManifest, parseQuadlet, stringifyManifest,
  toManifest, untarQuadlets, validateResource,
  type Resource, type Workload,
} from "@kat/toolkit";
import { decodeBinary, encodeBinary, WireError } from "@kat/toolkit/wire";
import { ArchiveError } from "@kat/toolkit/archive";
import type { StateStore } from "@kat/toolkit/state";

const out: Record<string, unknown> = {};
const ns = "apiVersion: kat.dws.rip/v1alpha1\\nkind: Namespace\\nmetadata: {name: team-a}\\n";

// One file, as text and as bytes; a quadlet as a record and as a map.
out.text = parseManifest(ns).valid;
out.bytes = parseManifest(new TextEncoder().encode(ns)).valid;
out.record = parseQuadlet({ "namespace.kat": ns }).valid;
out.map = parseQuadlet(new Map([["namespace.kat", new TextEncoder().encode(ns)]])).valid;

// Kinds narrow.
const [cluster] = parseClusterConfiguration(
  "apiVersion: kat.dws.rip/v1alpha1\\nkind: ClusterConfiguration\\nmetadata: {name: home}\\n" +
    "spec: {clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}\\n",
).resources;
if (cluster?.kind === "ClusterConfiguration") {
  out.clusterCIDR = cluster.resource.spec?.clusterCIDR;
}

// A resource built in code: checked, defaulted without mutation, written.
const workload: Workload = {
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "Workload",
  metadata: { name: "web" },
  spec: { type: "SERVICE", source: { image: "nginx:1.27" }, container: {} },
};
out.validCode = validateResource(workload).valid;
out.invalidCode = validateResource({ ...workload, spec: { ...workload.spec, replicas: -1 } })
  .diagnostics.map((d) => [d.code, d.path]);
const defaulted = applyDefaults(workload);
out.untouched = workload.spec?.replicas === undefined;
out.defaulted = [defaulted.spec?.replicas, defaulted.spec?.container?.name];

// .kat -> object -> .kat -> the same object.
const text = stringifyManifest(defaulted);
const [again] = parseManifest(text).resources;
out.yamlRoundTrip = JSON.stringify(again?.resource) === JSON.stringify(parseManifest(stringifyManifest(again!.resource)).resources[0]?.resource) &&
  JSON.stringify(toManifest(again!.resource as Resource)) === JSON.stringify(toManifest(defaulted));

// The wire format: round trip, and a typed error for garbage.
const back = decodeBinary("Workload", encodeBinary(defaulted));
out.wireRoundTrip = JSON.stringify(toManifest(back)) === JSON.stringify(toManifest(defaulted));
try {
  decodeBinary("Workload", new Uint8Array([0x0a, 0xff]));
} catch (e) {
  out.wireError = e instanceof WireError && e instanceof KatError ? e.code : String(e);
}
try {
  encodeBinary({ kind: "Workload", spec: { replica: 1 } } as unknown as Resource);
} catch (e) {
  out.unknownField = e instanceof KatError ? e.code : String(e);
}

// Archives: packed, read back, a refusal with its code.
const files = await untarQuadlets(new Blob([await packQuadlets({ "namespace.kat": ns })]).stream());
out.untar = parseQuadlet(files).valid;
try {
  await untarQuadlets(new Blob(["not an archive"]).stream());
} catch (e) {
  out.archiveError = e instanceof ArchiveError && e instanceof KatError ? e.code : String(e);
}
const storeType: StateStore | undefined = undefined;
out.state = storeType === undefined;
console.log(JSON.stringify(out));
`;

const INSPECT_ROUND_TRIP = `
import { type Resource, toManifest } from "@kat/toolkit";
import { decodeBinary, encodeBinary } from "@kat/toolkit/wire";
const inspected: Resource[] = JSON.parse(await Deno.readTextFile(Deno.args[0]));
const same = inspected.map((r) =>
  JSON.stringify(toManifest(decodeBinary(r.kind, encodeBinary(r)))) ===
    JSON.stringify(toManifest(r)) &&
  JSON.stringify(toManifest(r)) === JSON.stringify(r)
);
console.log(JSON.stringify({ kinds: inspected.map((r) => r.kind), same }));
`;

const FILE_JOBS = `
import { loadClusterConfiguration, loadManifest, loadQuadlet } from "@kat/toolkit";
const [cluster, quadlet, manifest] = Deno.args;
const c = await loadClusterConfiguration(cluster);
const q = await loadQuadlet(quadlet);
const m = await loadManifest(manifest);
console.log(JSON.stringify({
  cluster: [c.valid, c.resources[0]?.kind],
  quadlet: [q.valid, q.resources.map((r) => r.kind)],
  manifest: [m.valid, m.resources[0]?.kind],
}));
`;

async function project(): Promise<string> {
  const dir = await linkedProject("jsr-user", ["archive", "state", "wire"]);
  await Deno.writeTextFile(`${dir}/memory.ts`, MEMORY_JOBS);
  await Deno.writeTextFile(`${dir}/files.ts`, FILE_JOBS);
  await Deno.writeTextFile(`${dir}/inspect.ts`, INSPECT_ROUND_TRIP);
  return dir;
}

async function run(dir: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("a JSR user does every in-memory job with no permission at all", async () => {
  const dir = await project();
  try {
    const check = await run(dir, ["check", "memory.ts"]);
    assertEquals(
      [check.code, check.stderr.includes("error")],
      [0, false],
      check.stderr,
    );
    const r = await run(dir, ["run", "--no-prompt", "memory.ts"]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout), {
      text: true,
      bytes: true,
      record: true,
      map: true,
      clusterCIDR: "10.244.0.0/16",
      validCode: true,
      invalidCode: [["invalid", "spec.replicas"]],
      untouched: true,
      defaulted: [1, "web"],
      yamlRoundTrip: true,
      wireRoundTrip: true,
      wireError: "wire.malformed",
      unknownField: "wire.unknown_field",
      untar: true,
      archiveError: "archive.not_gzip",
      state: true,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a JSR user reads files with read access to them alone", async () => {
  const dir = await project();
  try {
    const cluster = `${REPO}examples/cluster.kat`;
    const quadlet = `${REPO}examples/web-service`;
    const manifest = `${REPO}examples/team-namespace/namespace.kat`;
    const r = await run(dir, [
      "run",
      "--no-prompt",
      `--allow-read=${cluster},${quadlet},${manifest}`,
      "files.ts",
      cluster,
      quadlet,
      manifest,
    ]);
    assertEquals([r.code, JSON.parse(r.stdout)], [0, {
      cluster: [true, "ClusterConfiguration"],
      quadlet: [true, ["VirtualLoadBalancer", "Workload"]],
      manifest: [true, "Namespace"],
    }], r.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("katcall inspect --format json feeds the library, and the wire gives it back unchanged", async () => {
  const dir = await project();
  try {
    const io = memoryIo();
    const code = await runKatcall([
      "inspect",
      "--format",
      "json",
      `${REPO}examples/web-service`,
    ], io);
    assertEquals(code, 0, io.errText());
    const json = `${dir}/inspected.json`;
    await Deno.writeTextFile(json, io.outText());
    const r = await run(dir, [
      "run",
      "--no-prompt",
      `--allow-read=${json}`,
      "inspect.ts",
      json,
    ]);
    assertEquals([r.code, JSON.parse(r.stdout)], [0, {
      kinds: ["Workload", "VirtualLoadBalancer"],
      same: [true, true],
    }], r.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
