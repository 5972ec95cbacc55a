import { assertEquals, assertIncludes } from "../assert.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { VERSION } from "../../src/version.ts";
import { decodeBinary } from "../../src/encode/binary.ts";
import { packQuadlets } from "../../src/archive/mod.ts";
import { lines, REPO, tempDir } from "../helpers.ts";
import { HAS_PROTOC, protoc } from "../wire/wire_helpers.ts";

const EXAMPLES = ["web-service", "nightly-backup", "git-app", "team-namespace"]
  .map((d) => `${REPO}examples/${d}`);

async function katcall(args: string[], stdin?: Uint8Array) {
  const io = memoryIo({ stdin });
  const code = await runKatcall(args, io);
  return { code, out: io.outText(), err: io.errText(), bytes: io.out() };
}

/** A temporary quadlet directory with the given files. */
async function quadlet(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("quadlet");
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

const BAD_WORKLOAD = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: Workload",
  "metadata:",
  "  name: web",
  "spec:",
  "  type: SERVICE",
  "  source: {image: nginx}",
  "  replica: 2",
  "  container:",
  "    env:",
  "      - {name: A}",
  "      - {name: A}",
  "  volumes: [{name: spare, simpleClusterStorage: {}}]",
);

Deno.test("validate: every example is valid, with no output", async () => {
  const r = await katcall([
    "validate",
    ...EXAMPLES,
    `${REPO}examples/cluster.kat`,
  ]);
  assertEquals([r.code, r.out, r.err], [0, "", ""]);
});

Deno.test("validate: the text form lists every problem, one per line", async () => {
  const dir = await quadlet({ "workload.kat": BAD_WORKLOAD });
  const r = await katcall(["validate", dir]);
  assertEquals(r.code, 1);
  assertEquals(
    r.out,
    [
      `${dir}/workload.kat:8:3: error: spec.replica: unknown field "replica" (hint: did you mean "replicas"?)`,
      `${dir}/workload.kat:12:16: error: spec.container.env[1].name: duplicate value "A" (hint: first used at spec.container.env[0].name)`,
      `${dir}/workload.kat:13:20: warning: spec.volumes[0].name: volume "spare" is not mounted by the container (hint: mount it in spec.container.volumeMounts, or remove it)`,
      "",
    ].join("\n"),
  );
});

Deno.test("validate: the JSON form", async () => {
  const dir = await quadlet({
    "workload.kat": BAD_WORKLOAD.replace("  replica: 2\n", ""),
  });
  const r = await katcall(["validate", "--format", "json", dir]);
  assertEquals(r.code, 1);
  assertEquals(
    r.out,
    JSON.stringify({
      valid: false,
      diagnostics: [
        {
          severity: "error",
          code: "duplicate",
          file: `${dir}/workload.kat`,
          line: 11,
          column: 16,
          path: "spec.container.env[1].name",
          message: 'duplicate value "A"',
          hint: "first used at spec.container.env[0].name",
        },
        {
          severity: "warning",
          code: "unused",
          file: `${dir}/workload.kat`,
          line: 12,
          column: 20,
          path: "spec.volumes[0].name",
          message: 'volume "spare" is not mounted by the container',
          hint: "mount it in spec.container.volumeMounts, or remove it",
        },
      ],
    }) + "\n",
  );
});

Deno.test("validate: warnings alone exit 0; JSON says valid", async () => {
  const dir = await quadlet({
    "workload.kat": BAD_WORKLOAD.replace("  replica: 2\n", "").replace(
      "      - {name: A}\n      - {name: A}\n",
      "      - {name: A}\n",
    ),
    "notes.txt": "x",
  });
  const r = await katcall(["validate", "-f", "json", dir]);
  assertEquals(r.code, 0);
  const json = JSON.parse(r.out);
  assertEquals([
    json.valid,
    json.diagnostics.map((d: { severity: string }) => d.severity),
  ], [true, ["warning", "warning"]]);
});

