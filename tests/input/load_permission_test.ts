/**
 * A program that imports the package without the permissions a job needs is
 * told which one is missing: `load…` without read access, the state store
 * without net or env access.
 */
import { assertEquals } from "../assert.ts";
import { REPO, tempDir } from "../helpers.ts";

/** Runs `source` as a module of its own with `flags`; its stdout lines. */
async function runModule(source: string, flags: string[]): Promise<string[]> {
  const dir = await tempDir("permission");
  try {
    await Deno.writeTextFile(`${dir}/job.ts`, source);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-prompt",
        `--config=${REPO}deno.json`,
        ...flags,
        `${dir}/job.ts`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return text.trimEnd().split("\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("load… without read permission says that read permission is missing", async () => {
  const manifest = `${REPO}examples/team-namespace/namespace.kat`;
  const quadlet = `${REPO}examples/web-service`;
  const lines = await runModule(
    `
import { loadClusterConfiguration, loadManifest, loadQuadlet } from "${REPO}mod.ts";
for (const r of [
  await loadManifest(${JSON.stringify(manifest)}),
  await loadQuadlet(${JSON.stringify(quadlet)}),
  await loadClusterConfiguration(${
      JSON.stringify(`${REPO}examples/cluster.kat`)
    }),
]) {
  console.log(r.diagnostics.map((d) => d.code + " " + d.message).join("; "));
}
`,
    ["--allow-read=/nonexistent-other-directory"],
  );
  assertEquals(lines, [
    "unreadable cannot read: no read permission (Deno's --allow-read)",
    "unreadable cannot read: no read permission (Deno's --allow-read)",
    "unreadable cannot read: no read permission (Deno's --allow-read)",
  ]);
});

const CONNECT = `
import { EtcdStateStore, StateStoreError } from "${REPO}src/state/mod.ts";
try {
  const store = await EtcdStateStore.connect({ endpoints: ["127.0.0.1:9"] });
  console.log("connected");
  await store.close();
} catch (e) {
  console.log(e instanceof StateStoreError ? e.code + " " + e.message : "not a StateStoreError: " + e);
}
`;

Deno.test("the state store without net permission throws a StateStoreError that says so", async () => {
  assertEquals(await runModule(CONNECT, ["--allow-read", "--allow-env"]), [
    `state.not_permitted etcd at 127.0.0.1:9 cannot be reached: it needs net access to "127.0.0.1:9" (Deno's --allow-net)`,
  ]);
});

Deno.test("the state store without env permission throws a StateStoreError that says so", async () => {
  const [line] = await runModule(CONNECT, [
    "--allow-read",
    "--allow-net=127.0.0.1",
  ]);
  assertEquals(
    /^state\.not_permitted etcd's client cannot be loaded: it needs env access to "GRPC_\w+" \(Deno's --allow-env\)$/
      .test(line),
    true,
    line,
  );
});
