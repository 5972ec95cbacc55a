/**
 * A real API for tests: etcd, a store with the administrator's credential
 * and the `default` namespace, and the HTTPS endpoint on 127.0.0.1 with a
 * certificate made by openssl; requests go through `fetch` trusting only
 * that CA.
 *
 * @module
 */
import type { ApiContext } from "../../src/api/api_context.ts";
import { storeAdminCredential } from "../../src/api/admin_credential.ts";
import { ApiServer } from "../../src/api/api_server.ts";
import { packQuadlets } from "../../src/archive/pack.ts";
import { ensureDefaultNamespace } from "../../src/resources/namespaces.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import type {
  StateStore,
  VersionCompare,
} from "../../src/state/state_store.ts";
import { REPO, tempDir } from "../helpers.ts";
import { freePort, withEtcd } from "../state/etcd_fixture.ts";
import { makeCa, makeCert } from "../state/etcd_tls_fixture.ts";

/** The administrator's credential of every test API. */
export const CREDENTIAL = "kat-test-0123456789abcdef";

/** The election key whose version fences the test leader's writes. */
export const FENCE_KEY = "/kat/cluster/leader/test";

/** A running test API. */
export interface TestApi {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  /** The CA certificate the server's chains to, PEM. */
  ca: string;
  /** The store the API writes to (without any wrapper the test gave). */
  store: EtcdStateStore;
  /** The fence the context hands out while it leads. */
  fence: VersionCompare;
  /** Whether the context leads; a test may set it. */
  leading: boolean;
  /** What the context's `apiServers()` says (`[url]`); a test may set it. */
  apiServers: string[];
  /** Every event the API logged, as `level event message`. */
  logs: string[];
  /**
   * Sends a request; `credential` defaults to {@link CREDENTIAL} (null: no
   * Authorization header).
   */
  request(
    method: string,
    path: string,
    options?: {
      body?: BodyInit;
      headers?: Record<string, string>;
      credential?: string | null;
    },
  ): Promise<Response>;
  /** `POST /v1alpha1/quadlets` of `archive`. */
  apply(
    archive: Uint8Array<ArrayBuffer>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** GET `path` with the credential: its status and JSON body. */
  get(path: string): Promise<{ status: number; body: Json }>;
}

/** A JSON value as the tests read it. */
// deno-lint-ignore no-explicit-any
export type Json = any;

/** Options of {@link withApi}. */
export interface WithApiOptions {
  /** Wraps the store the API is given (to hold a transaction back). */
  wrap?: (store: EtcdStateStore) => StateStore;
}

/** The server certificate chain and key, made once per test module. */
let pki: Promise<{ chain: string; key: string; ca: string }> | undefined;

function makePki(): Promise<{ chain: string; key: string; ca: string }> {
  return pki ??= (async () => {
    const dir = await tempDir("api-pki");
    await makeCa(dir, "ca");
    await makeCert(
      dir,
      "node-1",
      "ca",
      "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    );
    const ca = await Deno.readTextFile(`${dir}/ca.crt`);
    const cert = await Deno.readTextFile(`${dir}/node-1.crt`);
    return {
      chain: cert + ca,
      key: await Deno.readTextFile(`${dir}/node-1.key`),
      ca,
    };
  })();
}

/** Runs `fn` with a fresh etcd and API, both stopped however `fn` ends. */
export async function withApi(
  fn: (api: TestApi) => Promise<void>,
  options: WithApiOptions = {},
): Promise<void> {
  const { chain, key, ca } = await makePki();
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    const client = Deno.createHttpClient({ caCerts: [ca] });
    let server: ApiServer | undefined;
    try {
      await store.put(FENCE_KEY, new TextEncoder().encode("node-1"));
      const fence = {
        key: FENCE_KEY,
        version: (await store.get(FENCE_KEY))!.version,
      };
      await storeAdminCredential(store, CREDENTIAL, fence);
      await ensureDefaultNamespace(store, { fence });
      const logs: string[] = [];
      const port = freePort();
      const url = `https://127.0.0.1:${port}`;
      const api: TestApi = {
        url,
        ca,
        store,
        fence,
        leading: true,
        apiServers: [url],
        logs,
        request(method, path, o = {}) {
          const credential = o.credential === undefined
            ? CREDENTIAL
            : o.credential;
          return fetch(`${url}${path}`, {
            method,
            body: o.body,
            headers: {
              ...(credential === null
                ? {}
                : { authorization: `Bearer ${credential}` }),
              ...o.headers,
            },
            client,
          });
        },
        apply(archive, headers = {}) {
          return api.request("POST", "/v1alpha1/quadlets", {
            body: archive,
            headers: { "content-type": "application/gzip", ...headers },
          });
        },
        async get(path) {
          const r = await api.request("GET", path);
          return { status: r.status, body: await r.json() };
        },
      };
      const context: ApiContext = {
        store: options.wrap ? options.wrap(store) : store,
        nodeName: "node-1",
        leadership: () => api.leading ? fence : undefined,
        leaderName: () => Promise.resolve(api.leading ? "node-1" : "node-2"),
        network: { clusterCidr: "10.100.0.0/16", nodeSubnetBits: 24 },
        ca: { certPem: ca, keyPem: "", hash: "sha256:test" },
        apiUrl: url,
        etcd: { endpoints: [etcd.endpoint] },
        apiServers: () => api.apiServers,
        grantIdentity: () => Promise.resolve(),
        revokeIdentity: () => Promise.resolve(),
        log: (level, event, message) =>
          logs.push(`${level} ${event} ${message}`),
      };
      server = await ApiServer.start({
        hostname: "127.0.0.1",
        port,
        certChainPem: chain,
        keyPem: key,
        context,
      });
      await fn(api);
    } finally {
      await server?.stop();
      client.close();
      await store.close();
    }
  });
}

