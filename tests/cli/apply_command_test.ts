/**
 * `katcall apply PATH...` against an HTTPS server that answers as the
 * leader's API does (it checks archives as `katcall validate` does).
 */
import { assertEquals } from "../assert.ts";
import { lines, REPO, tempDir } from "../helpers.ts";
import { katcall } from "./cli_helpers.ts";
import { FakeApi, katconfigFor } from "../client/api_server.ts";
import { packQuadlets } from "../../src/archive/mod.ts";

/** Runs `fn` with a server and a katconfig that reaches it. */
async function withApi(
  fn: (api: FakeApi, katconfig: string) => Promise<void>,
  options: Parameters<typeof FakeApi.start>[0] = {},
): Promise<void> {
  const api = await FakeApi.start(options);
  try {
    await fn(api, await katconfigFor([api.url]));
  } finally {
    await api.stop();
  }
}

/** The `.kat` files of a directory of examples/, by name. */
async function exampleFiles(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const e of Deno.readDirSync(`${REPO}examples/${dir}`)) {
    files.set(e.name, await Deno.readFile(`${REPO}examples/${dir}/${e.name}`));
  }
  return files;
}

const BAD_WORKLOAD = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: Workload",
  "metadata:",
  "  name: web",
  "spec:",
  "  type: SERVICE",
  "  replicas: -1",
  "  source:",
  "    image: nginx:1.27",
  "  container:",
  "    name: web",
);

Deno.test("apply DIR sends the bytes pack writes, named DIR.tar.gz, and prints KIND/NAME created for each resource", async () => {
  await withApi(async (api, k) => {
    const dir = `${REPO}examples/web-service`;
    const r = await katcall(["apply", "--katconfig", k, dir]);
    assertEquals([r.code, r.out, r.err], [
      0,
      "virtualloadbalancer/web created\nworkload/web created\n",
      "",
    ]);
    assertEquals(api.seen.length, 1);
    assertEquals(api.seen[0].method, "POST");
    assertEquals(api.seen[0].path, "/v1alpha1/quadlets");
    assertEquals(api.seen[0].contentType, "application/gzip");
    assertEquals(api.seen[0].archiveName, "web-service.tar.gz");
    assertEquals(
      api.seen[0].bytes,
      await packQuadlets(await exampleFiles("web-service")),
    );
    // The same bytes as katcall pack writes.
    const out = `${await tempDir("apply")}/web.tar.gz`;
    assertEquals((await katcall(["pack", dir, "-o", out])).code, 0);
    assertEquals(api.seen[0].bytes, await Deno.readFile(out));
  });
});

Deno.test("apply prints each outcome the leader gives, one request per PATH in order: archives as they are, - from stdin", async () => {
  await withApi(async (api, k) => {
    const dir = await tempDir("apply");
    const archive = await packQuadlets(await exampleFiles("nightly-backup"));
    await Deno.writeFile(`${dir}/backup.tgz`, archive);
    const namespace = await packQuadlets(await exampleFiles("team-namespace"));
    const r = await katcall([
      "apply",
      "-",
      `${dir}/backup.tgz`,
      `${REPO}examples/git-app`,
      "--katconfig",
      k,
    ], { stdin: namespace });
    const expected = lines(
      "workload/web created",
      "virtualloadbalancer/web configured",
      "jobdefinition/x unchanged",
      "workload/old deleted",
    );
    assertEquals([r.code, r.out, r.err], [0, expected.repeat(3), ""]);
    assertEquals(
      api.seen.map((s) => [s.archiveName, s.bytes.length]),
      [
        ["<stdin>", namespace.length],
        [`${dir}/backup.tgz`, archive.length],
        [
          "git-app.tar.gz",
          (await packQuadlets(await exampleFiles("git-app"))).length,
        ],
      ],
    );
    assertEquals(api.seen[0].bytes, namespace);
    assertEquals(api.seen[1].bytes, archive);
  }, {
    applied: [
      {
        kind: "Workload",
        namespace: "default",
        name: "web",
        outcome: "created",
      },
      {
        kind: "VirtualLoadBalancer",
        namespace: "default",
        name: "web",
        outcome: "configured",
      },
      {
        kind: "JobDefinition",
        namespace: "default",
        name: "x",
        outcome: "unchanged",
      },
      {
        kind: "Workload",
        namespace: "default",
        name: "old",
        outcome: "deleted",
      },
    ],
  });
});

