/**
 * `katcall get`, `katcall delete` and `kat-agent token create` against an
 * HTTPS server that answers as the leader's API does.
 */
import { assertEquals } from "../assert.ts";
import { lines, REPO } from "../helpers.ts";
import { katcall, katcallProcess } from "./cli_helpers.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatAgent } from "../../src/cli/kat_agent.ts";
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import {
  closedPort,
  CREDENTIAL,
  FakeApi,
  katconfigFor,
  NODES,
  NOW,
} from "../client/api_server.ts";

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

/** `katcall ARGS` in-process, ages counted to {@link NOW}. */
function run(args: string[], env: Record<string, string> = {}) {
  return katcall(args, { env, tool: { now: () => NOW } });
}

/** `kat-agent ARGS` in-process. */
async function katAgent(args: string[], env: Record<string, string> = {}) {
  const io = memoryIo({ env });
  const code = await runKatAgent(args, io);
  return { code, out: io.outText(), err: io.errText() };
}

const NODE_2_YAML = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: Node",
  "metadata:",
  "  name: node-2",
  "  uid: 0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
  "  generation: '1'",
  "  resourceVersion: '40'",
  "  creationTimestamp: '2026-12-05T11:57:00Z'",
  "spec:",
  "  overlaySubnet: 10.244.1.0/24",
  "  advertiseAddress: 10.0.0.2",
  "status:",
  "  conditions:",
  "    - type: Ready",
  "      status: 'False'",
  "      reason: HeartbeatLate",
  "  lastHeartbeatTime: '2026-12-05T07:00:00Z'",
);

Deno.test("get nodes prints a table: status from Ready, the leader's and the etcd members' roles, kubectl's ages", async () => {
  await withApi(async (_api, katconfig) => {
    const table = lines(
      "NAME     STATUS    ROLE    SUBNET         ADDRESS    AGE  LAST HEARTBEAT",
      "node-1   Ready     leader  10.244.0.0/24  10.0.0.1   2d   5s",
      "node-2   NotReady  member  10.244.1.0/24  10.0.0.2   3m   5h",
      "node-10  Unknown   <none>  10.244.2.0/24  10.0.0.10  45s  <none>",
    );
    for (const kind of ["nodes", "node", "no", "Nodes"]) {
      assertEquals(await run(["get", kind, "--katconfig", katconfig]), {
        code: 0,
        out: table,
        err: "",
        bytes: new TextEncoder().encode(table),
      });
    }
    // One node: the leader comes from the kat-leader header.
    assertEquals(
      (await run(["get", "node", "node-1", "--katconfig", katconfig])).out,
      lines(
        "NAME    STATUS  ROLE    SUBNET         ADDRESS   AGE  LAST HEARTBEAT",
        "node-1  Ready   leader  10.244.0.0/24  10.0.0.1  2d   5s",
      ),
    );
    // … and the members from the kat-members header.
    assertEquals(
      (await run(["get", "node", "node-2", "--katconfig", katconfig])).out,
      lines(
        "NAME    STATUS    ROLE    SUBNET         ADDRESS   AGE  LAST HEARTBEAT",
        "node-2  NotReady  member  10.244.1.0/24  10.0.0.2  3m   5h",
      ),
    );
  });
});

Deno.test("get nodes -o json prints {items}, a NAME one object; -o yaml an items list, a NAME one document", async () => {
  await withApi(async (_api, katconfig) => {
    const get = async (...args: string[]) => {
      const r = await run(["get", ...args, "--katconfig", katconfig]);
      assertEquals([r.code, r.err], [0, ""]);
      return r.out;
    };
    assertEquals(
      await get("nodes", "-o", "json"),
      JSON.stringify({ items: NODES }, null, 2) + "\n",
    );
    assertEquals(
      await get("node", "node-2", "--output=json"),
      JSON.stringify(NODES[1], null, 2) + "\n",
    );
    assertEquals(await get("node", "node-2", "-oyaml"), NODE_2_YAML);
    const list = await get("nodes", "-o", "yaml");
    assertEquals(list.split("\n").slice(0, 4), [
      "items:",
      "  - apiVersion: kat.dws.rip/v1alpha1",
      "    kind: Node",
      "    metadata:",
    ]);
    const second = list.indexOf("  - apiVersion", 10);
    const third = list.indexOf("  - apiVersion", second + 10);
    assertEquals(
      list.slice(second, third),
      NODE_2_YAML.split("\n").map((l, i) =>
        l === "" ? l : (i === 0 ? "  - " : "    ") + l
      ).join("\n"),
    );
  });
});