/** The files of examples/NAME by name. */
export async function exampleFiles(name: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const e of Deno.readDir(`${REPO}examples/${name}`)) {
    if (e.isFile) {
      files.set(
        e.name,
        await Deno.readTextFile(`${REPO}examples/${name}/${e.name}`),
      );
    }
  }
  return files;
}

/** examples/NAME packed as a quadlet archive. */
export async function exampleArchive(
  name: string,
  change: (files: Map<string, string>) => void = () => {},
): Promise<Uint8Array<ArrayBuffer>> {
  const files = await exampleFiles(name);
  change(files);
  return await packQuadlets(files);
}

/** Every example quadlet's directory name, those of a Namespace first. */
export async function exampleQuadlets(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(`${REPO}examples`)) {
    if (e.isDirectory) names.push(e.name);
  }
  const isNamespace = async (n: string) =>
    [...(await exampleFiles(n)).values()].some((t) =>
      /^kind: Namespace$/m.test(t)
    );
  const first: string[] = [], rest: string[] = [];
  for (const n of names.sort()) (await isNamespace(n) ? first : rest).push(n);
  return [...first, ...rest];
}

/** Every key under `/kat/resources/` with its version. */
export async function storedResources(
  store: StateStore,
): Promise<Record<string, number>> {
  const { entries } = await store.list("/kat/resources/");
  return Object.fromEntries(entries.map((e) => [e.key, e.version]));
}

/**
 * Reads an HTTP/1.1 answer's head and its `content-length` bytes of body;
 * what came when 10 s pass without the rest (a server waiting for the body).
 */
export async function readAnswer(conn: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(65536);
  let text = "";
  const deadline = Date.now() + 10_000;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const n = await Promise.race([
      conn.read(buf),
      new Promise<"late">((r) => {
        timer = setTimeout(() => r("late"), Math.max(0, deadline - Date.now()));
      }),
    ]).finally(() => clearTimeout(timer));
    if (n === null || n === "late") return text;
    text += new TextDecoder().decode(buf.subarray(0, n));
    const end = text.indexOf("\r\n\r\n");
    const length = /content-length: (\d+)/i.exec(text);
    if (end >= 0 && length && text.length >= end + 4 + Number(length[1])) {
      return text;
    }
  }
}

/**
 * Opens a TLS connection to the API and sends a `POST /v1alpha1/quadlets`
 * head announcing `length` bytes, then `body` (which may be less).
 */
export async function rawPost(
  api: TestApi,
  length: number,
  body: Uint8Array,
): Promise<Deno.TlsConn> {
  const conn = await Deno.connectTls({
    hostname: "127.0.0.1",
    port: Number(new URL(api.url).port),
    caCerts: [api.ca],
  });
  const head = [
    "POST /v1alpha1/quadlets HTTP/1.1",
    "host: 127.0.0.1",
    `authorization: Bearer ${CREDENTIAL}`,
    "content-type: application/gzip",
    `content-length: ${length}`,
    "",
    "",
  ].join("\r\n");
  await conn.write(new TextEncoder().encode(head));
  let at = 0;
  while (at < body.length) at += await conn.write(body.subarray(at));
  return conn;
}
