/**
 * Standard input: `-` (or `/dev/stdin`) holds a manifest or a gzip archive,
 * told apart by its first bytes, and `--stdin-filename` names it.
 */
import { assertEquals } from "../assert.ts";
import { lines, REPO } from "../helpers.ts";
import { packQuadlets } from "../../src/archive/mod.ts";
import { katcall, katcallProcess, workload } from "./cli_helpers.ts";
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import { peekBytes } from "../../src/cli/io.ts";

const BAD = workload("web", ["  replica: 2"]);
const UNKNOWN =
  '8:3: error: spec.replica: unknown field "replica" (hint: did you mean "replicas"?)';

Deno.test("a manifest on standard input is checked as one file named <stdin>", async () => {
  const r = await katcall(["validate", "-"], { stdin: BAD });
  assertEquals([r.code, r.out], [1, `<stdin>:${UNKNOWN}\n`]);
  const good = await katcall(["validate", "-", "--summary"], {
    stdin: workload("web"),
  });
  assertEquals([good.code, good.out], [
    0,
    "Summary: 1 file, 1 resource, 0 errors, 0 warnings\n",
  ]);
});

Deno.test("an archive on standard input is read as a quadlet", async () => {
  const archive = await packQuadlets({
    "workload.kat": new TextEncoder().encode(BAD),
  });
  const r = await katcall(["validate", "-"], { stdin: archive });
  assertEquals([r.code, r.out], [1, `<stdin>:workload.kat:${UNKNOWN}\n`]);
  const named = await katcall(
    ["validate", "--stdin-filename", "upload.tgz", "-", "-f", "github"],
    { stdin: archive },
  );
  // The annotation points at the archive; the member is in the message.
  assertEquals(
    named.out,
    '::error file=upload.tgz,line=8,col=3,title=katcall (unknown_field)::workload.kat: spec.replica: unknown field "replica" (hint: did you mean "replicas"?)\n',
  );
});

Deno.test("--stdin-filename names standard input in every diagnostic and format", async () => {
  const r = await katcall(
    ["validate", "--stdin-filename", "app/workload.kat", "-"],
    { stdin: BAD },
  );
  assertEquals(r.out, `app/workload.kat:${UNKNOWN}\n`);
  const tap = await katcall(
    ["validate", "-f", "tap", "--stdin-filename=app/workload.kat", "-"],
    { stdin: workload("web") },
  );
  assertEquals(tap.out, "TAP version 13\n1..1\nok 1 - app/workload.kat\n");
  const inspect = await katcall(
    ["inspect", "--stdin-filename", "ns.kat", "-"],
    { stdin: "kind: Namespace\n" },
  );
  assertEquals(inspect.code, 1);
  assertEquals(inspect.err.startsWith("ns.kat:1:1: error: apiVersion:"), true);
});

Deno.test("--stdin-filename needs - among the paths, and a name", async () => {
  for (
    const [args, message] of [
      [
        ["--stdin-filename", "a.kat", `${REPO}examples/web-service`],
        "--stdin-filename names standard input: give - among the paths",
      ],
      [["--stdin-filename", "", "-"], "--stdin-filename needs a name"],
      [["-", "/dev/stdin"], "standard input (-) can be named only once"],
    ]
  ) {
    const r = await katcall(["validate", ...args]);
    assertEquals([r.code, r.err], [
      2,
      `katcall: ${message}\nSee 'katcall validate --help'.\n`,
    ]);
  }
});

Deno.test("/dev/stdin is standard input, as - is", async () => {
  const r = await katcall(["validate", "/dev/stdin"], { stdin: BAD });
  assertEquals([r.code, r.out], [1, `<stdin>:${UNKNOWN}\n`]);
});

Deno.test("inspect - prints the resource piped in", async () => {
  const r = await katcall(["inspect", "-"], {
    stdin: lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Namespace",
      "metadata: {name: team-a}",
    ),
  });
  assertEquals(r, {
    code: 0,
    out: lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: Namespace",
      "metadata:",
      "  name: team-a",
    ),
    err: "",
    bytes: r.bytes,
  });
});

Deno.test("a shell pipes a manifest and an archive into the tool", async () => {
  const manifest = await katcallProcess(["validate", "-"], {
    redirect: `< '${REPO}examples/web-service/workload.kat'`,
  });
  assertEquals(manifest, { code: 0, out: "", err: "" });
  const archive = await katcallProcess(["validate", "-", "--summary"], {
    redirect:
      `< <(tar -czf - -C '${REPO}examples/web-service' workload.kat VirtualLoadBalancer.kat)`,
  });
  assertEquals(archive, {
    code: 0,
    out: "Summary: 2 files, 2 resources, 0 errors, 0 warnings\n",
    err: "",
  });
  // Standard input that cannot be read is a diagnostic, not a crash.
  const dir = await katcallProcess(["validate", "-"], { redirect: "< /" });
  assertEquals(dir, {
    code: 1,
    out: "<stdin>:1:1: error: cannot read: is a directory\n",
    err: "",
  });
});

Deno.test("an archive is recognised however the pipe splits its first bytes", async () => {
  const archive = await packQuadlets({
    "workload.kat": new TextEncoder().encode(BAD),
  });
  // The first byte alone, a pause, then the rest: two reads at least.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      ...PERMISSIONS.katcall,
      `${REPO}src/cli/katcall_main.ts`,
      "validate",
      "-",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(archive.subarray(0, 1));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await w.write(archive.subarray(1));
  await w.close();
  const done = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assertEquals([done.code, text(done.stdout), text(done.stderr)], [
    1,
    `<stdin>:workload.kat:${UNKNOWN}\n`,
    "",
  ]);
});

Deno.test("peekBytes: the first bytes over many reads, and the whole stream again", async () => {
  const chunks = [[0x1f], [], [0x8b, 1], [2]];
  const split = () =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of chunks) c.enqueue(new Uint8Array(b));
        c.close();
      },
    });
  const { head, stream } = await peekBytes(split(), 2);
  assertEquals([...head], [0x1f, 0x8b]);
  assertEquals([...await new Response(stream).bytes()], [0x1f, 0x8b, 1, 2]);
  // A stream shorter than asked: what there is.
  const short = await peekBytes(new Blob([new Uint8Array([7])]).stream(), 2);
  assertEquals([...short.head], [7]);
  assertEquals([...await new Response(short.stream).bytes()], [7]);
  const empty = await peekBytes(new Blob([]).stream(), 2);
  assertEquals([
    empty.head.length,
    (await new Response(empty.stream).bytes()).length,
  ], [0, 0]);
});