Deno.test("delete node NAME prints node/NAME deleted; a refusal is exit 1 with the server's message", async () => {
  await withApi(async (api, katconfig) => {
    assertEquals(
      await run(["delete", "node", "node-2", "--katconfig", katconfig]),
      {
        code: 0,
        out: "node/node-2 deleted\n",
        err: "",
        bytes: new TextEncoder().encode("node/node-2 deleted\n"),
      },
    );
    const refused = await run([
      "delete",
      "no",
      "node-1",
      "--katconfig",
      katconfig,
    ]);
    assertEquals([refused.code, refused.out, refused.err], [
      1,
      "",
      `katcall delete node/node-1: ${api.url} answered 409 node.is_leader: node-1 leads the cluster: it cannot be deleted\n`,
    ]);
    const missing = await run([
      "get",
      "node",
      "nope",
      "--katconfig",
      katconfig,
    ]);
    assertEquals([missing.code, missing.err], [
      1,
      `katcall get node/nope: ${api.url} answered 404 node.not_found: no node named nope\n`,
    ]);
  });
});

Deno.test("a 401 is exit 1 with the server's message, and the credential is not printed", async () => {
  await withApi(async (api) => {
    const katconfig = await katconfigFor([api.url], {
      credential: `kat-${"99".repeat(32)}`,
    });
    assertEquals(await run(["get", "nodes", "--katconfig", katconfig]), {
      code: 1,
      out: "",
      err:
        `katcall get nodes: ${api.url} answered 401 auth.invalid: the credential is not the administrator's\n`,
      bytes: new Uint8Array(),
    });
  });
});

Deno.test("a server with another CA's certificate, and one that cannot be reached, are exit 1 naming the server", async () => {
  await withApi(async (api, katconfig) => {
    const r = await run(["get", "nodes", "--katconfig", katconfig]);
    assertEquals([r.code, r.out, r.err], [
      1,
      "",
      `katcall get nodes: ${api.url}: its certificate is not signed by the cluster CA of the katconfig\n`,
    ]);
    assertEquals(api.seen, []);
  }, { certificate: "stranger" });
  const closed = `https://127.0.0.1:${closedPort()}`;
  const katconfig = await katconfigFor([closed]);
  const r = await run(["delete", "node", "node-2", "--katconfig", katconfig]);
  assertEquals([r.code, r.out, r.err], [
    1,
    "",
    `katcall delete node/node-2: ${closed}: connection refused\n`,
  ]);
});

