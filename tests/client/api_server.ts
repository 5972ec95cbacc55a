/**
 * A stand-in for the leader's API in tests: an HTTPS server on 127.0.0.1
 * with a certificate made by `openssl`, answering as `docs/api.md` says,
 * and the katconfig that reaches it.
 *
 * @module
 */
import type { Node, Resource } from "../../src/gen/types.ts";
import {
  type AppliedResource,
  NAMESPACED_KINDS,
} from "../../src/client/api_client.ts";
import { ArchiveError, untarQuadlets } from "../../src/archive/mod.ts";
import { parseQuadlet } from "../../src/quadlet/parse_quadlet.ts";
import { formatDiagnosticsJson } from "../../src/output/diagnostics_json.ts";
import { served } from "./resource_fixtures.ts";
import type { Katconfig } from "../../src/katconfig/katconfig.ts";
import { writeKatconfig } from "../../src/katconfig/write_katconfig.ts";
import { makeCa, makeCert } from "../state/etcd_tls_fixture.ts";
import { tempDir } from "../helpers.ts";
import { freePort } from "../state/etcd_fixture.ts";

/** The credential the servers accept. */
export const CREDENTIAL = `kat-${"5e".repeat(32)}`;

/** The time the tests count ages to. */
export const NOW = Date.parse("2026-12-05T12:00:00Z");

/** The nodes every server holds, sorted by name. */
export const NODES: Node[] = [
  {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "Node",
    metadata: {
      name: "node-1",
      uid: "6f1c2a8e-1d2b-4c3a-9e8f-0a1b2c3d4e5f",
      generation: "1",
      resourceVersion: "12",
      creationTimestamp: "2026-12-03T11:00:00Z",
    },
    spec: { overlaySubnet: "10.244.0.0/24", advertiseAddress: "10.0.0.1" },
    status: {
      capacity: { cpu: "4", memory: "8Gi" },
      conditions: [{
        type: "Ready",
        status: "True",
        reason: "HeartbeatFresh",
        lastTransitionTime: "2026-12-03T11:00:05Z",
      }],
      lastHeartbeatTime: "2026-12-05T11:59:55Z",
    },
  },
  {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "Node",
    metadata: {
      name: "node-2",
      uid: "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
      generation: "1",
      resourceVersion: "40",
      creationTimestamp: "2026-12-05T11:57:00Z",
    },
    spec: { overlaySubnet: "10.244.1.0/24", advertiseAddress: "10.0.0.2" },
    status: {
      conditions: [{ type: "Ready", status: "False", reason: "HeartbeatLate" }],
      lastHeartbeatTime: "2026-12-05T07:00:00Z",
    },
  },
  {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "Node",
    metadata: {
      name: "node-10",
      uid: "11111111-2222-4333-8444-555555555555",
      generation: "1",
      resourceVersion: "41",
      creationTimestamp: "2026-12-05T11:59:15Z",
    },
    spec: { overlaySubnet: "10.244.2.0/24", advertiseAddress: "10.0.0.10" },
  },
];

/** The certificates of the tests, in one directory. */
export interface TestPki {
  dir: string;
  /** PEM of the cluster CA. */
  ca: string;
  /** PEM of another CA. */
  otherCa: string;
}

let pki: Promise<TestPki> | undefined;

/**
 * The cluster CA `ca`, another CA `other-ca`, and for 127.0.0.1 the server
 * certificate `server` (signed by `ca`) and `stranger` (signed by
 * `other-ca`); made once per test module.
 */
export function testPki(): Promise<TestPki> {
  pki ??= (async () => {
    const dir = await tempDir("api-pki");
    await makeCa(dir, "ca");
    await makeCa(dir, "other-ca");
    const ext =
      "subjectAltName=IP:127.0.0.1,DNS:node-1\nextendedKeyUsage=serverAuth\n";
    await makeCert(dir, "node-1", "ca", ext, "server");
    await makeCert(dir, "node-1", "other-ca", ext, "stranger");
    return {
      dir,
      ca: await Deno.readTextFile(`${dir}/ca.crt`),
      otherCa: await Deno.readTextFile(`${dir}/other-ca.crt`),
    };
  })();
  return pki;
}

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: string;
  /** The body's bytes. */
  bytes: Uint8Array;
  /** The `kat-archive-name` header. */
  archiveName: string | null;
}