Deno.test("apply of an invalid archive prints the leader's diagnostics exactly as validate prints them, exit 1", async () => {
  await withApi(async (api, k) => {
    const dir = await tempDir("apply");
    const path = `${dir}/bad.tar.gz`;
    await Deno.writeFile(
      path,
      await packQuadlets({ "workload.kat": BAD_WORKLOAD }),
    );
    const validate = await katcall(["validate", path]);
    assertEquals(validate.code, 1);
    assertEquals(
      validate.out,
      `${path}:workload.kat:7:13: error: spec.replicas: must be at least 0\n`,
    );
    const r = await katcall(["apply", "--katconfig", k, path]);
    assertEquals([r.code, r.out, r.err], [1, "", validate.out]);
    // From stdin too, named as validate names it.
    const bytes = await Deno.readFile(path);
    const fromStdin = await katcall(["apply", "--katconfig", k, "-"], {
      stdin: bytes,
    });
    const validateStdin = await katcall(["validate", "-"], { stdin: bytes });
    assertEquals([fromStdin.code, fromStdin.err], [1, validateStdin.out]);
    assertEquals(api.seen.length, 2);
  });
});

Deno.test("apply of an invalid directory prints validate's diagnostics and sends nothing", async () => {
  await withApi(async (api, k) => {
    const dir = `${await tempDir("apply")}/web`;
    await Deno.mkdir(dir);
    await Deno.writeTextFile(`${dir}/workload.kat`, BAD_WORKLOAD);
    const validate = await katcall(["validate", dir]);
    const r = await katcall([
      "apply",
      "--katconfig",
      k,
      `${REPO}examples/web-service`,
      dir,
    ]);
    assertEquals([r.code, r.out, r.err], [1, "", validate.out]);
    assertEquals(api.seen, []);
  });
});

Deno.test("apply: any other refusal is one line, exit 1; bad PATHs are usage errors", async () => {
  await withApi(async (api, k) => {
    const r = await katcall([
      "apply",
      "--katconfig",
      k,
      `${REPO}examples/web-service`,
      `${REPO}examples/git-app`,
    ]);
    assertEquals([r.code, r.out, r.err], [
      1,
      "",
      `katcall apply ${REPO}examples/web-service: ${api.url} answered 409 resources.conflict: another apply changed web first\n`,
    ]);
    assertEquals(api.seen.length, 1);
    const notGzip = await katcall(["apply", "--katconfig", k, "-"], {
      stdin: BAD_WORKLOAD,
    });
    assertEquals([notGzip.code, notGzip.err], [
      1,
      "katcall apply -: standard input is not a gzip archive (a quadlet .tar.gz, as katcall pack -o - writes)\n",
    ]);
    const missing = await katcall(["apply", "--katconfig", k, "nope.tgz"]);
    assertEquals([missing.code, missing.err], [
      1,
      "katcall apply nope.tgz: cannot read: no such file or directory\n",
    ]);
    assertEquals(api.seen.length, 1);
  }, {
    applyRefusal: [
      409,
      "resources.conflict",
      "another apply changed web first",
    ],
  });
  const usage = async (args: string[]) => {
    const r = await katcall(["apply", ...args]);
    return [r.code, r.err.split("\n")[0]];
  };
  assertEquals(await usage([]), [2, "error: apply needs <path...>"]);
  assertEquals(await usage(["-", "-"]), [
    2,
    "katcall: standard input (-) can be named only once",
  ]);
  assertEquals(await usage([`${REPO}examples/cluster.kat`]), [
    2,
    `katcall: ${REPO}examples/cluster.kat is neither a quadlet directory nor a .tar.gz/.tgz archive; apply takes those, or - for a gzip archive on standard input`,
  ]);
});