Deno.test("--katconfig wins over $KATCONFIG, which wins over ~/.kat/config; a katconfig open to others is refused", async () => {
  await withApi(async (api, katconfig) => {
    const wrong = await katconfigFor([api.url], {
      credential: `kat-${"77".repeat(32)}`,
    });
    const home = katconfig.slice(0, katconfig.lastIndexOf("/"));
    await Deno.mkdir(`${home}/.kat`);
    await Deno.copyFile(wrong, `${home}/.kat/config`);
    const codes = async (args: string[], env: Record<string, string>) =>
      (await run(["get", "nodes", ...args], env)).code;
    assertEquals(
      await codes(["--katconfig", katconfig], { KATCONFIG: wrong }),
      0,
    );
    assertEquals(
      await codes(["--katconfig", wrong], { KATCONFIG: katconfig }),
      1,
    );
    assertEquals(await codes([], { KATCONFIG: katconfig, HOME: home }), 0);
    assertEquals(await codes([], { KATCONFIG: wrong, HOME: home }), 1);
    assertEquals(await codes([], { HOME: home }), 1);
    await Deno.copyFile(katconfig, `${home}/.kat/config`);
    assertEquals(await codes([], { HOME: home }), 0);
    await Deno.chmod(`${home}/.kat/config`, 0o644);
    const r = await run(["get", "nodes"], { HOME: home });
    assertEquals([r.code, r.out, r.err], [
      1,
      "",
      `katcall get nodes: "${home}/.kat/config" has mode 0644: it holds the administrator's credential and must not be open to group or others (chmod 600 ${home}/.kat/config)\n`,
    ]);
    const none = await run(["get", "nodes"], { HOME: `${home}/none` });
    assertEquals([none.code, none.err], [
      1,
      `katcall get nodes: no katconfig at "${home}/none/.kat/config" (--katconfig not given, $KATCONFIG not set); kat-agent init writes the administrator's katconfig to D/admin.katconfig (D: its --data-dir): give that with --katconfig or $KATCONFIG, or copy it to ~/.kat/config (mode 0600)\n`,
    ]);
  });
});

Deno.test("a katconfig with a field missing is exit 1 naming the file and the field", async () => {
  const katconfig = await katconfigFor(["https://127.0.0.1:1"]);
  const text = await Deno.readTextFile(katconfig);
  await Deno.writeTextFile(katconfig, text.replace(/^cluster: .*\n/m, ""));
  const r = await run(["get", "nodes", "--katconfig", katconfig]);
  assertEquals([r.code, r.out, r.err], [
    1,
    "",
    `katcall get nodes: ${katconfig}:1:1: cluster: missing\n`,
  ]);
});

Deno.test("an unknown kind and bad options are usage errors", async () => {
  assertEquals(await run(["get", "nodez"]), {
    code: 2,
    out: "",
    err: lines(
      'error: unknown kind "nodez": use nodes, namespaces, workloads, virtualloadbalancers, jobdefinitions, builddefinitions',
      "(Did you mean nodes?)",
      "See 'katcall get --help'.",
    ),
    bytes: new Uint8Array(),
  });
  assertEquals(
    (await run(["delete", "wrkloads", "x"])).err.split("\n")[1],
    "(Did you mean workloads?)",
  );
  const usage = async (args: string[]) => {
    const r = await run(args);
    return [r.code, r.err.split("\n")[0]];
  };
  assertEquals(await usage(["get", "nodes", "-o", "wide"]), [
    2,
    'error: --output cannot be "wide": use table, json, yaml',
  ]);
  assertEquals(await usage(["get", "nodes", "-n", "a", "-A"]), [
    2,
    "katcall: --namespace and --all-namespaces cannot go together",
  ]);
  assertEquals(await usage(["get", "nodes", "node-1", "-A"]), [
    2,
    "katcall: --all-namespaces lists every node: give no name, or --namespace",
  ]);
  assertEquals(await usage(["delete", "node"]), [
    2,
    "error: delete needs <name>",
  ]);
});

Deno.test("token create prints the join command line alone on stdout, sending --ttl and --single-use", async () => {
  await withApi(async (api, katconfig) => {
    const join =
      `kat-agent join --leader https://10.0.0.1:9115 --token abcdef.0123456789abcdef --ca-cert-hash sha256:${
        "0f".repeat(32)
      }\n`;
    assertEquals(
      await katAgent(["token", "create", "--katconfig", katconfig]),
      {
        code: 0,
        out: join,
        err:
          "kat-agent: the token expires at 2026-12-06T12:00:00.000Z; any number of nodes may join with it until then\n",
      },
    );
    assertEquals(
      await katAgent(["token", "create", "--ttl", "1h30m", "--single-use"], {
        KATCONFIG: katconfig,
      }),
      {
        code: 0,
        out: join,
        err:
          "kat-agent: the token expires at 2026-12-05T13:30:00.000Z; the first join uses it up\n",
      },
    );
    assertEquals(api.seen.map((r) => [r.path, r.authorization, r.body]), [
      ["/v1alpha1/tokens", `Bearer ${CREDENTIAL}`, "{}"],
      [
        "/v1alpha1/tokens",
        `Bearer ${CREDENTIAL}`,
        '{"ttlMs":5400000,"singleUse":true}',
      ],
    ]);
  });
});

