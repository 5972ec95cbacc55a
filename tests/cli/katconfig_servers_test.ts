/**
 * `katcall` and `kat-agent token create` keep the katconfig's `servers` to
 * what the cluster says in `kat-api-servers`.
 */
import { assertEquals } from "../assert.ts";
import { REPO } from "../helpers.ts";
import { katcall } from "./cli_helpers.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatAgent } from "../../src/cli/kat_agent.ts";
import { ENV_VARS } from "../../src/cli/permissions.ts";
import { formatKatconfig } from "../../src/katconfig/write_katconfig.ts";
import {
  CREDENTIAL,
  FakeApi,
  katconfigFor,
  NODES,
  NOW,
  testPki,
} from "../client/api_server.ts";

const OTHER = "https://10.0.0.2:9115";

/** The bytes a katconfig with `servers` has. */
async function katconfigText(servers: string[]): Promise<string> {
  return formatKatconfig({
    cluster: "homelab",
    servers,
    caCertificate: (await testPki()).ca,
    credential: CREDENTIAL,
  });
}

/** The names in `path`'s directory. */
async function siblings(path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(path.slice(0, path.lastIndexOf("/")))) {
    names.push(e.name);
  }
  return names.sort();
}

/** Runs `fn` with a server saying `apiServers(url)` in kat-api-servers. */
async function withApi(
  apiServers: (url: string) => string,
  fn: (api: FakeApi) => Promise<void>,
): Promise<void> {
  // The header names the server itself: start it, then learn its URL.
  const header = { value: "" };
  const api = await FakeApi.start({
    get apiServers() {
      return header.value;
    },
  });
  try {
    header.value = apiServers(api.url);
    await fn(api);
  } finally {
    await api.stop();
  }
}

function run(args: string[], env: Record<string, string> = {}) {
  return katcall(args, { env, tool: { now: () => NOW } });
}

Deno.test("katcall rewrites the katconfig's servers with those the answer names, all else and mode 0600 kept", async () => {
  await withApi((url) => `${url},${OTHER}`, async (api) => {
    const katconfig = await katconfigFor([api.url]);
    const r = await run([
      "get",
      "nodes",
      "-o",
      "json",
      "--katconfig",
      katconfig,
    ]);
    assertEquals(
      [r.code, r.err, r.out],
      [0, "", JSON.stringify({ items: NODES }, null, 2) + "\n"],
    );
    assertEquals(
      await Deno.readTextFile(katconfig),
      await katconfigText([api.url, OTHER]),
    );
    assertEquals((await Deno.stat(katconfig)).mode! & 0o777, 0o600);
    assertEquals(await siblings(katconfig), ["admin.katconfig"]);
  });
});

Deno.test("the same servers in another order leave the katconfig as it is", async () => {
  await withApi((url) => `${OTHER},${url}`, async (api) => {
    const katconfig = await katconfigFor([api.url, OTHER]);
    const before = await Deno.readTextFile(katconfig);
    const r = await run(["get", "nodes", "--katconfig", katconfig]);
    assertEquals([r.code, r.err], [0, ""]);
    assertEquals(await Deno.readTextFile(katconfig), before);
  });
});

Deno.test("a refusal still reached a server: exit 1 as before, and the katconfig is rewritten", async () => {
  await withApi((url) => `${url},${OTHER}`, async (api) => {
    const katconfig = await katconfigFor([api.url]);
    const r = await run(["get", "node", "node-404"], { KATCONFIG: katconfig });
    assertEquals([r.code, r.out, r.err], [
      1,
      "",
      `katcall get node/node-404: ${api.url} answered 404 node.not_found: no node named node-404\n`,
    ]);
    assertEquals(
      await Deno.readTextFile(katconfig),
      await katconfigText([api.url, OTHER]),
    );
  });
});

Deno.test("a katconfig reached through a symbolic link: the file it names is rewritten, the link kept", async () => {
  await withApi((url) => `${url},${OTHER}`, async (api) => {
    const katconfig = await katconfigFor([api.url]);
    const home = await Deno.makeTempDir({ prefix: "kat-home-" });
    try {
      await Deno.mkdir(`${home}/.kat`);
      await Deno.symlink(katconfig, `${home}/.kat/config`);
      const r = await run(["get", "nodes"], { HOME: home });
      assertEquals([r.code, r.err], [0, ""]);
      assertEquals(await Deno.readLink(`${home}/.kat/config`), katconfig);
      assertEquals(
        await Deno.readTextFile(katconfig),
        await katconfigText([api.url, OTHER]),
      );
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  });
});

Deno.test("kat-agent token create rewrites the katconfig too", async () => {
  await withApi((url) => `${OTHER},${url}`, async (api) => {
    const katconfig = await katconfigFor([api.url]);
    const io = memoryIo({ env: { KATCONFIG: katconfig } });
    const code = await runKatAgent(["token", "create"], io);
    assertEquals(
      [code, io.errText()],
      [
        0,
        "kat-agent: the token expires at 2026-12-06T12:00:00.000Z; any number of nodes may join with it until then\n",
      ],
    );
    assertEquals(
      await Deno.readTextFile(katconfig),
      await katconfigText([OTHER, api.url]),
    );
  });
});

Deno.test("a katconfig that cannot be written is one warning line; output and exit code unchanged", async () => {
  await withApi((url) => `${url},${OTHER}`, async (api) => {
    const katconfig = await katconfigFor([api.url]);
    const before = await Deno.readTextFile(katconfig);
    // Run without the right to write: the rewrite fails as any denial would.
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-read",
        "--allow-net",
        `--allow-env=${ENV_VARS.join(",")}`,
        `${REPO}src/cli/katcall_main.ts`,
        "get",
        "nodes",
        "-o",
        "json",
        "--katconfig",
        katconfig,
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    assertEquals([out.code, text(out.stdout), text(out.stderr)], [
      0,
      JSON.stringify({ items: NODES }, null, 2) + "\n",
      `katcall: warning: the katconfig's servers are not updated to ${api.url},${OTHER}: cannot write "${katconfig}": no write permission (Deno's --allow-write)\n`,
    ]);
    assertEquals(await Deno.readTextFile(katconfig), before);
  });
});

Deno.test("no kat-api-servers, or one naming no usable server: the katconfig is left as it is", async () => {
  for (const said of ["", "http://10.0.0.2:9115"]) {
    await withApi(() => said, async (api) => {
      const katconfig = await katconfigFor([api.url]);
      const before = await Deno.readTextFile(katconfig);
      const r = await run(["get", "nodes", "--katconfig", katconfig]);
      assertEquals([said, r.code, r.err], [said, 0, ""]);
      assertEquals(await Deno.readTextFile(katconfig), before);
    });
  }
});