/** How a {@link FakeApi} answers. */
export interface FakeApiOptions {
  /** Certificate `server` (default) or `stranger` (another CA's). */
  certificate?: "server" | "stranger";
  /** Answer everything with 503 `leader.not_leader` naming this leader. */
  notLeader?: string;
  /** With `notLeader`: the `leaderUrl` of the answer. */
  leaderUrl?: string;
  /** The `kat-api-servers` header of every answer. */
  apiServers?: string;
  /** Answer everything with this text, as HTML. */
  html?: boolean;
  /** Never answer. */
  silent?: boolean;
  /** The join command of a token's answer, instead of a good one. */
  joinCommand?: string;
  /** The outcomes of a valid quadlet, instead of `created` for each. */
  applied?: AppliedResource[];
  /** Refuse every valid quadlet with this status, code and message. */
  applyRefusal?: [number, string, string];
}

function json(status: number, value: unknown, headers = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function refuse(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

/** An HTTPS server answering as the leader's API does. */
export class FakeApi {
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** Every request, in order. */
  readonly seen: SeenRequest[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #abort: AbortController;

  private constructor(
    server: Deno.HttpServer<Deno.NetAddr>,
    seen: SeenRequest[],
    abort: AbortController,
  ) {
    this.#server = server;
    this.seen = seen;
    this.#abort = abort;
    this.url = `https://127.0.0.1:${server.addr.port}`;
  }

  /** Starts a server. */
  static async start(options: FakeApiOptions = {}): Promise<FakeApi> {
    const { dir } = await testPki();
    const name = options.certificate ?? "server";
    const seen: SeenRequest[] = [];
    const abort = new AbortController();
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      cert: await Deno.readTextFile(`${dir}/${name}.crt`),
      key: await Deno.readTextFile(`${dir}/${name}.key`),
      signal: abort.signal,
      onListen: () => {},
      onError: () => new Response("", { status: 500 }),
    }, async (request) => {
      const url = new URL(request.url);
      const bytes = new Uint8Array(await request.arrayBuffer());
      seen.push({
        method: request.method,
        path: url.pathname,
        authorization: request.headers.get("authorization"),
        contentType: request.headers.get("content-type"),
        body: new TextDecoder().decode(bytes),
        bytes,
        archiveName: request.headers.get("kat-archive-name"),
      });
      if (options.silent) {
        await new Promise((resolve) =>
          abort.signal.addEventListener("abort", resolve)
        );
        return new Response("");
      }
      const response =
        request.method === "POST" && url.pathname === "/v1alpha1/quadlets"
          ? await applyAnswer(seen.at(-1)!, options)
          : answer(request.method, url.pathname, seen.at(-1)!, options);
      if (options.apiServers !== undefined) {
        response.headers.set("kat-api-servers", options.apiServers);
      }
      return response;
    });
    return new FakeApi(server, seen, abort);
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#server.shutdown();
  }
}

function answer(
  method: string,
  path: string,
  seen: SeenRequest,
  options: FakeApiOptions,
): Response {
  if (options.html) {
    return new Response("<html>Bad Gateway</html>", {
      status: 502,
      headers: { "content-type": "text/html" },
    });
  }
  if (options.notLeader !== undefined) {
    return json(503, {
      error: {
        code: "leader.not_leader",
        message: "this node does not lead the cluster",
        leader: options.notLeader,
        ...(options.leaderUrl === undefined
          ? {}
          : { leaderUrl: options.leaderUrl }),
      },
    });
  }
  if (seen.authorization === null) {
    return refuse(
      401,
      "auth.missing",
      "no credential: send Authorization: Bearer",
    );
  }
  if (seen.authorization !== `Bearer ${CREDENTIAL}`) {
    return refuse(
      401,
      "auth.invalid",
      "the credential is not the administrator's",
    );
  }
  if (method === "GET" && path === "/v1alpha1/nodes") {
    // node-1 and node-2 run etcd members.
    return json(200, {
      items: NODES,
      leader: "node-1",
      members: ["node-1", "node-2"],
    });
  }
  const one = /^\/v1alpha1\/nodes\/([^/]+)$/.exec(path);
  if (one) {
    const name = decodeURIComponent(one[1]);
    const node = NODES.find((n) => n.metadata?.name === name);
    if (!node) {
      return refuse(404, "node.not_found", `no node named ${name}`);
    }
    if (method === "GET") {
      return json(200, node, {
        "kat-leader": "node-1",
        "kat-members": "node-1,node-2",
      });
    }
    if (method === "DELETE") {
      if (name === "node-1") {
        return refuse(
          409,
          "node.is_leader",
          "node-1 leads the cluster: it cannot be deleted",
        );
      }
      return json(200, { deleted: name });
    }
    return refuse(405, "request.method", `${method} is not allowed here`);
  }
  if (method === "POST" && path === "/v1alpha1/tokens") {
    const body = JSON.parse(seen.body || "{}");
    const singleUse = body.singleUse === true;
    const ttlMs = body.ttlMs ?? 86_400_000;
    return json(201, {
      token: "abcdef.0123456789abcdef",
      expiresAt: new Date(NOW + ttlMs).toISOString(),
      singleUse,
      joinCommand: options.joinCommand ??
        `kat-agent join --leader https://10.0.0.1:9115 --token abcdef.0123456789abcdef --ca-cert-hash sha256:${
          "0f".repeat(32)
        }`,
    });
  }
  return resourceAnswer(method, path) ??
    refuse(404, "request.not_found", `no such path: ${path}`);
}

/** The answer of the resources' reading and deleting routes, if one. */
function resourceAnswer(method: string, path: string): Response | undefined {
  const parts = path.split("/").slice(2).map(decodeURIComponent);
  const kinds = NAMESPACED_KINDS as Record<string, Resource["kind"]>;
  const one = (list: Resource[], name: string, what: string) => {
    const found = list.find((r) => r.metadata?.name === name);
    if (!found) return refuse(404, "resources.not_found", `no ${what}`);
    if (method === "GET") return json(200, found);
    return json(200, {
      deleted: `${found.kind.toLowerCase()}/${name}`,
    });
  };
  if (parts[0] === "namespaces" && parts.length === 1 && method === "GET") {
    return json(200, { items: served("Namespace") });
  }
  if (parts[0] === "namespaces" && parts.length === 2) {
    return one(served("Namespace"), parts[1], `namespace ${parts[1]}`);
  }
  if (parts.length === 1 && kinds[parts[0]] && method === "GET") {
    return json(200, { items: served(kinds[parts[0]]) });
  }
  if (parts[0] === "namespaces" && kinds[parts[2]]) {
    const list = served(kinds[parts[2]], parts[1]);
    if (parts.length === 3 && method === "GET") {
      return json(200, { items: list });
    }
    if (parts.length === 4) {
      return one(list, parts[3], `${parts[2]} ${parts[1]}/${parts[3]}`);
    }
  }
  return undefined;
}

/** The answer of `POST /v1alpha1/quadlets`: the archive checked as validate checks it. */
async function applyAnswer(
  seen: SeenRequest,
  options: FakeApiOptions,
): Promise<Response> {
  if (seen.authorization !== `Bearer ${CREDENTIAL}`) {
    return refuse(
      401,
      "auth.invalid",
      "the credential is not the administrator's",
    );
  }
  const name = seen.archiveName ?? "quadlet.tar.gz";
  let files: Map<string, Uint8Array>;
  try {
    files = await untarQuadlets(
      new Blob([new Uint8Array(seen.bytes)]).stream(),
    );
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    return refuse(400, `archive.${e.code}`, e.message);
  }
  const result = parseQuadlet(files, { prefix: `${name}:`, name });
  if (!result.valid) {
    return json(422, {
      error: {
        code: "quadlet.invalid",
        message: `${name} is not a valid quadlet`,
        diagnostics: JSON.parse(formatDiagnosticsJson(result.diagnostics))
          .diagnostics,
      },
    });
  }
  if (options.applyRefusal) {
    const [status, code, message] = options.applyRefusal;
    return refuse(status, code, message);
  }
  return json(200, {
    resources: options.applied ?? result.resources.map((r, i) => ({
      kind: r.kind,
      ...(r.kind === "Namespace"
        ? {}
        : { namespace: r.resource.metadata?.namespace }),
      name: r.resource.metadata?.name,
      outcome: "created",
      resourceVersion: String(200 + i),
    })),
  });
}

/**
 * A katconfig file (mode 0600) for `servers`, trusting the cluster CA;
 * resolves to its path.
 */
export async function katconfigFor(
  servers: string[],
  change: Partial<Katconfig> = {},
): Promise<string> {
  const { ca } = await testPki();
  const dir = await tempDir("katconfig");
  const path = `${dir}/admin.katconfig`;
  await writeKatconfig(path, {
    cluster: "homelab",
    servers,
    caCertificate: ca,
    credential: CREDENTIAL,
    ...change,
  });
  return path;
}

/** A port on 127.0.0.1 where nothing listens. */
export function closedPort(): number {
  return freePort();
}