Deno.test("validate: every path is checked; unreadable ones are errors", async () => {
  const r = await katcall([
    "validate",
    "/nonexistent/x.kat",
    `${REPO}examples/web-service`,
    `${REPO}README.md`,
  ]);
  assertEquals(r.code, 1);
  const out = r.out.split("\n").filter((l) => l);
  assertEquals(out.length, 2);
  assertIncludes(out[0], "/nonexistent/x.kat:1:1: error: cannot read:");
  assertEquals(
    out[1],
    `${REPO}README.md:1:1: error: not a .kat file, a quadlet directory or a .tar.gz/.tgz archive`,
  );
});

Deno.test("validate: archives by path and on stdin name their members", async () => {
  const dir = await quadlet({ "workload.kat": BAD_WORKLOAD });
  const archive = await packQuadlets({
    "workload.kat": new TextEncoder().encode(BAD_WORKLOAD),
  });
  const path = `${dir}/app.tar.gz`;
  await Deno.writeFile(path, archive);
  const byPath = await katcall(["validate", path]);
  assertEquals(byPath.code, 1);
  assertEquals(
    byPath.out.split("\n")[0],
    `${path}:workload.kat:8:3: error: spec.replica: unknown field "replica" (hint: did you mean "replicas"?)`,
  );
  const stdin = await katcall(["validate", "-"], archive);
  assertEquals(
    stdin.out.split("\n")[0],
    `<stdin>:workload.kat:8:3: error: spec.replica: unknown field "replica" (hint: did you mean "replicas"?)`,
  );
  const manifest = await katcall(
    ["validate", "-"],
    new TextEncoder().encode(BAD_WORKLOAD),
  );
  assertEquals(
    [manifest.code, manifest.out.split("\n")[0]],
    [
      1,
      `<stdin>:8:3: error: spec.replica: unknown field "replica" (hint: did you mean "replicas"?)`,
    ],
  );
});

Deno.test("usage errors exit 2 with a suggestion", async () => {
  const cmd = await katcall(["validat", "x"]);
  assertEquals(cmd.code, 2);
  assertIncludes(cmd.err, "(Did you mean validate?)");
  const flag = await katcall(["validate", "--formt", "json", "x"]);
  assertEquals(flag.code, 2);
  assertIncludes(flag.err, "(Did you mean --format?)");
  const format = await katcall(["validate", "--format", "xml", "x"]);
  assertEquals(format.code, 2);
  assertIncludes(
    format.err,
    '--format cannot be "xml": use text, json, junit, tap, sarif, github',
  );
  const none = await katcall(["validate"]);
  assertEquals(none.code, 2);
  assertIncludes(none.err, "validate needs <path...>");
  const twoStdin = await katcall(["validate", "-", "-"]);
  assertEquals([twoStdin.code, twoStdin.err], [
    2,
    "katcall: standard input (-) can be named only once\nSee 'katcall validate --help'.\n",
  ]);
  const extra = await katcall(["inspect", "a", "b"]);
  assertEquals(extra.code, 2);
});

Deno.test("--version and --help", async () => {
  assertEquals(await katcall(["--version"]), {
    code: 0,
    out: `${VERSION}\n`,
    err: "",
    bytes: new TextEncoder().encode(`${VERSION}\n`),
  });
  for (const sub of [[], ["validate"], ["inspect"], ["pack"]]) {
    const h = await katcall([...sub, "--help"]);
    assertEquals(h.code, 0);
    assertIncludes(h.out, "Usage: katcall");
  }
});

const NAMESPACE = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: Namespace",
  "metadata: {name: team-a, labels: {b: '2', a: '1'}}",
);

Deno.test("inspect: YAML with defaults, in the input's own spelling", async () => {
  const dir = await quadlet({
    "workload.kat": lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Workload",
      "metadata: {name: web}",
      "spec: {type: SERVICE, source: {image: nginx}, container: {resources: {requests: {cpu: 1}}}}",
    ),
    "VirtualLoadBalancer.kat": lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: VirtualLoadBalancer",
      "metadata: {name: web}",
      "spec: {ports: [{name: http, containerPort: 80}]}",
    ),
  });
  const r = await katcall(["inspect", dir]);
  assertEquals([r.code, r.err], [0, ""]);
  assertEquals(
    r.out,
    lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Workload",
      "metadata:",
      "  name: web",
      "  namespace: default",
      "spec:",
      "  type: SERVICE",
      "  source:",
      "    image: nginx",
      "  replicas: 1",
      "  updateStrategy:",
      "    type: Rolling",
      "    maxSurge: 1",
      "  restartPolicy:",
      "    condition: Always",
      "  container:",
      "    name: web",
      "    resources:",
      "      requests:",
      "        cpu: 1",
      "---",
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: VirtualLoadBalancer",
      "metadata:",
      "  name: web",
      "  namespace: default",
      "spec:",
      "  ports:",
      "    - name: http",
      "      containerPort: 80",
      "      protocol: TCP",
    ),
  );
});