Deno.test("token create: a bad --ttl and an unknown action are usage errors; a refusal is exit 1", async () => {
  assertEquals(await katAgent(["token", "create", "--ttl", "1d"]), {
    code: 2,
    out: "",
    err: lines(
      'kat-agent: --ttl: invalid duration "1d": unknown unit "d" (use h, m or s, as in 1h30m)',
      "See 'kat-agent token --help'.",
    ),
  });
  assertEquals(await katAgent(["token", "list"]), {
    code: 2,
    out: "",
    err: lines(
      'error: unknown command "token list": use token create',
      "See 'kat-agent token --help'.",
    ),
  });
  await withApi(async (api) => {
    const katconfig = await katconfigFor([api.url], {
      credential: `kat-${"99".repeat(32)}`,
    });
    assertEquals(
      await katAgent(["token", "create", "--katconfig", katconfig]),
      {
        code: 1,
        out: "",
        err:
          `kat-agent token create: ${api.url} answered 401 auth.invalid: the credential is not the administrator's\n`,
      },
    );
  });
});

Deno.test("token create refuses a join line that holds control characters", async () => {
  await withApi(async (_api, katconfig) => {
    assertEquals(
      await katAgent(["token", "create", "--katconfig", katconfig]),
      {
        code: 1,
        out: "",
        err:
          "kat-agent token create: the leader's join command holds control characters\n",
      },
    );
  }, { joinCommand: "kat-agent join \u001b]0;x\u0007 --token a.b" });
});

Deno.test("the tools reach the API with the permissions they are given", async () => {
  await withApi(async (_api, katconfig) => {
    const katcallRun = await katcallProcess([
      "get",
      "nodes",
      "-o",
      "json",
      "--katconfig",
      katconfig,
    ]);
    assertEquals(
      [katcallRun.code, katcallRun.err, katcallRun.out],
      [0, "", JSON.stringify({ items: NODES }, null, 2) + "\n"],
    );
    // $KATCONFIG and $HOME are read under the tools' permissions.
    const agent = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        ...PERMISSIONS["kat-agent"],
        `${REPO}src/cli/kat_agent_main.ts`,
        "token",
        "create",
      ],
      env: { KATCONFIG: katconfig, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    assertEquals([
      agent.code,
      text(agent.stdout).startsWith(
        "kat-agent join --leader https://10.0.0.1:9115 --token ",
      ),
    ], [0, true]);
    const home = katconfig.slice(0, katconfig.lastIndexOf("/"));
    await Deno.mkdir(`${home}/.kat`);
    await Deno.copyFile(katconfig, `${home}/.kat/config`);
    // Deno's cache stays where it is, wherever $HOME points.
    const cache = JSON.parse(text(
      (await new Deno.Command(Deno.execPath(), {
        args: ["info", "--json"],
        stdout: "piped",
      }).output()).stdout,
    )).denoDir;
    const fromHome = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        ...PERMISSIONS.katcall,
        `${REPO}src/cli/katcall_main.ts`,
        "get",
        "node",
        "node-2",
        "-o",
        "yaml",
      ],
      clearEnv: true,
      env: { HOME: home, DENO_DIR: cache, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(
      [fromHome.code, text(fromHome.stderr), text(fromHome.stdout)],
      [0, "", NODE_2_YAML],
    );
  });
});