Deno.test("inspect: JSON is an array whatever the count, with sorted map keys", async () => {
  const dir = await quadlet({ "namespace.kat": NAMESPACE });
  const r = await katcall([
    "inspect",
    "--format",
    "json",
    `${dir}/namespace.kat`,
  ]);
  assertEquals(r.code, 0);
  assertEquals(
    r.out,
    JSON.stringify(
      [{
        apiVersion: "kat.dws.rip/v1alpha1",
        kind: "Namespace",
        metadata: { name: "team-a", labels: { a: "1", b: "2" } },
      }],
      null,
      2,
    ) + "\n",
  );
});

Deno.test("inspect: binpb holds exactly one resource", async () => {
  const one = await katcall([
    "inspect",
    "--format",
    "binpb",
    `${REPO}examples/cluster.kat`,
  ]);
  assertEquals(one.code, 0);
  assertEquals(
    decodeBinary("ClusterConfiguration", one.bytes).spec?.clusterCIDR,
    "10.244.0.0/16",
  );
  const two = await katcall([
    "inspect",
    "--format",
    "binpb",
    `${REPO}examples/web-service`,
  ]);
  assertEquals(two.code, 2);
  assertIncludes(two.err, "--format binpb writes exactly one resource, but");
  assertEquals(two.out, "");
});

Deno.test({
  name: "inspect: protoc decodes binpb output",
  ignore: !HAS_PROTOC,
  async fn() {
    const one = await katcall([
      "inspect",
      "--format",
      "binpb",
      `${REPO}examples/team-namespace`,
    ]);
    const r = await protoc(["--decode", "kat.v1alpha1.Namespace"], one.bytes);
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(
      new TextDecoder().decode(r.stdout),
      lines(
        'api_version: "kat.dws.rip/v1alpha1"',
        'kind: "Namespace"',
        "metadata {",
        '  name: "shop"',
        "  labels {",
        '    key: "team"',
        '    value: "commerce"',
        "  }",
        "}",
      ),
    );
  },
});

Deno.test("inspect: invalid input prints diagnostics on stderr and nothing on stdout", async () => {
  const dir = await quadlet({ "workload.kat": BAD_WORKLOAD });
  const r = await katcall(["inspect", dir]);
  assertEquals([r.code, r.out], [1, ""]);
  assertIncludes(r.err, "spec.replica: unknown field");
});

Deno.test("inspect round trip: for every example, YAML output re-validates and re-inspects to the same bytes", async () => {
  for (const example of [...EXAMPLES, `${REPO}examples/cluster.kat`]) {
    const first = await katcall(["inspect", example]);
    assertEquals([example, first.code, first.err], [example, 0, ""]);
    const docs = first.out.split(/^---\n/m);
    const files: Record<string, string> = {};
    docs.forEach((d, i) => (files[`doc${i}.kat`] = d));
    const dir = await quadlet(files);
    const again = await katcall([
      "inspect",
      example.endsWith(".kat") ? `${dir}/doc0.kat` : dir,
    ]);
    assertEquals(again.out, first.out, example);
    const json1 = await katcall(["inspect", "-f", "json", example]);
    const json2 = await katcall([
      "inspect",
      "-f",
      "json",
      example.endsWith(".kat") ? `${dir}/doc0.kat` : dir,
    ]);
    assertEquals(json2.out, json1.out, example);
  }
});

Deno.test("pack: validates, then writes a deterministic archive that validate reads back", async () => {
  const dir = await quadlet({ "workload.kat": BAD_WORKLOAD });
  const bad = await katcall(["pack", "-o", `${dir}/x.tar.gz`, dir]);
  assertEquals([bad.code, bad.out], [1, ""]);
  assertIncludes(bad.err, "spec.replica: unknown field");
  const out = await tempDir();
  const a = await katcall(["pack", "-o", `${out}/a.tar.gz`, EXAMPLES[0]]);
  assertEquals(a.code, 0);
  assertEquals(
    a.err.startsWith(`katcall: wrote "${out}/a.tar.gz" (2 files, `),
    true,
  );
  const b = await katcall(["pack", "-o", "-", EXAMPLES[0]]);
  assertEquals(b.bytes, await Deno.readFile(`${out}/a.tar.gz`));
  const check = await katcall(["validate", `${out}/a.tar.gz`]);
  assertEquals([check.code, check.out], [0, ""]);
  const notDir = await katcall(["pack", `${REPO}README.md`]);
  assertEquals(notDir.code, 2);
});

Deno.test("colour only on a terminal, and never with NO_COLOR", async () => {
  const dir = await quadlet({ "workload.kat": BAD_WORKLOAD });
  const tty = memoryIo({ terminal: true });
  await runKatcall(["validate", dir], tty);
  assertIncludes(tty.outText(), "\x1b[1;31merror\x1b[0m");
  const noColor = memoryIo({ terminal: true, env: { NO_COLOR: "1" } });
  await runKatcall(["validate", dir], noColor);
  assertEquals(noColor.outText().includes("\x1b["), false);
  const pipe = memoryIo();
  await runKatcall(["validate", dir], pipe);
  assertEquals(pipe.outText().includes("\x1b["), false);
});

Deno.test("local files are read with the archive's per-file limit", async () => {
  const dir = await quadlet({ "workload.kat": BAD_WORKLOAD });
  await Deno.writeFile(`${dir}/huge.kat`, new Uint8Array(1024 * 1024 + 1));
  const inDir = await katcall(["validate", dir]);
  assertEquals(inDir.code, 1);
  assertEquals(
    inDir.out.split("\n")[0],
    `${dir}/huge.kat:1:1: error: the file is larger than 1 MiB, the limit for one file`,
  );
  // A file named is checked with the rest of its quadlet, but the other
  // files' own errors are theirs.
  const single = await katcall(["validate", `${dir}/huge.kat`]);
  assertEquals([single.code, single.out], [1, `${inDir.out.split("\n")[0]}\n`]);
});

Deno.test("pack: an output that cannot be written is an error, not a crash", async () => {
  const out = await tempDir();
  for (const target of [`${out}/missing/a.tar.gz`, out]) {
    const r = await katcall(["pack", "-o", target, EXAMPLES[0]]);
    assertEquals([r.code, r.out], [1, ""], target);
    assertIncludes(r.err, `katcall: cannot write "${target}": `);
  }
  assertEquals(await katcall(["pack", "-o", "", EXAMPLES[0]]), {
    code: 2,
    out: "",
    err:
      "katcall: --output needs a file name, or - for stdout\nSee 'katcall pack --help'.\n",
    bytes: new Uint8Array(),
  });
});

Deno.test("validate and pack: a file of the quadlet that cannot be read is an error at that file", async () => {
  const dir = await tempDir("quadlet");
  await Deno.copyFile(
    `${EXAMPLES[0]}/workload.kat`,
    `${dir}/workload.kat`,
  );
  await Deno.symlink(`${dir}/gone`, `${dir}/dangling.kat`);
  const expected =
    `${dir}/dangling.kat:1:1: error: a symbolic link to nothing ("${dir}/gone")\n`;
  const validate = await katcall(["validate", dir]);
  assertEquals(validate.code, 1);
  assertEquals(validate.out.startsWith(expected), true, validate.out);
  const pack = await katcall(["pack", "-o", `${dir}.tar.gz`, dir]);
  assertEquals([pack.code, pack.out], [1, ""]);
  assertEquals(pack.err.startsWith(expected), true, pack.err);
});

Deno.test("a reader that goes away ends the tool quietly with 141", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${REPO}main.ts`, "katcall", "schema"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Close our end before the tool writes: its first write finds no reader.
  await child.stdout.cancel();
  const { code, stderr } = await child.output();
  assertEquals([code, new TextDecoder().decode(stderr)], [141, ""]);
});
